package org.slmworkshop.ui.lab.surprise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.controlsfx.control.SegmentedButton;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.model.CountingBigram;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.TokenLosses;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.LatestWork;
import org.slmworkshop.ui.lab.TokenText;
import org.slmworkshop.util.Messages;

/**
 * The surprise lab: one passage scored by two models, each token coloured by its loss −ln p, with
 * the cross-entropy and perplexity of each, the sliding windows that scored it, and where model B
 * is less surprised than A. The losses are the engine's {@code TokenLosses}, so they average to
 * what {@code eval} reports for the same text.
 */
public final class SurpriseLab implements LabView {
    /** A model that is still training is rescored at most this often. */
    static final Duration LIVE_GAP = Duration.seconds(3);
    private static final int DEFAULT_CONTEXT = 64;
    private static final double SMOOTHING = 1.0;   // as fit-counts: no token of the passage gets p = 0
    private static final String HOVER_HINT = "Hover a token: its loss −ln p, p, and how many tokens of context it was"
            + " scored with (marked above it). The first token has no context and is not scored.";

    private final Workspace workspace;
    private final ExecutorService worker;
    private final PassageBar passageBar = new PassageBar();
    private final ModelColumn columnA;
    private final ModelColumn columnB;
    private final LatestWork<Scored> workA;
    private final LatestWork<Scored> workB;
    private final RampLegend legend = new RampLegend();
    private final Label legendTitle = new Label();
    private final ToggleButton sideBySide = new ToggleButton("Side by side");
    private final ToggleButton difference = new ToggleButton("Where B beats A");
    private final DifferenceView differenceView = new DifferenceView();
    private final HBox columns;
    private final Label readout = new Label(HOVER_HINT);
    private final ProgressIndicator busy = new ProgressIndicator();
    private final VBox root;
    private CompletableFuture<PreparedCorpus> corpus;
    private CompletableFuture<ModelSnapshot> counted;
    private String corpusName = "the corpus";
    private int bigramContext = DEFAULT_CONTEXT;
    private boolean disposed;

    public SurpriseLab(Workspace workspace) {
        this.workspace = workspace;
        worker = workspace.threads().own("surprise-lab");
        columnA = new ModelColumn("A", new ModelPicker(workspace, "A", this::countedBigram, "Counting bigram"));
        columnB = new ModelColumn("B", new ModelPicker(workspace, "B", this::countedBigram, "Counting bigram"));
        workA = new LatestWork<>(worker, scored -> shown(columnA, scored), error -> failed(columnA, error));
        workB = new LatestWork<>(worker, scored -> shown(columnB, scored), error -> failed(columnB, error));
        columns = new HBox(8, columnA, columnB);
        root = layout();
        root.getStylesheets().add(SurpriseLab.class.getResource("/css/surprise.css").toExternalForm());
        passageBar.setOnChanged(this::rescoreBoth);
        columnA.picker().modelProperty().addListener((obs, old, model) -> rescore(columnA, workA));
        columnB.picker().modelProperty().addListener((obs, old, model) -> rescore(columnB, workB));
        workA.busyProperty().addListener((obs, old, now) -> busyChanged());
        workB.busyProperty().addListener((obs, old, now) -> busyChanged());
        for (ModelColumn column : List.of(columnA, columnB)) {
            column.flow().setOnHover(position -> hover(column, position));
            column.strip().setOnHover(position -> hover(column, position));
            column.flow().setDescription(position -> tooltip(column, position));
        }
        differenceView.flow().setOnHover(position -> hover(columnB, position));
        differenceView.flow().setDescription(position -> tooltip(columnB, position));
    }

