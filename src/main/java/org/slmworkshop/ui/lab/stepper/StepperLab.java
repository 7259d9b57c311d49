package org.slmworkshop.ui.lab.stepper;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.LatestWork;
import org.slmworkshop.ui.lab.NextFrame;
import org.slmworkshop.ui.lab.ModelChooser;
import org.slmworkshop.ui.lab.TokenText;
import org.slmworkshop.ui.view.Ems;
import org.slmworkshop.util.Messages;

/**
 * The forward-pass stepper: one prompt through a GPT (the one training in this window, copied between steps, or a
 * checkpoint), stage by stage at one position, with Previous/Next and a list to jump. "Change a later token" runs the
 * changed prompt too and shows, stage by stage, that every earlier position kept its values bit for bit. Tracing runs
 * on the lab's own thread; the FX thread only draws.
 */
public final class StepperLab implements LabView {
    static final String DEFAULT_PROMPT = "It was the best of times, it was the worst of times.";
    static final Duration PROMPT_DEBOUNCE = Duration.millis(300);
    private static final double MAX_TOKEN_ROWS_HEIGHT = 78;   // three rows of chips; more scroll
    /** Narrower than this, the list of stages folds into a drop-down beside Previous and Next. */
    private static final double WIDE_ENOUGH_FOR_LIST = 760;
    private static final String CHOOSE_MODEL = "Choose a model above: the lesson's checkpoint, or the GPT training in this window.";

    private final Workspace workspace;
    private final VBox root = new VBox();
    private final ModelChooser chooser;
    private final TextField prompt = new TextField(DEFAULT_PROMPT);
    private final Spinner<Integer> position = new Spinner<>(0, 0, 0);
    private final Spinner<Integer> head = new Spinner<>(0, 0, 0);
    private final Button changeLater = new Button("Change a later token");
    private final Button restore = new Button("Back to the prompt");
    private final Tooltip changeTip = new Tooltip();
    private final Label summary = new Label();
    private final TokenStrip tokens = new TokenStrip(this::pickPosition);
    private final StageNavigator navigator = new StageNavigator(this::goTo);
    private final StageView stageView = new StageView();
    private final Label message = new Label();
    private final HBox content = new HBox(12);
    private final ScrollPane tokenScroll = new ScrollPane();
    private final PauseTransition promptPause = new PauseTransition(PROMPT_DEBOUNCE);
    private final ExecutorService thread;
    private final LatestWork<TracedPrompt> runner;
    private TracedPrompt traced;
    private Integer requestedHead;
    private Walk walk;
    private int step;
    private TraceJob.Edit edit;
    private int editVariant;
    private boolean followLastPosition = true;
    private boolean updating;

    /** Why the prompt is traced again: it decides what the new trace is compared with. */
    private enum Why { MODEL, PROMPT, CHANGE_LATER, RESTORE }

    public StepperLab(Workspace workspace) {
        this.workspace = workspace;
        thread = workspace.threads().own("stepper-trace");
        runner = new LatestWork<>(thread, this::show, this::failed);
        this.chooser = new ModelChooser(workspace, snapshot -> TraceJob.canTrace(snapshot.model()),
                "The forward-pass stepper needs a GPT, a low-rank or a bigram model.");
        build();
    }

