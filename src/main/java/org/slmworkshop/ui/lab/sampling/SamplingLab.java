package org.slmworkshop.ui.lab.sampling;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;
import org.slmworkshop.generate.SampleExport;
import org.slmworkshop.generate.SampleExporter;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.ModelChooser;
import org.slmworkshop.util.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampling lab: one prompt, several decoding strategies side by side from one seed, and the
 * next-token distribution before and after the sliders. Each finished column is then measured against
 * the model's training text (the memorisation meter). The lesson's checkpoint starts loading in
 * {@link #apply}, so a sample appears seconds after the lesson opens.
 */
public final class SamplingLab implements LabView {
    private static final Logger LOG = LoggerFactory.getLogger(SamplingLab.class);
    private static final Duration LIVE_REFRESH = Duration.seconds(5);   // while a followed run trains

    private final Workspace workspace;
    private final long createdAt = System.nanoTime();
    private final ModelChooser chooser;
    private final KnobPanel knobPanel = new KnobPanel();
    private final PromptBar promptBar = new PromptBar();
    private final NextTokenChart chart = new NextTokenChart();
    private final ColumnBoard board = new ColumnBoard();
    private final SamplingEngine engine;
    private final BarsUpdater bars;
    private final MemorisationPanel memorisation;
    private final Label status = new Label("Waiting for a model…");
    private final Label promptNote = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();
    private final Button export = new Button("Export…");
    private final TextFlow trainHint;
    private final PauseTransition liveRefresh = new PauseTransition(LIVE_REFRESH);
    private final VBox root;
    private Runnable onTrainItYourself = () -> { };
    private ModelSnapshot model;
    private String modelCheckpoint;            // the checkpoint file the model came from, for the export
    private SamplingEngine.Generated shown;    // the comparison on screen
    private Workspace.CheckpointCorpus recordedCorpus;   // what the chosen checkpoint says it was trained on
    private int logitsRequest;
    private int generation;
    private long firstSampleMillis = -1;

    public SamplingLab(Workspace workspace) {
        this.workspace = workspace;
        engine = new SamplingEngine(workspace.threads().own("sampling-lab"));
        bars = new BarsUpdater(workspace.threads().own("sampling-bars"), chart::show);
        memorisation = new MemorisationPanel(board, new MemorisationMeter(workspace.threads().own("memorisation-meter")));
        chooser = new ModelChooser(workspace, snapshot -> true, "");
        trainHint = trainHint();
        root = layout();
        root.getStylesheets().add(SamplingLab.class.getResource("/css/sampling.css").toExternalForm());
        chooser.modelProperty().addListener((obs, old, snapshot) -> modelChanged(snapshot));
        chooser.sourceProperty().addListener((obs, old, source) -> updateTrainHint());
        knobPanel.knobsProperty().addListener((obs, old, knobs) -> bars.update(knobs));
        knobPanel.setOnCommit(this::knobSettled);
        promptBar.setOnPromptChanged(this::refresh);
        promptBar.setOnRunSettingsChanged(this::generate);
        board.setOnEdited(columns -> generate());
        board.setOnFirstToken(this::firstTokenShown);
        liveRefresh.setOnFinished(e -> refresh());
        export.setId("sampling-export");
        export.setDisable(true);
        export.setOnAction(e -> chooseExportFile());
    }

    private VBox layout() {
        promptNote.getStyleClass().add("prompt-note");
        promptNote.setId("sampling-prompt-note");
        promptNote.managedProperty().bind(promptNote.textProperty().isNotEmpty());
        Label caption = new Label("One random draw per step, shared by all sampled columns: they agree until their"
                + " distributions differ. Blue: where a column leaves greedy. Underlined: text it repeats. Green: copied"
                + " from the training text. A slider sets every column that uses its knob (hover it to see which); pinned"
                + " columns keep theirs.");
        caption.getStyleClass().add("sampling-caption");
        caption.setId("sampling-caption");
        caption.setWrapText(true);
        caption.setPrefWidth(0);   // as wide as the sliders, however long the text
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        VBox knobs = new VBox(6, knobPanel, columnRow(), caption);
        knobs.getStyleClass().add("knob-box");
        knobs.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(chart, Priority.ALWAYS);
        chart.setMinWidth(220);
        HBox top = new HBox(12, knobs, chart);
        top.setMinHeight(150);

        status.setId("sampling-status");
        status.getStyleClass().add("sampling-status");
        status.setMinWidth(0);
        busy.setPrefSize(16, 16);
        busy.setMinSize(16, 16);
        busy.setVisible(false);
        export.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox statusRow = new HBox(8, busy, status, spacer, export);
        statusRow.setAlignment(Pos.CENTER_LEFT);
        ScrollPane columns = new ScrollPane(board);
        columns.setId("sampling-columns-scroll");
        columns.setFitToWidth(true);
        columns.getStyleClass().add("columns-scroll");
        VBox.setVgrow(columns, Priority.ALWAYS);
        VBox bottom = new VBox(6, statusRow, memorisation.note(), columns);
        bottom.setMinHeight(160);

        SplitPane split = new SplitPane(top, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.getStyleClass().add("sampling-split");
        split.setDividerPositions(0.40);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox box = new VBox(8, chooser, trainHint, promptBar, promptNote, split);
        box.getStyleClass().add("sampling-lab");
        box.setId("sampling-lab");
        return box;
    }

    /** "Add column", and the shortest stretch the memorisation meter counts as copied. */
    private HBox columnRow() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(6, new ColumnMenu(this::addPreset, this::addSpec), spacer, memorisation.control());
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** The shared chooser lets its labels shrink to "…" in a narrow lab; its name and button should stay readable. */
    private TextFlow trainHint() {
        Text text = new Text("Nothing trained in this window yet: the Training tab of lessons 5 and 6 trains a GPT,"
                + " and it shows up here while it trains. ");
        text.getStyleClass().add("train-hint-text");
        Hyperlink link = new Hyperlink("Train it yourself →");
        link.setId("sampling-train-it-yourself");
        link.setOnAction(e -> onTrainItYourself.run());
        TextFlow hint = new TextFlow(text, link);
        hint.getStyleClass().add("train-hint");
        hint.setId("sampling-train-hint");
        hint.setVisible(false);
        hint.managedProperty().bind(hint.visibleProperty());
        return hint;
    }

    @Override
    public Node view() {
        return root;
    }

    /** Runs when the learner asks to train a model of their own (the window navigates to a Training tab). */
    public void setOnTrainItYourself(Runnable action) {
        onTrainItYourself = action == null ? () -> { } : action;
    }

    @Override
    public void apply(LabSettings settings) {
        SamplingSetup setup = SamplingSetup.from(settings);
        promptBar.set(setup.prompt(), setup.maxTokens(), setup.seed());
        knobPanel.set(setup.knobs());
        board.setColumns(setup.columns());
        if (settings.checkpoint() != null) {
            status.setText("Loading " + Path.of(settings.checkpoint()).getFileName() + "…");
            busy.setVisible(true);
            chooser.showCheckpoint(workspace.resolveLessonPath(settings.checkpoint()));   // starts loading now
        } else {
            chooser.showTrained();
        }
        updateTrainHint();
    }

    private void updateTrainHint() {
        boolean followsTrained = chooser.sourceProperty().get() == ModelChooser.TRAINED;
        trainHint.setVisible(followsTrained && chooser.model() == null);
    }

    private void modelChanged(ModelSnapshot snapshot) {
        updateTrainHint();
        ModelChooser.Source source = chooser.sourceProperty().get();
        modelCheckpoint = source == null || source.checkpoint() == null ? null : source.checkpoint().getFileName().toString();
        recordedCorpus = source == null || source.checkpoint() == null ? null
                : workspace.checkpointCorpus(source.checkpoint()).orElse(null);
        boolean firstModel = model == null;
        model = snapshot;
        if (snapshot == null) {
            engine.cancelGeneration();
            ++generation;
            shown = null;
            memorisation.forget(true);
            export.setDisable(true);
            busy.setVisible(false);
            status.setText("Choose a model above, or train one.");
            board.showWaiting(promptBar.prompt(), "waiting for a model");
            ++logitsRequest;
            bars.clear();
            chart.clear();
            return;
        }
        // a run being trained publishes a copy twice a second; regenerate at most every few seconds meanwhile
        if (snapshot.live() && !firstModel) {
            if (liveRefresh.getStatus() != javafx.animation.Animation.Status.RUNNING) liveRefresh.playFromStart();
        } else {
            liveRefresh.stop();
            refresh();
        }
    }

    /** New model or prompt: one forward pass for the chart, then the columns. */
    private void refresh() {
        if (model == null) return;
        int request = ++logitsRequest;
        ModelSnapshot snapshot = model;
        engine.promptLogits(snapshot, promptBar.prompt()).whenComplete((logits, error) -> Platform.runLater(() -> {
            if (request != logitsRequest) return;
            if (error != null) {
                workspace.notifier().error("The model could not score the prompt", unwrap(error));
                return;
            }
            promptNote.setText(promptNote(logits));
            bars.setLogits(logits, knobPanel.knobs());
        }));
        generate();
    }

    private static String promptNote(PromptLogits logits) {
        if (logits.prompt().hasUnknowns()) {
            return "Not in this model's vocabulary, read as <unk>: " + logits.prompt().describeUnknowns() + ".";
        }
        return logits.prompt().startsFromEndOfText() ? "Empty prompt: the model starts a new document after <eot>." : "";
    }

    /** Regenerates every column from the same seed, replacing any run still going. */
    private void generate() {
        if (model == null || board.columns().isEmpty()) return;
        int id = ++generation;
        memorisation.forget(false);   // a reading of the old columns must not land on the new ones
        ModelSnapshot snapshot = model;
        Workspace.CheckpointCorpus recorded = recordedCorpus;
        long seed = promptBar.seed();
        int maxTokens = promptBar.maxTokens();
        status.setText(String.format(Locale.ROOT, "Generating %d columns × up to %d tokens from seed %d…",
                board.columns().size(), maxTokens, seed));
        busy.setVisible(true);
        var listener = board.startStreaming(promptBar.prompt());
        engine.compare(snapshot, promptBar.prompt(), board.settings(), maxTokens, seed, listener)
                .whenComplete((generated, error) -> Platform.runLater(() -> {
                    if (id != generation) return;
                    busy.setVisible(false);
                    Throwable cause = error == null ? null : unwrap(error);
                    if (cause instanceof CancellationException) return;
                    if (cause != null) {
                        board.showFailure(Messages.describe(cause));
                        status.setText("Generation failed: " + Messages.describe(cause));
                        workspace.notifier().error("The samples could not be generated", cause);
                        return;
                    }
                    show(generated, recorded);
                }));
    }

    private void show(SamplingEngine.Generated generated, Workspace.CheckpointCorpus recorded) {
        shown = generated;
        board.showComparison(generated.comparison(), generated.source().tokenizer());
        export.setDisable(false);
        status.setText(String.format(Locale.ROOT, "%d columns × up to %d tokens from seed %d in %.1f s · %s",
                generated.comparison().samples().size(), generated.comparison().maxTokens(), generated.comparison().seed(),
                generated.nanos() / 1e9, generated.source().source()));
        if (firstSampleMillis < 0) firstTokenShown();
        LOG.info("sampling lab: all columns on screen {} ms after the lab was created", millisSinceCreated());
        memorisation.measure(generated, recorded);
    }

    private void firstTokenShown() {
        if (firstSampleMillis >= 0) return;
        firstSampleMillis = millisSinceCreated();
        LOG.info("sampling lab: first sample on screen {} ms after the lab was created", firstSampleMillis);
    }

    long millisSinceCreated() {
        return (System.nanoTime() - createdAt) / 1_000_000;
    }

    private void knobSettled(Knob knob, Knobs knobs) {
        List<Column> before = board.columns();
        List<Column> after = new ArrayList<>();
        for (Column column : before) after.add(column.follow(knob, knobs));
        if (after.equals(before)) return;
        board.setColumns(after);
        generate();
    }

    private void addPreset(Column.Preset preset) {
        addColumn(Column.preset(preset, knobPanel.knobs()));
    }

    /** A column typed in the {@code --compare} syntax; it is pinned, so it keeps exactly what was typed. */
    void addSpec(String spec) {
        try {
            addColumn(Column.parse(spec, true));
        } catch (IllegalArgumentException e) {
            workspace.notifier().error("Not a column setting", e.getMessage());
        }
    }

    private void addColumn(Column column) {
        List<Column> columns = new ArrayList<>(board.columns());
        columns.add(column);
        board.setColumns(columns);
        generate();
    }

    private void chooseExportFile() {
        ExportDialog.choose(root.getScene() == null ? null : root.getScene().getWindow()).ifPresent(this::exportTo);
    }

    /** Writes the samples on screen to {@code file} (.md, .json or .txt), atomically, off the FX thread. */
    public CompletableFuture<Path> exportTo(Path file) {
        if (shown == null) {
            workspace.notifier().error("Nothing to export", "Wait until the samples are generated.");
            return CompletableFuture.failedFuture(new IllegalStateException("no samples yet"));
        }
        SamplingEngine.Generated generated = shown;
        ModelSnapshot source = generated.source();
        SampleExport content = SampleExport.of(new SampleExport.ModelSource(source.kind(), source.model().parameterCount(),
                modelCheckpoint, null, source.step()), generated.prompt(), generated.comparison(), Instant.now().toString(),
                memorisation.report());
        return workspace.submit("The samples could not be exported", () -> {
            SampleExporter.write(file, content);
            return file;
        }, written -> status.setText("Exported the samples to " + written.toAbsolutePath()));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** How many generations were started (each cancels the one before). */
    int generationsStarted() {
        return generation;
    }

    /** When the first generated text appeared, in ms after the lab was created; -1 before. */
    long firstSampleMillis() {
        return firstSampleMillis;
    }

    KnobPanel knobPanel() {
        return knobPanel;
    }

    NextTokenChart chart() {
        return chart;
    }

    ColumnBoard board() {
        return board;
    }

    SamplingEngine.Generated shown() {
        return shown;
    }

    MemorisationPanel memorisation() {
        return memorisation;
    }

    @Override
    public void dispose() {
        memorisation.dispose();
        liveRefresh.stop();
        board.stopStreaming();
        engine.shutdown();
        bars.shutdown();
        chooser.dispose();
    }
}