    private VBox layout() {
        HBox.setHgrow(columnA, Priority.ALWAYS);
        HBox.setHgrow(columnB, Priority.ALWAYS);
        columnA.setPrefWidth(0);   // the two halves share the width equally, whatever their text
        columnB.setPrefWidth(0);
        columnA.setMinWidth(200);
        columnB.setMinWidth(200);
        sideBySide.setId("surprise-side-by-side");
        difference.setId("surprise-difference");
        sideBySide.setSelected(true);
        SegmentedButton views = new SegmentedButton(sideBySide, difference);
        views.getStyleClass().add("surprise-views");
        views.setMinWidth(Region.USE_PREF_SIZE);
        views.getToggleGroup().selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) old.setSelected(true);   // one view is always chosen
            else viewChanged();
        });
        legendTitle.getStyleClass().add("legend-title");
        legendTitle.setMinWidth(Region.USE_PREF_SIZE);
        legend.setId("surprise-legend");
        HBox.setHgrow(legend, Priority.ALWAYS);
        busy.setPrefSize(16, 16);
        busy.setMinSize(16, 16);
        busy.setVisible(false);
        passageBar.addToRow(views);
        HBox legendRow = new HBox(10, legendTitle, legend, busy);
        legendRow.setAlignment(Pos.CENTER_LEFT);
        StackPane body = new StackPane(columns, differenceView);
        VBox.setVgrow(body, Priority.ALWAYS);
        readout.setId("surprise-readout");
        readout.getStyleClass().add("surprise-readout");
        readout.setWrapText(true);
        readout.setMinHeight(Region.USE_PREF_SIZE);
        readout.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(8, passageBar, legendRow, body, readout);
        box.getStyleClass().add("surprise-lab");
        box.setId("surprise-lab");
        viewChanged();
        return box;
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void apply(LabSettings settings) {
        corpusName = workspace.corpusFor(settings);
        if (settings.hyperparameters().get("context") instanceof Number context) bigramContext = context.intValue();
        passageBar.setStride(Math.max(1, bigramContext / 2));
        corpus = workspace.prepare(corpusName, Workspace.tokenizerFor(settings, corpusName), SplitSpec.DEFAULT);
        counted = null;
        columnA.showWaiting("Loading the " + corpusName + " validation split…");
        columnB.showWaiting("Loading the " + corpusName + " validation split…");
        corpus.whenComplete((prepared, error) -> Platform.runLater(() -> {
            if (disposed) return;
            if (error != null) {
                String message = "Could not load the corpus " + corpusName + ": " + Messages.describe(unwrap(error));
                columnA.showError(message);
                columnB.showError(message);
            } else {
                passageBar.setValidation(prepared);
            }
        }));
        if (settings.prompt() != null) passageBar.useOwnText(settings.prompt());
        columnA.picker().showCounted();
        if (settings.checkpoint() != null) columnB.picker().showCheckpoint(workspace.resolveLessonPath(settings.checkpoint()));
        else columnB.picker().showTrained();
    }

    /** The closed-form bigram of the passage's corpus, counted once on the lab's thread. */
    private CompletableFuture<ModelSnapshot> countedBigram() {
        if (corpus == null) return CompletableFuture.failedFuture(new IllegalStateException("no corpus chosen yet"));
        if (counted == null) {
            int context = bigramContext;
            counted = corpus.thenApplyAsync(prepared -> {
                int vocab = prepared.tokenizer().vocabSize();
                CountingBigram counts = CountingBigram.fit(List.of(prepared.data().trainTokens()), vocab, SMOOTHING);
                BigramModel model = counts.toModel(context);
                return new ModelSnapshot(model, prepared.tokenizer(), prepared, prepared.corpus().id()
                        + " training split, add-1", 0, false);
            }, worker);
        }
        return counted;
    }

    private void rescoreBoth() {
        rescore(columnA, workA);
        rescore(columnB, workB);
    }

    private void rescore(ModelColumn column, LatestWork<Scored> work) {
        ModelSnapshot model = column.picker().model();
        PassageBar.Passage passage = passageBar.passage();
        if (model == null) {
            work.cancelPending();
            column.showWaiting("No model to score with yet (see above).");
            repaint();
            return;
        }
        if (passage == null) return;   // the validation split is still loading
        int stride = passageBar.stride();
        boolean followingARun = model.live() && column.shown() != null && column.shown().text().equals(passage.text());
        work.request(() -> Scored.score(model, passage.text(), stride), followingARun ? LIVE_GAP : Duration.ZERO);
        column.showScoring();
    }

    private void shown(ModelColumn column, Scored scored) {
        column.show(scored);
        repaint();
    }

    private void failed(ModelColumn column, Throwable error) {
        column.showError("This passage cannot be scored: " + Messages.describe(error) + ".");
        repaint();
    }

    private void busyChanged() {
        busy.setVisible(workA.busyProperty().get() || workB.busyProperty().get());
    }

    private void viewChanged() {
        boolean showDifference = difference.isSelected();
        columns.setVisible(!showDifference);
        differenceView.setVisible(showDifference);
        repaint();
    }

    /** Both columns on one ramp, from 0 to the largest loss either shows; the difference view on its own. */
    private void repaint() {
        Scored a = columnA.shown(), b = columnB.shown();
        double max = 0;
        for (Scored s : new Scored[] {a, b}) if (s != null) max = Math.max(max, s.maxLoss());
        ColourRamp ramp = ColourRamp.surprise(max);
        columnA.paint(ramp);
        columnB.paint(ramp);
        if (difference.isSelected()) {
            paintDifference(a, b);
            return;
        }
        legendTitle.setText("loss −ln p (nats)");
        if (a == null && b == null) {
            legend.clear();
            return;
        }
        List<RampLegend.Marker> markers = new ArrayList<>();
        if (a != null) markers.add(new RampLegend.Marker("A", a.losses().crossEntropy(), Color.web("#7c3aed")));
        if (b != null) markers.add(new RampLegend.Marker("B", b.losses().crossEntropy(), Color.web("#0f766e")));
        Scored any = b != null ? b : a;
        boolean oneVocabulary = a == null || b == null || a.model().vocabSize() == b.model().vocabSize();
        if (oneVocabulary) markers.add(new RampLegend.Marker("uniform ln V", Math.log(any.model().vocabSize()),
                Color.web("#6b7280")));
        legend.show(ramp, markers);
    }

    private void paintDifference(Scored a, Scored b) {
        legendTitle.setText("loss A − loss B (nats)");
        DifferenceView.Drawn drawn = differenceView.show(a, b);
        if (drawn == null) legend.clear();
        else legend.show(drawn.ramp(), List.of(new RampLegend.Marker("mean", drawn.meanDifference(), null)));
    }

    /** Marks the token under the mouse in every view of the same tokens, and tells its numbers. */
    private void hover(ModelColumn from, int position) {
        Scored source = from.shown();
        for (ModelColumn column : List.of(columnA, columnB)) {
            boolean same = column == from || (column.shown() != null && column.shown().alignsWith(source));
            column.highlight(same ? position : -1);
        }
        Scored b = columnB.shown();
        TokenFlow differenceFlow = differenceView.flow();
        boolean differenceShowsIt = differenceFlow.shown() != null && differenceFlow.shown() == b && source != null
                && (from == columnB || source.alignsWith(b));
        differenceFlow.highlight(differenceShowsIt ? position : -1,
                differenceShowsIt && position >= 1 ? b.at(position).contextLength() : 0);
        readout.setText(position < 1 || source == null ? HOVER_HINT : describe(from, position));
    }

    /** "'M' (token 212): A 7.912 nats, p = 0.0004, scored with 44 tokens of context · B …" */
    String describe(ModelColumn from, int position) {
        Scored source = from.shown();
        if (source == null || position < 1 || position >= source.tokenCount()) return "";
        TokenLosses.TokenLoss token = source.at(position);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "'%s' (token %d): ", TokenText.dotted(token.piece()),
                position));
        List<String> parts = new ArrayList<>();
        for (ModelColumn column : List.of(columnA, columnB)) {
            Scored scored = column.shown();
            if (scored == null || !(column == from || scored.alignsWith(source))) continue;
            TokenLosses.TokenLoss own = scored.at(position);
            parts.add(String.format(Locale.ROOT, "%s loss %.3f nats, p = %s, scored with %d token%s of context (window %d)%s",
                    column.name(), own.loss(), probability(Math.exp(-own.loss())), own.contextLength(),
                    own.contextLength() == 1 ? "" : "s", own.window(),
                    scored.readsOneToken() ? ", of which a bigram reads the last" : ""));
        }
        return text.append(String.join(" · ", parts)).toString();
    }

    /** The same numbers, one line per model, for the tooltip beside the token. */
    private String tooltip(ModelColumn from, int position) {
        Scored source = from.shown();
        if (source == null || position < 1 || position >= source.tokenCount()) return "";
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "'%s' · token %d",
                TokenText.dotted(source.at(position).piece()), position));
        for (ModelColumn column : List.of(columnA, columnB)) {
            Scored scored = column.shown();
            if (scored == null || !(column == from || scored.alignsWith(source))) continue;
            TokenLosses.TokenLoss own = scored.at(position);
            text.append(String.format(Locale.ROOT, "%n%s: loss %.3f nats · p = %s · context %d", column.name(), own.loss(),
                    probability(Math.exp(-own.loss())), own.contextLength()));
        }
        return text.toString();
    }

    private static String probability(double p) {
        return p >= 0.01 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.2e", p);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }

    ModelColumn column(String name) {
        return "A".equals(name) ? columnA : columnB;
    }

    PassageBar passageBar() {
        return passageBar;
    }

    DifferenceView differenceView() {
        return differenceView;
    }

    RampLegend legend() {
        return legend;
    }

    Label readout() {
        return readout;
    }

    @Override
    public void dispose() {
        disposed = true;
        workA.dispose();
        workB.dispose();
        columnA.picker().dispose();
        columnB.picker().dispose();
        passageBar.dispose();
        worker.shutdownNow();
    }
}
