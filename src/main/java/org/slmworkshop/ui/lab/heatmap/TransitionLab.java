package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.lab.TokenText;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.SegmentedButton;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.BigramGradient;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.LatestWork;
import org.slmworkshop.ui.view.Ems;
import org.slmworkshop.util.Messages;
import org.slmworkshop.ui.lab.heatmap.TransitionMatrices.Counted;
import org.slmworkshop.ui.lab.heatmap.TransitionMatrices.Shown;

/**
 * The transition lab: the bigram's p(next | previous) among the most frequent tokens, counted
 * from the training split, learned by the bigram training in this window (followed live), or
 * the difference of the two, or the gradient of the training loss with respect to each logit. Columns are the previous token and rows the next, as in the
 * lesson's T_αβ, so each column is one conditional distribution.
 */
public final class TransitionLab implements LabView {
    public enum View { COUNTED, LEARNED, DIFFERENCE, GRADIENT }

    /** What one pass computed, ready for the FX thread. {@code message} replaces the heatmap when set. */
    record Result(View view, HeatmapData data, ColourScale scale, String metric, String message,
                  Counted counted, Shown countedShown, Shown learnedShown) {}

    static final Duration UPDATE_INTERVAL = Duration.millis(200);   // at most 5 recomputations a second
    private static final int DEFAULT_TOP_N = 30;

    private final Workspace workspace;
    private final VBox root = new VBox();
    private final Heatmap heatmap = new Heatmap("previous token  β", "next token  α");
    private final ToggleButton countedButton = new ToggleButton("Counted");
    private final ToggleButton learnedButton = new ToggleButton("Learned");
    private final ToggleButton differenceButton = new ToggleButton("Learned − counted");
    private final ToggleButton gradientButton = new ToggleButton("Gradient ∂L/∂Z");
    private final Spinner<Integer> topN = new Spinner<>(10, 80, DEFAULT_TOP_N, 5);
    private final Spinner<Double> smoothing = new Spinner<>(new SmoothingValues(1.0));
    private final CheckBox logScale = new CheckBox("Log colours");
    private final Label metric = new Label();
    private final Label caption = new Label();
    private final Label message = new Label();
    private final Button openTraining = new Button("Open the Training tab");
    private final VBox messageBox = new VBox(10, message, openTraining);
    private final LatestWork<Result> recomputer;
    private final ChangeListener<ModelSnapshot> followTrained = (obs, old, snapshot) -> {
        if (selectedView() != View.COUNTED) refresh();
    };
    private CompletableFuture<PreparedCorpus> corpus;
    private String corpusName = "";
    private volatile Counted countedCache;   // refitted on the worker when the corpus or α changes
    private Result shown;

    public TransitionLab(Workspace workspace) {
        this.workspace = workspace;
        this.recomputer = new LatestWork<>(workspace.labWork(), UPDATE_INTERVAL, this::show,
                error -> workspace.notifier().error("The transition matrix could not be computed", error));
        build();
        workspace.trainedModelProperty().addListener(followTrained);
    }

