package org.slmworkshop.ui.lab.lowrank;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.TrainingSummary;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;

/**
 * Lesson 4: train the low-rank model at several ranks d and see each land on one loss axis with
 * uniform, unigram, the counting and learned bigrams and a GPT, each with its parameter count.
 */
public final class LowRankLab implements LabView {
    static final List<Integer> DEFAULT_RANKS = List.of(4, 16, 64);
    static final String DEFAULT_CHECKPOINT = "datasets/checkpoints/gpt-dickens.ckpt";

    private final Workspace workspace;
    private final LadderResults results;
    private final LossLadderChart chart;
    private final LadderTable table = new LadderTable();
    private final LadderRuns runs;
    private final Label corpusLabel = new Label("Preparing the corpus…");
    private final ProgressIndicator preparing = new ProgressIndicator();
    private final Spinner<Integer> rank = new Spinner<>();
    private final Spinner<Integer> steps = new Spinner<>();
    private final Button trainLadder = new Button("Train the ladder");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("Train a rank, or the whole ladder.");
    private final BooleanProperty ladderRunning = new SimpleBooleanProperty(this, "ladderRunning");
    private final VBox root;
    private final BooleanProperty hasCorpus = new SimpleBooleanProperty(this, "hasCorpus");
    private final ChangeListener<ModelSnapshot> trainedModel;
    private List<Integer> ranks = DEFAULT_RANKS;
    private RunSettings runSettings = RunSettings.DEFAULTS;
    private Path checkpoint;

