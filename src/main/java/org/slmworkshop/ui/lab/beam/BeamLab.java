package org.slmworkshop.ui.lab.beam;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.slmworkshop.generate.BeamTree;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.ModelChooser;
import org.slmworkshop.ui.view.Ems;
import org.slmworkshop.util.Messages;

/**
 * The beam-search lab: the search drawn as a tree over its steps, with greedy's path laid over it
 * and the returned beams listed beside greedy's result. It opens on lesson 7's worked example, the
 * toy bigram where beam finds "c <eot>" (p = 0.36) and greedy takes "b a" (p = 0.18); the lesson's
 * model (the one trained in this window, or a checkpoint) is one click away.
 */
public final class BeamLab implements LabView {
    private static final Duration SETTLE = Duration.millis(350);
    private static final Duration LIVE_REFRESH = Duration.seconds(3);   // while a followed run trains

    private final Workspace workspace;
    private final ModelChooser chooser;
    private final LanguageModel toyModel = BeamToyExample.model();
    private final Tokenizer toyTokenizer = BeamToyExample.tokenizer();
    private final BeamEngine engine;
    private final ToggleButton toyButton = new ToggleButton("Toy example (lesson 7)");
    private final ToggleButton modelButton = new ToggleButton("Trained model or checkpoint");
    private final Label toyCaption = new Label(BeamToyExample.description());
    private final TextField prompt = new TextField();
    private final Spinner<Integer> width = new Spinner<>(1, BeamSetup.MAX_WIDTH, BeamSetup.DEFAULT_WIDTH);
    private final Spinner<Integer> maxTokens = new Spinner<>(1, BeamSetup.MAX_TOKENS, BeamSetup.DEFAULT_MAX_TOKENS);
    private final CheckBox lengthNormalised = new CheckBox("Length normalisation");
    private final Label status = new Label("Waiting for the search…");
    private final Label promptNote = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();
    /** True while a search runs (what the spinner shows); a field, as a binding only holds its target weakly. */
    private final javafx.beans.property.ReadOnlyBooleanWrapper searching = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final BeamTreeView treeView = new BeamTreeView();
    private final Label hover = new Label();
    private final BeamResults results = new BeamResults();
    private final PauseTransition settled = new PauseTransition(SETTLE);
    private final PauseTransition liveRefresh = new PauseTransition(LIVE_REFRESH);
    private final VBox root;
    private BeamSetup toySetup = BeamSetup.TOY;
    private BeamSetup modelSetup = new BeamSetup("", BeamSetup.DEFAULT_WIDTH, BeamSetup.DEFAULT_MAX_TOKENS, false);
    private boolean settingControls;
    private int searches;
    private BeamEngine.Result shown;