    private void build() {
        root.getStyleClass().addAll("heatmap-lab", "transition-lab");
        root.getStylesheets().add(TransitionLab.class.getResource("/css/heatmap.css").toExternalForm());
        root.setId("transition-lab");

        countedButton.setId("view-counted");
        learnedButton.setId("view-learned");
        differenceButton.setId("view-difference");
        gradientButton.setId("view-gradient");
        SegmentedButton views = new SegmentedButton(countedButton, learnedButton, differenceButton, gradientButton);
        views.getStyleClass().add("view-switch");
        countedButton.setSelected(true);
        views.getToggleGroup().selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) old.setSelected(true);   // one view is always chosen
            else refresh();
        });

        topN.setId("transition-top-n");
        topN.setEditable(true);
        Ems.prefWidth(topN, 78);
        topN.valueProperty().addListener((obs, old, value) -> refresh());
        smoothing.setId("transition-smoothing");
        smoothing.setEditable(true);
        Ems.prefWidth(smoothing, 78);
        smoothing.valueProperty().addListener((obs, old, value) -> refresh());
        logScale.setId("transition-log-scale");
        logScale.selectedProperty().addListener((obs, old, value) -> refresh());

        FlowPane toolbar = new FlowPane(14, 8, views, labelled("Top N", topN), labelled("add-α", smoothing), logScale);
        toolbar.getStyleClass().add("lab-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);

        metric.setId("transition-metric");
        metric.getStyleClass().add("metric");
        metric.setWrapText(true);

        heatmap.setId("transition-heatmap");
        heatmap.readout().setId("transition-readout");
        heatmap.setHint("Point at a cell: its probability, and where it comes from.");
        heatmap.setDescriber(this::describe);

        message.setId("transition-message");
        message.setWrapText(true);
        openTraining.setId("transition-open-training");
        openTraining.setOnAction(e -> workspace.openLab(Lab.TRAINING, null));
        messageBox.getStyleClass().add("lab-message");
        messageBox.setAlignment(Pos.CENTER_LEFT);
        messageBox.setMaxSize(460, Region.USE_PREF_SIZE);
        messageBox.setVisible(false);
        StackPane.setAlignment(messageBox, Pos.CENTER);
        StackPane stage = new StackPane(heatmap, messageBox);
        VBox.setVgrow(stage, Priority.ALWAYS);

        caption.setId("transition-caption");
        caption.getStyleClass().add("caption");
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE);

        root.getChildren().addAll(toolbar, metric, stage, caption);
        showMessage("Waiting for the lesson's corpus…", false);
    }

    private static Node labelled(String text, Node control) {
        Label label = new Label(text);
        label.setLabelFor(control);
        HBox box = new HBox(6, label, control);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void apply(LabSettings settings) {
        String corpusId = workspace.corpusFor(settings);
        TokenizerSpec spec = Workspace.tokenizerFor(settings, corpusId);
        String kind = spec.kind();
        if (settings.topN() != null) topN.getValueFactory().setValue(Math.max(10, Math.min(80, settings.topN())));
        corpusName = corpusId + " (" + kind + " tokens)";
        showMessage("Counting token pairs in " + corpusName + "…", false);
        corpus = workspace.prepare(corpusId, spec, SplitSpec.DEFAULT);
        corpus.whenComplete((prepared, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause != null) Platform.runLater(() -> showMessage(corpusName + " could not be prepared: "
                    + Messages.describe(cause), false));
        });
        refresh();
    }

    /** The view on show. */
    public View selectedView() {
        if (learnedButton.isSelected()) return View.LEARNED;
        if (differenceButton.isSelected()) return View.DIFFERENCE;
        if (gradientButton.isSelected()) return View.GRADIENT;
        return View.COUNTED;
    }

    public Heatmap heatmap() {
        return heatmap;
    }

    /** True while a recomputation is asked for or running. */
    @Override
    public javafx.beans.property.ReadOnlyBooleanProperty busyProperty() {
        return recomputer.busyProperty();
    }

    private void refresh() {
        if (corpus == null) return;
        CompletableFuture<PreparedCorpus> preparing = corpus;
        View view = selectedView();
        int n = topN.getValue();
        double alpha = smoothing.getValue();
        boolean logarithmic = logScale.isSelected();
        ModelSnapshot trained = workspace.trainedModelProperty().get();
        logScale.setDisable(view == View.DIFFERENCE || view == View.GRADIENT);
        heatmap.setHint(view == View.GRADIENT ? "Point at a cell: its gradient, written out as (n_β T − n_αβ)/M."
                : "Point at a cell: its probability, and where it comes from.");
        recomputer.request(() -> compute(preparing.join(), view, n, alpha, logarithmic, trained));
    }

    /** One pass on a worker thread. */
    private Result compute(PreparedCorpus prepared, View view, int n, double alpha, boolean logarithmic,
                           ModelSnapshot trained) {
        Counted counted = countedCache;
        if (counted == null || counted.prepared() != prepared || counted.smoothing() != alpha) {
            counted = Counted.fit(prepared, alpha);
            countedCache = counted;
        }
        Shown countedShown = TransitionMatrices.counted(counted, n);
        String countedLoss = String.format(Locale.ROOT, "%s nats", nats(counted.validationCrossEntropy()));
        if (view == View.COUNTED) {
            String text = String.format(Locale.ROOT, "Counting bigram, add-%s: validation cross-entropy %s · uniform ln %d = %.3f",
                    trim(alpha), countedLoss, counted.vocabSize(), Math.log(counted.vocabSize()));
            return result(view, countedShown, countedShown.probabilities(), logarithmic, text, null, counted, countedShown, null);
        }
        String refusal = refusal(trained, counted);
        if (refusal != null) return new Result(view, null, null, "", refusal, counted, countedShown, null);
        BigramModel bigram = (BigramModel) trained.model();
        Shown learnedShown = TransitionMatrices.learned(bigram, counted, n);
        double learnedLoss = TransitionMatrices.crossEntropy(bigram, prepared.data().validationTokens());
        String learnedText = Double.isNaN(learnedLoss)
                ? "not computed live for V above " + TransitionMatrices.MAX_VOCAB_FOR_LEARNED_LOSS
                : nats(learnedLoss) + " nats";
        String source = trained.source() + " · step " + trained.step();
        if (view == View.LEARNED) {
            String text = String.format(Locale.ROOT, "Learned: %s · validation cross-entropy %s (counted: %s)",
                    source, learnedText, countedLoss);
            return result(view, learnedShown, learnedShown.probabilities(), logarithmic, text, null, counted,
                    countedShown, learnedShown);
        }
        if (view == View.GRADIENT) {
            double[][] gradient = BigramGradient.among(bigram, counted.counts(), countedShown.tokens());
            String text = String.format(Locale.ROOT, "∂L/∂Z over the whole training split (M = %,.0f predictions): "
                    + "largest |∂L/∂Z| among the shown cells %.3g · red: descent lowers the logit, blue: raises it · %s",
                    counted.counts().pairs(), TransitionMatrices.maxAbsolute(gradient), source);
            return result(view, learnedShown, gradient, false, text, null, counted, countedShown, learnedShown);
        }
        double[][] difference = TransitionMatrices.difference(learnedShown.probabilities(), countedShown.probabilities());
        String text = String.format(Locale.ROOT, "Learned − counted: mean |difference| %.4f over the shown cells · "
                + "validation cross-entropy %s learned vs %s counted · %s", TransitionMatrices.meanAbsolute(difference),
                learnedText, countedLoss, source);
        return result(view, learnedShown, difference, false, text, null, counted, countedShown, learnedShown);
    }

    private static Result result(View view, Shown tokens, double[][] values, boolean logarithmic, String metricText,
                                 String messageText, Counted counted, Shown countedShown, Shown learnedShown) {
        HeatmapData data = new HeatmapData(tokens.labels(), tokens.labels(), values, false);
        ColourScale scale = view == View.DIFFERENCE ? ColourScale.diverging(data.maxAbs(), "learned − counted")
                : view == View.GRADIENT ? ColourScale.diverging(data.maxAbs(), "∂L/∂Z")
                : logarithmic ? ColourScale.logarithmic(data.minPositive(1e-6), data.max(), "p(next | previous), log")
                : ColourScale.sequential(data.max(), "p(next | previous)");
        return new Result(view, data, scale, metricText, messageText, counted, countedShown, learnedShown);
    }

    /** Why the trained model cannot be shown here, or null when it can. */
    private String refusal(ModelSnapshot trained, Counted counted) {
        if (trained == null) {
            return "No bigram has been trained in this window yet. Train one in this lesson's Training tab: "
                    + "this view follows the run live, step by step.";
        }
        if (!(trained.model() instanceof BigramModel)) {
            return "The model trained in this window is a " + trained.kind() + ", not a bigram. Train the bigram in "
                    + "this lesson's Training tab to see its transition matrix.";
        }
        boolean sameTokens = trained.prepared() == counted.prepared()
                || trained.tokenizer().vocabSize() == counted.vocabSize()
                && trained.tokenizer().state().equals(counted.tokenizer().state());
        if (!sameTokens) {
            return "The bigram trained in this window uses other tokens (" + trained.tokenizer().kind() + ", V = "
                    + trained.vocabSize() + ") than this lab's " + corpusName + ", so the two cannot be compared. "
                    + "Train it on " + corpusName + " in this lesson's Training tab.";
        }
        return null;
    }

    /** FX thread: puts a computed pass on screen. */
    private void show(Result result) {
        shown = result;
        if (result.message() != null) {
            metric.setText(result.counted() == null ? "" : String.format(Locale.ROOT,
                    "Counting bigram, add-%s: validation cross-entropy %s nats", trim(result.counted().smoothing()),
                    nats(result.counted().validationCrossEntropy())));
            showMessage(result.message(), true);
        } else {
            messageBox.setVisible(false);
            heatmap.setOpacity(1);
            heatmap.show(result.data(), result.scale());
            metric.setText(result.metric());
        }
        int n = result.countedShown() == null ? topN.getValue() : result.countedShown().tokens().length;
        if (result.view() == View.GRADIENT && result.message() == null) {
            caption.setText("Columns: the previous token β; rows: the next token α; each cell is ∂L/∂Z_αβ = (n_β T_αβ − "
                    + "n_αβ)/M, the training split's loss differentiated by one logit: predicted minus observed, weighted "
                    + "by how often β occurs. Shown: the " + n + " most frequent tokens of " + corpusName + "'s training "
                    + "split. A full column sums to 0; the shown part of it need not.");
            return;
        }
        caption.setText("Columns: the previous token β; rows: the next token α; each cell is p(α | β), the lesson's "
                + "T_αβ, so a column is one distribution. Shown: the " + n + " most frequent tokens of " + corpusName
                + "'s training split. The cells hold the full model's probabilities, not renormalised over these "
                + n + ", so a column here sums to a little less than 1.");
    }

    private void showMessage(String text, boolean offerTraining) {
        message.setText(text);
        openTraining.setVisible(offerTraining);
        openTraining.setManaged(offerTraining);
        messageBox.setVisible(true);
        heatmap.setOpacity(0.15);
    }

    private String describe(Heatmap.Cell cell) {
        Result result = shown;
        String pair = "(next = " + TokenText.quoted(cell.rowLabel()) + " | previous = " + TokenText.quoted(cell.columnLabel()) + ")";
        if (result == null || result.countedShown() == null) return "p" + pair + " = " + probability(cell.value());
        int previous = result.countedShown().tokens()[cell.column()];
        int next = result.countedShown().tokens()[cell.row()];
        double countedP = result.countedShown().probabilities()[cell.row()][cell.column()];
        return switch (result.view()) {
            case COUNTED -> {
                Counted counted = result.counted();
                double pairs = counted.counts().count(previous, next);
                double total = 0;
                for (int alpha = 0; alpha < counted.vocabSize(); alpha++) total += counted.counts().count(previous, alpha);
                yield String.format(Locale.ROOT, "p%s = %s   = (%,.0f + %s) / (%,.0f + %s·%d)", pair, probability(cell.value()),
                        pairs, trim(counted.smoothing()), total, trim(counted.smoothing()), counted.vocabSize());
            }
            case LEARNED -> String.format(Locale.ROOT, "p%s = %s   counted: %s", pair, probability(cell.value()),
                    probability(countedP));
            case DIFFERENCE -> String.format(Locale.ROOT, "learned − counted for %s = %+.4f   (learned %s, counted %s)\n%s",
                    pair, cell.value(), probability(result.learnedShown().probabilities()[cell.row()][cell.column()]),
                    probability(countedP), gradient(result, previous, next, cell));
            case GRADIENT -> String.format(Locale.ROOT, "∂L/∂Z for %s, predicted minus observed:\n%s", pair,
                    gradient(result, previous, next, cell));
        };
    }

    /** ∂L/∂Z for the cell over the whole training split, (n_β T_αβ − n_αβ)/M (lesson 04b), from the raw counts. */
    private static String gradient(Result result, int previous, int next, Heatmap.Cell cell) {
        Counted counted = result.counted();
        double pairs = counted.counts().count(previous, next);
        double total = 0;
        for (int alpha = 0; alpha < counted.vocabSize(); alpha++) total += counted.counts().count(previous, alpha);
        double predictions = Math.max(1, counted.counts().pairs());
        double learned = result.learnedShown().probabilities()[cell.row()][cell.column()];
        return String.format(Locale.ROOT, "∂L/∂Z = (n_β T − n_αβ)/M = (%,.0f × %s − %,.0f) / %,.0f = %+.4g",
                total, probability(learned), pairs, predictions, (total * learned - pairs) / predictions);
    }

    /** Three decimals as the lesson writes them, more digits for the small ones. */
    static String probability(double p) {
        if (p >= 0.01 || p == 0) return String.format(Locale.ROOT, "%.3f", p);
        return String.format(Locale.ROOT, "%.2g", p);
    }

    private static String nats(double value) {
        return Double.isInfinite(value) ? "∞ (a validation pair never seen in training has p = 0)"
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String trim(double value) {
        return SmoothingValues.format(value);
    }

    @Override
    public void dispose() {
        workspace.trainedModelProperty().removeListener(followTrained);
        recomputer.dispose();
    }
}