    public LowRankLab(Workspace workspace) {
        this.workspace = workspace;
        chart = new LossLadderChart(workspace.threads().shared("lowrank-chart"));
        this.results = new LadderResults(workspace, this::refresh);
        this.runs = new LadderRuns(workspace.training(), new RunsListener());
        this.trainedModel = (obs, old, snapshot) -> results.consider(snapshot);

        corpusLabel.setId("ladder-corpus");
        corpusLabel.getStyleClass().add("ladder-corpus");
        preparing.setPrefSize(16, 16);
        HBox header = new HBox(8, corpusLabel, preparing);
        header.setAlignment(Pos.CENTER_LEFT);

        rank.setId("rank");
        rank.setEditable(true);
        rank.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 4096, 16));
        steps.setId("ladder-steps");
        steps.setEditable(true);
        steps.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 100_000, 600, 100));
        Button trainRank = new Button("Train this rank");
        trainRank.setId("train-rank");
        trainRank.setDefaultButton(true);
        trainRank.setOnAction(e -> train(List.of(new LadderRuns.Plan("lowrank", rank.getValue(), 1, 1))));
        trainLadder.setId("train-ladder");
        trainLadder.setOnAction(e -> trainLadder());
        Button trainBigram = new Button("Train the full bigram");
        trainBigram.setId("train-bigram");
        trainBigram.setTooltip(new Tooltip("Trains the V×V bigram with the same steps, for the learned-bigram rung"));
        trainBigram.setOnAction(e -> train(List.of(new LadderRuns.Plan("bigram", 0, 1, 1))));
        Button stop = new Button("Stop");
        stop.setId("stop-ladder");
        stop.setOnAction(e -> runs.stop());

        BooleanBinding busy = Bindings.createBooleanBinding(() -> workspace.training().state().isActive(),
                workspace.training().stateProperty()).or(ladderRunning);
        BooleanBinding cannotTrain = busy.or(hasCorpus.not());
        trainRank.disableProperty().bind(cannotTrain);
        trainLadder.disableProperty().bind(cannotTrain);
        trainBigram.disableProperty().bind(cannotTrain);
        stop.disableProperty().bind(ladderRunning.not());

        HBox rankControls = new HBox(6, label("Rank d"), rank, trainRank);
        rankControls.setAlignment(Pos.CENTER_LEFT);
        HBox stepControls = new HBox(6, label("Steps"), steps);
        stepControls.setAlignment(Pos.CENTER_LEFT);
        FlowPane controls = new FlowPane(10, 8, rankControls, trainLadder, trainBigram, stop, stepControls);
        controls.setAlignment(Pos.CENTER_LEFT);

        progress.setId("ladder-progress");
        status.setId("ladder-status");
        status.getStyleClass().add("ladder-status");
        HBox progressRow = new HBox(10, progress, status);
        progressRow.setAlignment(Pos.CENTER_LEFT);

        Label chartTitle = new Label("Loss ladder");
        chartTitle.getStyleClass().add("section-title");
        Label chartHint = new Label("validation cross-entropy, lower is better; under each name, its parameters;"
                + " dashed: the add-1 counted bigram. On characters no model that sees one token does much better;"
                + " on a large vocabulary (genia BPE) a smaller α and the low-rank model both beat it");
        chartHint.getStyleClass().add("muted");
        chartHint.setWrapText(true);
        chartTitle.setMinWidth(Label.USE_PREF_SIZE);
        HBox.setHgrow(chartHint, Priority.ALWAYS);
        HBox chartHeader = new HBox(10, chartTitle, chartHint);
        chartHeader.setAlignment(Pos.BASELINE_LEFT);
        chart.setMinHeight(240);
        VBox.setVgrow(chart, Priority.ALWAYS);
        // every rung and the header at the row height the zoom sets (lowrank.css; 24 px rows and a 32 px header at
        // 100%); past 125% up to six rows, and at least one, so that at 200% beside a lesson the chart keeps its height
        var tableHeader = table.fixedCellSizeProperty().multiply(32.0 / LadderTable.ROW_HEIGHT_AT_HUNDRED);
        var rowsAsked = Bindings.createIntegerBinding(() -> table.getFixedCellSize() > 1.25 * LadderTable.ROW_HEIGHT_AT_HUNDRED
                ? Math.min(table.getItems().size(), 6) : table.getItems().size(), table.getItems(), table.fixedCellSizeProperty());
        table.prefHeightProperty().bind(rowsAsked.multiply(table.fixedCellSizeProperty()).add(tableHeader));
        table.minHeightProperty().bind(table.fixedCellSizeProperty().add(tableHeader));   // one row; it scrolls

        root = new VBox(10, header, controls, progressRow, chartHeader, chart, table);
        root.getStyleClass().add("lowrank-lab");
        root.setId("lowrank-lab");
        root.getStylesheets().add(Objects.requireNonNull(LowRankLab.class.getResource("/css/lowrank.css")).toExternalForm());
        workspace.trainedModelProperty().addListener(trainedModel);
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("field-label");
        return label;
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void apply(LabSettings settings) {
        String corpus = workspace.corpusFor(settings);
        TokenizerSpec spec = Workspace.tokenizerFor(settings, corpus);
        ranks = settings.ranks().isEmpty() ? DEFAULT_RANKS : settings.ranks().stream().distinct().sorted().toList();
        runSettings = RunSettings.from(settings.hyperparameters());
        Object requestedRank = settings.hyperparameters().get("rank");
        rank.getValueFactory().setValue(requestedRank instanceof Number n ? n.intValue() : ranks.get(ranks.size() / 2));
        steps.getValueFactory().setValue(runSettings.steps());
        trainLadder.setText("Train the ladder (d = " + String.join(", ", ranks.stream().map(String::valueOf).toList()) + ")");
        checkpoint = workspace.resolveLessonPath(settings.checkpoint() != null ? settings.checkpoint() : DEFAULT_CHECKPOINT);
        corpusLabel.setText("Preparing " + corpus + " with the " + spec.kind() + " tokenizer…");
        preparing.setVisible(true);
        workspace.deliver("Could not prepare " + corpus + " for the low-rank lab",
                workspace.prepare(corpus, spec, SplitSpec.DEFAULT), this::show).exceptionally(error -> {
                    javafx.application.Platform.runLater(() -> {
                        preparing.setVisible(false);
                        corpusLabel.setText("Could not prepare " + corpus + ": see the message.");
                    });
                    return null;
                });
    }

    /** The rungs as shown, left to right. */
    public List<Rung> rungs() {
        return chart.shown();
    }

    /** Completes when the counted baselines and the GPT's score are on the ladder. */
    public CompletableFuture<Void> references() {
        return results.references();
    }

    @Override
    public void dispose() {
        runs.dispose();
        workspace.trainedModelProperty().removeListener(trainedModel);
    }

    private void show(PreparedCorpus corpus) {
        int vocab = corpus.tokenizer().vocabSize();
        preparing.setVisible(false);
        corpusLabel.setText(String.format(Locale.ROOT, "%s · %s tokenizer · V = %,d · ln V = %.3f", corpus.corpus().id(),
                corpus.tokenizer().kind(), vocab, Math.log(vocab)));
        results.start(corpus, ranks, checkpoint);
        hasCorpus.set(true);
    }

    private void trainLadder() {
        List<LadderRuns.Plan> plans = new ArrayList<>();
        for (int i = 0; i < ranks.size(); i++) plans.add(new LadderRuns.Plan("lowrank", ranks.get(i), i + 1, ranks.size()));
        train(plans);
    }

    private void train(List<LadderRuns.Plan> plans) {
        if (results.prepared() == null) return;
        if (!runs.start(plans, results.prepared(), runSettings.withSteps(steps.getValue()))) {
            workspace.notifier().error("Cannot start the ladder", "Another run is in progress ("
                    + workspace.training().titleProperty().get() + "). Stop it or wait for it to finish.");
            return;
        }
        ladderRunning.set(true);
    }

    private void refresh() {
        List<Rung> rungs = results.rungs();
        chart.show(rungs);
        table.show(rungs, results.prepared() == null ? 1 : results.prepared().tokenizer().vocabSize());
    }

    private final class RunsListener implements LadderRuns.Listener {
        @Override
        public void progress(String text, double fraction) {
            status.setText(text);
            progress.setProgress(fraction);
        }

        @Override
        public void finished(TrainingSession.Setup setup, TrainingSummary summary) {
            results.recordRun(setup, summary);
        }

        @Override
        public void idle(String text, boolean completed) {
            ladderRunning.set(false);
            status.setText(text);
            progress.setProgress(completed ? 1 : 0);
        }

        @Override
        public void otherRunFinished(TrainingSession.Setup setup, TrainingSummary summary) {
            results.recordRun(setup, summary);
        }
    }
}
