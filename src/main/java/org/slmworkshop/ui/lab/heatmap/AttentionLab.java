package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.lab.TokenText;
import java.util.Locale;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.LatestWork;
import org.slmworkshop.ui.lab.ModelChooser;
import org.slmworkshop.ui.view.Ems;

/**
 * The attention lab: a GPT reads a prompt, and the lab shows one head's attention probabilities
 * as a big heatmap (queries as rows, keys as columns, the causal upper triangle masked) beside
 * small multiples of every head of every layer. It works on a checkpoint and on the GPT training
 * in this window, which it follows live.
 */
public final class AttentionLab implements LabView {
    static final String DEFAULT_PROMPT = "It was the best of times, it was the worst of times.";
    static final Duration PROMPT_DEBOUNCE = Duration.millis(300);

    private final Workspace workspace;
    private final VBox root = new VBox();
    private final ModelChooser chooser;
    private final TextField prompt = new TextField(DEFAULT_PROMPT);
    private final Spinner<Integer> layer = new Spinner<>(0, 0, 0);
    private final Spinner<Integer> head = new Spinner<>(0, 0, 0);
    private final Label note = new Label();
    private final Heatmap heatmap = new Heatmap("key position (attended to)", "query position (attending)");
    private final HeadsGrid heads = new HeadsGrid(this::select);
    private final Label message = new Label();
    private final PauseTransition promptPause = new PauseTransition(PROMPT_DEBOUNCE);
    private final LatestWork<AttentionMaps> recomputer;
    private AttentionMaps maps;

    public AttentionLab(Workspace workspace) {
        this.workspace = workspace;
        this.chooser = new ModelChooser(workspace, snapshot -> snapshot.model() instanceof Gpt,
                "The attention lab needs a GPT.");
        this.recomputer = new LatestWork<>(workspace.labWork(), TransitionLab.UPDATE_INTERVAL, this::show,
                error -> workspace.notifier().error("The attention maps could not be computed", error));
        build();
    }