    private void build() {
        root.getStyleClass().addAll("heatmap-lab", "stepper-lab");   // the heatmap labs' toolbar, captions and messages
        root.getStylesheets().addAll(StepperLab.class.getResource("/css/heatmap.css").toExternalForm(),
                StepperLab.class.getResource("/css/stepper.css").toExternalForm());
        root.setId("stepper-lab");
        chooser.setId("stepper-model");
        chooser.modelProperty().addListener((obs, old, snapshot) -> retrace(Why.MODEL));

        prompt.setId("stepper-prompt");
        prompt.setPromptText("Type a prompt: the model reads it, and you step through what it computes");
        HBox.setHgrow(prompt, Priority.ALWAYS);
        promptPause.setOnFinished(e -> retrace(Why.PROMPT));
        prompt.textProperty().addListener((obs, old, text) -> {
            if (!updating) promptPause.playFromStart();
        });
        Label promptTitle = new Label("Prompt");
        promptTitle.setMinWidth(Region.USE_PREF_SIZE);
        HBox promptRow = new HBox(8, promptTitle, prompt);
        promptRow.setAlignment(Pos.CENTER_LEFT);

        position.setId("stepper-position");
        head.setId("stepper-head");
        for (Spinner<Integer> spinner : List.of(position, head)) {
            Ems.prefWidth(spinner, 78);
            spinner.setMinWidth(Region.USE_PREF_SIZE);
            spinner.setEditable(true);
        }
        position.valueProperty().addListener((obs, old, value) -> {
            if (!updating && value != null) pickPosition(value);
        });
        head.valueProperty().addListener((obs, old, value) -> {
            if (!updating && value != null) rebuildWalk();
        });
        changeLater.setId("stepper-change-later");
        changeLater.setMinWidth(Region.USE_PREF_SIZE);
        changeLater.setOnAction(e -> changeLaterToken());
        changeLater.setTooltip(changeTip);
        restore.setId("stepper-restore");
        restore.setMinWidth(Region.USE_PREF_SIZE);
        restore.setOnAction(e -> restorePrompt());
        Label positionTitle = new Label("Position");
        Label headTitle = new Label("Head");
        positionTitle.setMinWidth(Region.USE_PREF_SIZE);
        headTitle.setMinWidth(Region.USE_PREF_SIZE);
        HBox controls = new HBox(8, positionTitle, position, headTitle, head, changeLater, restore);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.getStyleClass().add("lab-toolbar");
        summary.setId("stepper-causality-summary");
        summary.getStyleClass().add("causality-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);

        tokens.setId("stepper-tokens");
        tokenScroll.setContent(tokens);
        tokenScroll.setFitToWidth(true);
        tokenScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        tokenScroll.getStyleClass().add("edge-to-edge");
        tokenScroll.setMinHeight(Region.USE_PREF_SIZE);
        tokenScroll.prefViewportHeightProperty().bind(javafx.beans.binding.Bindings.min(MAX_TOKEN_ROWS_HEIGHT,
                tokens.heightProperty()));

        root.widthProperty().addListener((obs, old, width) -> navigator.fold(width.doubleValue() < WIDE_ENOUGH_FOR_LIST));
        stageView.setId("stepper-stage");
        VBox.setVgrow(stageView, Priority.ALWAYS);
        VBox detail = new VBox(8, navigator.bar(), stageView);
        HBox.setHgrow(detail, Priority.ALWAYS);
        detail.setMinWidth(300);
        content.getChildren().addAll(navigator.list(), detail);

        message.setId("stepper-message");
        message.getStyleClass().add("lab-message");
        message.setWrapText(true);
        message.setMaxSize(460, Region.USE_PREF_SIZE);
        StackPane body = new StackPane(content, message);
        StackPane.setAlignment(message, Pos.TOP_CENTER);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().addAll(chooser, promptRow, controls, summary, tokenScroll, body);
        showMessage(CHOOSE_MODEL);
        updateButtons();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void apply(LabSettings settings) {
        updating = true;
        if (settings.prompt() != null && !settings.prompt().isBlank()) prompt.setText(settings.prompt());
        requestedHead = settings.head();   // the spinner knows the heads only after the first trace
        updating = false;
        promptPause.stop();
        if (settings.checkpoint() != null) chooser.showCheckpoint(workspace.resolveLessonPath(settings.checkpoint()));
        else chooser.showTrained();
        retrace(Why.MODEL);
    }

    /**
     * Traces the prompt again. After the learner typed, the new prompt is compared with the previous one when both have
     * the same length; a new model keeps the comparison on show; "back to the prompt" drops it.
     */
    private void retrace(Why why) {
        promptPause.stop();
        ModelSnapshot snapshot = chooser.model();
        String text = prompt.getText() == null ? "" : prompt.getText();
        if (snapshot == null) {
            showMessage(CHOOSE_MODEL);
            return;
        }
        if (text.isEmpty()) {
            showMessage("The prompt is empty: type some text for the model to read.");
            return;
        }
        int[] compareWith = null;
        if (why == Why.PROMPT || why == Why.RESTORE) edit = null;
        if (why == Why.PROMPT && traced != null) {
            compareWith = traced.ids();
        } else if (why == Why.MODEL && traced != null && traced.comparison() != null && edit == null) {
            compareWith = traced.comparison().before().tokens();   // the learner's comparison, on the new weights
        }
        TraceJob job = new TraceJob(snapshot, text, edit, compareWith);
        runner.request(job::run);
    }

    private void changeLaterToken() {
        if (traced == null || position.getValue() >= traced.length() - 1) return;
        edit = new TraceJob.Edit(position.getValue() + 1, editVariant++);
        retrace(Why.CHANGE_LATER);
    }

    private void restorePrompt() {
        retrace(Why.RESTORE);
    }

    private void show(TracedPrompt result) {
        boolean first = traced == null;
        Walk.Step before = walk == null || walk.size() == 0 ? null : walk.get(step);
        traced = result;
        int length = result.length();
        int chosen = followLastPosition || position.getValue() >= length ? length - 1 : position.getValue();
        updating = true;
        setRange(position, length - 1, chosen);
        setRange(head, Math.max(0, result.heads() - 1), requestedHead != null ? requestedHead : head.getValue());
        requestedHead = null;
        head.setDisable(result.heads() == 0);
        updating = false;
        rebuildWalk(before, false);
        TraceJob.Comparison comparison = result.comparison();
        int edited = comparison == null ? -1 : comparison.firstEdited();
        String was = comparison == null || edited >= length ? null : comparison.beforeTokens().get(edited);
        tokens.show(result.tokens(), chosen, edited < length ? edited : -1, was);
        summary.getStyleClass().removeAll("causality-ok", "causality-broken");
        if (comparison == null) {
            summary.setText("");
        } else {
            String change = edited < length ? String.format(Locale.ROOT, "Position %d %s %s %s. ", edited,
                    comparison.how().equals("changed") ? "changed from" : "edited from", TokenText.quoted(was),
                    "to " + TokenText.quoted(result.tokens().get(edited))) : "";
            summary.setText(change + CausalityText.summary(comparison, result.trace().stages().size()));
            summary.getStyleClass().add(comparison.check().holds() ? "causality-ok" : "causality-broken");
        }
        summary.setVisible(comparison != null);
        summary.setManaged(comparison != null);
        message.setVisible(false);
        tokenScroll.setOpacity(1);
        if (first) {
            // the first trace lays out every control of the lab (the token chips, the walk's list, the stage): one
            // frame took 40-85 ms in software rendering, so the tokens come in this frame, the walk and the stage
            // in the next two (the pane below, undimmed with the walk: it repaints all of it)
            TracedPrompt shown = result;
            NextFrame.run(() -> {
                if (traced != shown) return;
                content.setOpacity(1);
                navigator.show(walk, step);
                updateButtons();
                NextFrame.run(() -> {
                    if (traced == shown) render();
                });
            });
        } else {
            content.setOpacity(1);
            render();
        }
    }

    private void failed(Throwable error) {
        String text = error instanceof IllegalArgumentException ? error.getMessage()
                : "The forward pass could not be traced: " + Messages.describe(error);
        showMessage(text);
    }

    private void rebuildWalk() {
        rebuildWalk(walk == null || walk.size() == 0 ? null : walk.get(step), true);
    }

    /** A new walk for the chosen head, staying on the same stage (by name and block) where it still exists. */
    private void rebuildWalk(Walk.Step keep, boolean redraw) {
        if (traced == null) return;
        walk = Walk.of(traced.trace(), head.getValue());
        int found = keep == null ? 0 : walk.find(keep.stage().name(), keep.stage().block());
        step = Math.max(0, Math.min(found < 0 ? step : found, walk.size() - 1));
        if (redraw) render();
    }

    private void pickPosition(int picked) {
        if (traced == null) return;
        int clamped = Math.max(0, Math.min(picked, traced.length() - 1));
        followLastPosition = clamped == traced.length() - 1;
        updating = true;
        position.getValueFactory().setValue(clamped);
        updating = false;
        tokens.select(clamped);
        render();
    }

    private void goTo(int index) {
        if (walk == null || walk.size() == 0) return;
        step = Math.max(0, Math.min(index, walk.size() - 1));
        render();
    }

    private void render() {
        navigator.show(walk, step);
        updateButtons();
        if (traced == null || walk == null || walk.size() == 0) return;
        int at = Math.min(position.getValue(), traced.length() - 1);
        stageView.show(traced, walk.get(step), at);
    }

    private void updateButtons() {
        boolean ready = traced != null && walk != null;
        boolean last = !ready || position.getValue() >= traced.length() - 1;
        changeLater.setDisable(last);
        changeTip.setText(last
                ? "Pick a position before the last token: the check changes the token after it."
                : "Replace the token at position " + (position.getValue() + 1) + " with one of the model's guesses and"
                        + " compare every stage at positions 0.." + position.getValue());
        restore.setVisible(ready && traced.comparison() != null);
        restore.setManaged(restore.isVisible());
    }

    private void showMessage(String text) {
        message.setText(text);
        message.setVisible(true);
        content.setOpacity(traced == null ? 0.15 : 0.3);
        tokenScroll.setOpacity(traced == null ? 0.15 : 0.3);   // the tokens of the last prompt traced, not this one
        summary.setVisible(false);
        summary.setManaged(false);
    }

    /** Sets a spinner's range to 0 … max and its value, kept within the range. */
    private static void setRange(Spinner<Integer> spinner, int max, int value) {
        IntegerSpinnerValueFactory factory = (IntegerSpinnerValueFactory) spinner.getValueFactory();
        if (factory.getMax() != max) factory.setMax(Math.max(0, max));
        factory.setValue(Math.max(0, Math.min(value, factory.getMax())));
    }

    @Override
    public void dispose() {
        promptPause.stop();
        runner.dispose();
        thread.shutdownNow();
        chooser.dispose();
    }

    // what the tests read
    TracedPrompt traced() {
        return traced;
    }

    Walk walk() {
        return walk;
    }

    int step() {
        return step;
    }

    int position() {
        return position.getValue();
    }

    StageView stageView() {
        return stageView;
    }

    ModelChooser chooser() {
        return chooser;
    }

    String message() {
        return message.isVisible() ? message.getText() : null;
    }

    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return runner.busyProperty();
    }
}