    public BeamLab(Workspace workspace) {
        searching.bind(busy.visibleProperty());
        engine = new BeamEngine(workspace.threads().own("beam-lab"));
        this.workspace = workspace;
        chooser = new ModelChooser(workspace, snapshot -> true, "");
        root = layout();
        root.getStylesheets().add(BeamLab.class.getResource("/css/beam.css").toExternalForm());
        ToggleGroup source = new ToggleGroup();
        toyButton.setToggleGroup(source);
        modelButton.setToggleGroup(source);
        source.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                source.selectToggle(old);   // one of the two is always chosen
                return;
            }
            if (old != null) sourceChanged(now == toyButton);
        });
        toyButton.setSelected(true);
        setControls(toySetup);
        chooser.modelProperty().addListener((obs, old, snapshot) -> modelChanged(snapshot));
        prompt.textProperty().addListener((obs, old, now) -> settle());
        prompt.setOnAction(e -> {
            settled.stop();
            search(false);
        });
        width.valueProperty().addListener((obs, old, now) -> settle());
        maxTokens.valueProperty().addListener((obs, old, now) -> settle());
        lengthNormalised.selectedProperty().addListener((obs, old, now) -> settle());
        settled.setOnFinished(e -> search(false));
        liveRefresh.setOnFinished(e -> search(true));
        treeView.setOnHover(text -> hover.setText(text == null ? hoverHint() : text));
        results.setOnHoverBeam(node -> {
            if (node < 0) treeView.highlight(java.util.Set.of());
            else treeView.highlightNode(node);
        });
    }

    private VBox layout() {
        toyButton.setId("beam-toy");
        modelButton.setId("beam-model");
        toyButton.getStyleClass().addAll("beam-source", "left-pill");
        modelButton.getStyleClass().addAll("beam-source", "right-pill");
        toyButton.setMinWidth(Region.USE_PREF_SIZE);
        modelButton.setMinWidth(Region.USE_PREF_SIZE);
        HBox sources = new HBox(0, toyButton, modelButton);
        sources.setAlignment(Pos.CENTER_LEFT);
        toyCaption.setId("beam-toy-caption");
        toyCaption.getStyleClass().add("beam-caption");
        toyCaption.setWrapText(true);
        toyCaption.setMinHeight(Region.USE_PREF_SIZE);
        toyCaption.visibleProperty().bind(toyButton.selectedProperty());
        toyCaption.managedProperty().bind(toyCaption.visibleProperty());
        chooser.visibleProperty().bind(modelButton.selectedProperty());
        chooser.managedProperty().bind(chooser.visibleProperty());

        prompt.setId("beam-prompt");
        prompt.getStyleClass().add("prompt-field");
        prompt.setPromptText("Empty: start a new document from <eot>");
        prompt.setMinWidth(100);
        HBox.setHgrow(prompt, Priority.ALWAYS);
        width.setId("beam-width");
        Ems.prefWidth(width, 72);
        width.setMinWidth(Region.USE_PREF_SIZE);
        width.setTooltip(new Tooltip("Beams kept at each step, 1 to " + BeamSetup.MAX_WIDTH + "; width 1 is greedy"));
        maxTokens.setId("beam-max-tokens");
        Ems.prefWidth(maxTokens, 72);
        maxTokens.setMinWidth(Region.USE_PREF_SIZE);
        maxTokens.setTooltip(new Tooltip("The token budget, 1 to " + BeamSetup.MAX_TOKENS + ": each step is one column"));
        lengthNormalised.setId("beam-length-norm");
        lengthNormalised.setMinWidth(Region.USE_PREF_SIZE);
        lengthNormalised.setTooltip(new Tooltip("Rank by Σ log p divided by the length, so short finished beams"
                + " do not win just by being short"));
        HBox promptRow = new HBox(8, fixed("Prompt"), prompt);
        promptRow.setAlignment(Pos.CENTER_LEFT);
        HBox knobRow = new HBox(8, fixed("Beam width"), width, fixed("Max tokens"), maxTokens, lengthNormalised);
        knobRow.setAlignment(Pos.CENTER_LEFT);

        promptNote.setId("beam-prompt-note");
        promptNote.getStyleClass().add("prompt-note");
        promptNote.setWrapText(true);
        promptNote.setMinHeight(Region.USE_PREF_SIZE);
        promptNote.managedProperty().bind(promptNote.textProperty().isNotEmpty());
        promptNote.visibleProperty().bind(promptNote.textProperty().isNotEmpty());
        status.setId("beam-status");
        status.getStyleClass().add("beam-status");
        status.setWrapText(true);
        status.setMinWidth(0);
        busy.setPrefSize(16, 16);
        busy.setMinSize(16, 16);
        busy.setVisible(false);
        status.setMaxWidth(Double.MAX_VALUE);
        status.setMinHeight(Region.USE_PREF_SIZE);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox legend = new HBox(12, BeamLegend.item("kept", "kept"), BeamLegend.item("finished", "finished"),
                BeamLegend.item("pruned", "pruned"), BeamLegend.greedy(), spacer, busy, treeView.zoomBar());
        legend.getStyleClass().add("beam-legend");
        legend.setAlignment(Pos.CENTER_LEFT);
        hover.setId("beam-hover");
        hover.getStyleClass().add("beam-hover");
        hover.setText(hoverHint());
        hover.setWrapText(true);
        hover.setMinHeight(32);   // two lines, so hovering does not move the tree
        hover.setMaxWidth(Double.MAX_VALUE);
        VBox.setVgrow(treeView, Priority.ALWAYS);
        VBox top = new VBox(4, legend, treeView, hover);
        top.setMinHeight(180);
        ScrollPane resultsScroll = new ScrollPane(results);
        resultsScroll.setId("beam-results-scroll");
        resultsScroll.setFitToWidth(true);
        resultsScroll.getStyleClass().add("beam-results-scroll");
        resultsScroll.setMinHeight(80);
        SplitPane split = new SplitPane(top, resultsScroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        VBox.setVgrow(split, Priority.ALWAYS);

        VBox box = new VBox(6, sources, toyCaption, chooser, promptRow, knobRow, promptNote, status, split);
        box.getStyleClass().add("beam-lab");
        box.setId("beam-lab");
        return box;
    }

    private static Label fixed(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static String hoverHint() {
        return "Hover a node for its path's log-probability and the text so far; hover a beam below to see its path.";
    }

    @Override
    public Node view() {
        return root;
    }

    /** Opens on the toy example; the lesson's prompt, width and budget wait for its model (loaded now). */
    @Override
    public void apply(LabSettings settings) {
        try {
            modelSetup = BeamSetup.from(settings);
        } catch (IllegalArgumentException e) {
            showError("The lesson's beam settings are not valid: " + e.getMessage());
        }
        if (settings.checkpoint() != null) chooser.showCheckpoint(workspace.resolveLessonPath(settings.checkpoint()));
        else chooser.showTrained();
        if (!toyButton.isSelected()) toyButton.setSelected(true);
        else search(false);
    }

    @Override
    public javafx.beans.property.ReadOnlyBooleanProperty busyProperty() {
        return searching.getReadOnlyProperty();
    }

    /** Shows the toy example (true) or the chosen model (false). */
    public void showToy(boolean toy) {
        (toy ? toyButton : modelButton).setSelected(true);
    }

    private void sourceChanged(boolean toy) {
        BeamSetup leaving = readControls();
        if (toy) {
            modelSetup = leaving;
            setControls(toySetup);
        } else {
            toySetup = leaving;
            setControls(modelSetup);
        }
        search(false);
    }

    private void modelChanged(ModelSnapshot snapshot) {
        if (toyButton.isSelected()) return;   // searched when the learner switches
        // a run being trained publishes a copy twice a second: search again at most every few seconds
        // (also while the first search on it still runs: restarting it on every copy, it might never finish)
        boolean modelOnScreen = shown != null && !shown.request().source().equals(BeamToyExample.SOURCE);
        if (snapshot != null && snapshot.live() && (modelOnScreen || busy.isVisible())) {
            if (liveRefresh.getStatus() != Animation.Status.RUNNING) liveRefresh.playFromStart();
            return;
        }
        liveRefresh.stop();
        search(false);
    }

    private void settle() {
        if (!settingControls) settled.playFromStart();
    }

    private BeamSetup readControls() {
        return new BeamSetup(prompt.getText(), width.getValue(), maxTokens.getValue(), lengthNormalised.isSelected());
    }

    private void setControls(BeamSetup setup) {
        settingControls = true;
        try {
            prompt.setText(setup.prompt());
            width.getValueFactory().setValue(setup.beamWidth());
            maxTokens.getValueFactory().setValue(setup.maxTokens());
            lengthNormalised.setSelected(setup.lengthNormalised());
        } finally {
            settingControls = false;
        }
    }

    /** Searches with what the controls say, replacing any search still running; {@code live} keeps the zoom. */
    private void search(boolean live) {
        settled.stop();
        int id = ++searches;
        BeamEngine.Request request;
        if (toyButton.isSelected()) {
            request = new BeamEngine.Request(toyModel, toyTokenizer, BeamToyExample.SOURCE, readControls());
        } else {
            ModelSnapshot snapshot = chooser.model();
            if (snapshot == null) {
                engine.cancel();
                shown = null;
                busy.setVisible(false);
                promptNote.setText("");
                status.getStyleClass().remove("beam-error");
                status.setText("No model to search yet (see above): wait for it to load, open a checkpoint, train one in a"
                        + " Training lab, or go back to the toy example.");
                treeView.showMessage("The tree appears here once a model is chosen.");
                results.clear();
                return;
            }
            request = new BeamEngine.Request(snapshot.model(), snapshot.tokenizer(), snapshot.source(), readControls());
        }
        busy.setVisible(true);
        status.getStyleClass().remove("beam-error");
        status.setText(String.format(Locale.ROOT, "Searching with width %d, up to %d tokens…",
                request.setup().beamWidth(), request.setup().maxTokens()));
        engine.search(request).whenComplete((result, error) -> Platform.runLater(() -> {
            if (id != searches) return;
            busy.setVisible(false);
            Throwable cause = error == null ? null : unwrap(error);
            if (cause instanceof CancellationException) return;
            if (cause != null) {
                shown = null;
                showError("The search failed: " + Messages.describe(cause));
                return;
            }
            show(result, live);
        }));
    }

    private void show(BeamEngine.Result result, boolean live) {
        shown = result;
        BeamTree tree = result.tree();
        Tokenizer tokenizer = result.request().tokenizer();
        // the table once the tree is drawn: the first nodes of a tree and a new table in one frame took 50-70 ms to lay
        // out and paint in software rendering
        treeView.show(tree, result.layout(), tokenizer, live, () -> {
            if (shown == result) results.show(tree, tokenizer);
        });
        hover.setText(hoverHint());
        if (result.prompt().hasUnknowns()) {
            promptNote.setText("Not in this model's vocabulary, read as <unk>: " + result.prompt().describeUnknowns()
                    + (result.request().source().equals(BeamToyExample.SOURCE) ? ". The toy knows only a, b and c." : "."));
        } else {
            promptNote.setText(result.prompt().startsFromEndOfText() ? "Empty prompt: the search starts a new document"
                    + " after <eot>." : "");
        }
        long pruned = tree.nodes().stream().filter(n -> n.status() == BeamTree.Status.PRUNED).count();
        status.setText(String.format(Locale.ROOT, "%s on %s: %d step%s, %s · %d nodes, %d of them pruned · %.0f ms",
                tree.settings().label(), result.request().source(), tree.steps(), tree.steps() == 1 ? "" : "s",
                stopReason(tree), tree.nodes().size(), pruned, result.nanos() / 1e6));
    }

    private void showError(String message) {
        status.setText(message);
        if (!status.getStyleClass().contains("beam-error")) status.getStyleClass().add("beam-error");
        treeView.showMessage(message);
        results.clear();
    }

    private static String stopReason(BeamTree tree) {
        return switch (tree.stop()) {
            case WIDTH_FINISHED -> tree.settings().beamWidth() + " finished";
            case NO_LIVE_BEAM -> "no beam left to extend";
            case MAX_TOKENS -> "budget spent";
            case CANCELLED -> "cancelled";
        };
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }

    BeamEngine.Result shown() {
        return shown;
    }

    BeamTreeView treeView() {
        return treeView;
    }

    boolean engineShutDown() {
        return engine.isShutdown();
    }

    @Override
    public void dispose() {
        settled.stop();
        liveRefresh.stop();
        engine.shutdown();
        chooser.dispose();
    }
}