    private void build() {
        root.getStyleClass().addAll("heatmap-lab", "attention-lab");
        root.getStylesheets().add(AttentionLab.class.getResource("/css/heatmap.css").toExternalForm());
        root.setId("attention-lab");

        prompt.setId("attention-prompt");
        prompt.setPromptText("Type a prompt: the model reads it and every head shows where it looks");
        HBox.setHgrow(prompt, Priority.ALWAYS);
        promptPause.setOnFinished(e -> refresh());
        prompt.textProperty().addListener((obs, old, text) -> promptPause.playFromStart());
        HBox promptRow = new HBox(8, new Label("Prompt"), prompt);
        promptRow.setAlignment(Pos.CENTER_LEFT);

        layer.setId("attention-layer");
        head.setId("attention-head");
        for (Spinner<Integer> spinner : java.util.List.of(layer, head)) {
            Ems.prefWidth(spinner, 70);
            spinner.valueProperty().addListener((obs, old, value) -> showSelected());
        }
        note.setId("attention-note");
        note.getStyleClass().add("caption");
        note.setWrapText(true);
        HBox.setHgrow(note, Priority.ALWAYS);
        HBox pickers = new HBox(8, new Label("Layer"), layer, new Label("Head"), head, note);
        pickers.setAlignment(Pos.CENTER_LEFT);
        pickers.getStyleClass().add("lab-toolbar");

        chooser.setId("attention-model");
        chooser.modelProperty().addListener((obs, old, snapshot) -> refresh());

        heatmap.setId("attention-heatmap");
        heatmap.readout().setId("attention-readout");
        heatmap.setHint("Point at a cell: how much a query position attends to a key position.");
        heatmap.setDescriber(this::describe);
        message.setId("attention-message");
        message.getStyleClass().add("lab-message");
        message.setWrapText(true);
        message.setMaxSize(420, Region.USE_PREF_SIZE);
        StackPane big = new StackPane(heatmap, message);

        heads.setId("attention-heads");
        Label headsTitle = new Label("All heads of all layers:\nclick one to show it above");
        headsTitle.getStyleClass().add("caption");
        headsTitle.setMinWidth(Region.USE_PREF_SIZE);
        HBox headsRow = new HBox(16, headsTitle, heads);
        headsRow.setAlignment(Pos.TOP_CENTER);
        ScrollPane headsScroll = new ScrollPane(headsRow);
        headsScroll.setFitToWidth(true);
        headsScroll.getStyleClass().add("edge-to-edge");
        headsScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        headsScroll.setMinHeight(Region.USE_PREF_SIZE);
        headsScroll.setMaxHeight(5 * HeadsGrid.TILE_SIZE + 30);   // more layers scroll

        VBox.setVgrow(big, Priority.ALWAYS);
        root.getChildren().addAll(chooser, promptRow, pickers, big, headsScroll);
        showMessage("Choose a GPT above: the lesson's checkpoint, or the one training in this window.");
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void apply(LabSettings settings) {
        if (settings.prompt() != null && !settings.prompt().isBlank()) prompt.setText(settings.prompt());
        if (settings.layer() != null) setValue(layer, settings.layer(), settings.layer());
        if (settings.head() != null) setValue(head, settings.head(), settings.head());
        promptPause.stop();
        if (settings.checkpoint() != null) chooser.showCheckpoint(workspace.resolveLessonPath(settings.checkpoint()));
        else chooser.showTrained();
        refresh();
    }

    public ModelChooser chooser() {
        return chooser;
    }

    public Heatmap heatmap() {
        return heatmap;
    }

    HeadsGrid heads() {
        return heads;
    }

    /** True while a recomputation is asked for or running. */
    @Override
    public javafx.beans.property.ReadOnlyBooleanProperty busyProperty() {
        return recomputer.busyProperty();
    }

    /** The maps on show, or null before the first model and prompt. */
    AttentionMaps maps() {
        return maps;
    }

    private void refresh() {
        ModelSnapshot snapshot = chooser.model();
        String text = prompt.getText() == null ? "" : prompt.getText();
        if (snapshot == null) {
            showMessage("Choose a GPT above: the lesson's checkpoint, or the one training in this window.");
            return;
        }
        if (text.isEmpty()) {
            showMessage("Type a prompt: the model reads it, and every head shows where each position looks.");
            return;
        }
        recomputer.request(() -> AttentionMaps.of((Gpt) snapshot.model(), snapshot.tokenizer(), text));
    }

    private void show(AttentionMaps computed) {
        maps = computed;
        if (computed.isEmpty()) {
            showMessage("The prompt has no tokens.");
            return;
        }
        setValue(layer, computed.layers() - 1, layer.getValue());
        setValue(head, computed.heads() - 1, head.getValue());
        heads.show(computed);
        message.setVisible(false);
        heatmap.setOpacity(1);
        showSelected();
        note.setText(noteFor(computed));
    }

    private static String noteFor(AttentionMaps computed) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d tokens", computed.tokens().size()));
        if (computed.droppedTokens() > 0) {
            text.append(String.format(Locale.ROOT, "; the prompt was cut to the model's context of %d, %d left out",
                    computed.contextLength(), computed.droppedTokens()));
        }
        if (computed.unknownTokens() > 0) {
            text.append(String.format(Locale.ROOT, "; %d unknown to the tokenizer (<unk>)", computed.unknownTokens()));
        }
        return text.toString();
    }

    private void showSelected() {
        AttentionMaps current = maps;
        if (current == null || current.isEmpty()) return;
        int l = Math.min(layer.getValue(), current.layers() - 1);
        int h = Math.min(head.getValue(), current.heads() - 1);
        heatmap.show(current.map(l, h), ColourScale.sequential(1, "attention weight, layer " + l + " head " + h));
        heads.select(l, h);
    }

    private void select(int pickedLayer, int pickedHead) {
        layer.getValueFactory().setValue(pickedLayer);
        head.getValueFactory().setValue(pickedHead);
    }

    /** Sets a spinner's range to 0 … max and its value, kept within the range. */
    private static void setValue(Spinner<Integer> spinner, int max, int value) {
        IntegerSpinnerValueFactory factory = (IntegerSpinnerValueFactory) spinner.getValueFactory();
        if (factory.getMax() != max) factory.setMax(Math.max(0, max));
        factory.setValue(Math.max(0, Math.min(value, factory.getMax())));
    }

    private void showMessage(String text) {
        message.setText(text);
        message.setVisible(true);
        heatmap.setOpacity(0.15);
    }

    private String describe(Heatmap.Cell cell) {
        String query = "query " + cell.row() + " " + TokenText.quoted(cell.rowLabel());
        String key = "key " + cell.column() + " " + TokenText.quoted(cell.columnLabel());
        if (cell.masked()) return query + " cannot see " + key + ": it lies in the future (masked)";
        return String.format(Locale.ROOT, "%s attends to %s with weight %.3f", query, key, cell.value());
    }

    @Override
    public void dispose() {
        promptPause.stop();
        recomputer.dispose();
        chooser.dispose();
    }
}
