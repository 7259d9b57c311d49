package org.slmworkshop.ui.lab.embedding;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import org.slmworkshop.inspect.EmbeddingMap;
import org.slmworkshop.inspect.EmbeddingMap.Neighbour;
import org.slmworkshop.inspect.TokenClass;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.LatestWork;
import org.slmworkshop.ui.lab.ModelChooser;
import org.slmworkshop.util.Messages;

/**
 * The embedding map: the token embeddings of a low-rank model or a GPT projected on their first two principal
 * components, each token drawn as its label in its class's colour; hovering a token lists its nearest neighbours in
 * the full embedding. It follows the model training in this window, recomputed on the lab's own thread at most every
 * {@link #LIVE_GAP}, or shows a checkpoint.
 */
public final class EmbeddingLab implements LabView {
    /** A model that is still training is projected again at most this often (and only when a new copy arrived). */
    static final Duration LIVE_GAP = Duration.millis(500);
    static final int NEIGHBOURS = 8;
    private static final String CHOOSE_MODEL = "Choose a model above: train a low-rank model or a GPT in this window"
            + " (the map follows it while it trains), or open a checkpoint.";
    private static final String NO_EMBEDDINGS = "The embedding map needs a low-rank model or a GPT: a bigram has no"
            + " embeddings, its table maps each previous token straight to next-token scores.";

    private final Workspace workspace;
    private final ExecutorService worker;
    private final ModelChooser chooser;
    private final EmbeddingPlot plot = new EmbeddingPlot();
    private final NeighbourList neighbours = new NeighbourList();
    private final Label summary = new Label();
    private final FlowPane legend = new FlowPane(12, 4);
    private final Label xTitle = new Label();
    private final Label yTitle = new Label();
    private final Label message = new Label();
    private final LatestWork<MapPoints> projection;
    private final LatestWork<Near> nearest;
    private final VBox root = new VBox(6);
    private MapPoints shown;

    /** A hovered token's neighbours, on the map they were found on. */
    private record Near(MapPoints points, int token, List<Neighbour> neighbours) {}

    public EmbeddingLab(Workspace workspace) {
        this.workspace = workspace;
        worker = workspace.threads().own("embedding-map");
        chooser = new ModelChooser(workspace, snapshot -> EmbeddingMap.hasEmbeddings(snapshot.model()), NO_EMBEDDINGS);
        projection = new LatestWork<>(worker, this::show, this::failed);
        nearest = new LatestWork<>(worker, this::showNear, error -> neighbours.clear(shown == null ? 0 : shown.map().width()));
        build();
    }

    private void build() {
        root.getStyleClass().add("embedding-lab");
        root.setId("embedding-lab");
        root.getStylesheets().add(EmbeddingLab.class.getResource("/css/embedding.css").toExternalForm());
        chooser.setId("embedding-model");
        chooser.modelProperty().addListener((obs, old, snapshot) -> project(snapshot));
        summary.setId("embedding-summary");
        summary.getStyleClass().add("embedding-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        legend.setId("embedding-legend");
        legend.getStyleClass().add("embedding-legend");

        plot.setId("embedding-plot");
        plot.setOnHover(this::hover);
        message.setId("embedding-message");
        message.getStyleClass().add("lab-message");
        message.setWrapText(true);
        message.setMaxSize(420, Region.USE_PREF_SIZE);
        StackPane canvasArea = new StackPane(plot, message);
        StackPane.setAlignment(message, Pos.CENTER);
        xTitle.setId("embedding-x-title");
        yTitle.setId("embedding-y-title");
        xTitle.getStyleClass().add("axis-title");
        yTitle.getStyleClass().add("axis-title");
        yTitle.setRotate(-90);
        Group yTitleTurned = new Group(yTitle);
        HBox plotRow = new HBox(4, yTitleTurned, canvasArea);
        plotRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(canvasArea, Priority.ALWAYS);
        VBox.setVgrow(plotRow, Priority.ALWAYS);
        VBox plotBox = new VBox(2, plotRow, xTitle);
        plotBox.setAlignment(Pos.TOP_CENTER);
        plotBox.setMinWidth(260);
        HBox.setHgrow(plotBox, Priority.ALWAYS);
        neighbours.setId("embedding-neighbours");
        HBox body = new HBox(10, plotBox, neighbours);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().addAll(chooser, summary, legend, body);
        showMessage(CHOOSE_MODEL);
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void apply(LabSettings settings) {
        if (settings.checkpoint() != null) chooser.showCheckpoint(workspace.resolveLessonPath(settings.checkpoint()));
        else chooser.showTrained();
        project(chooser.model());
    }

    private void project(ModelSnapshot snapshot) {
        if (snapshot == null) {
            projection.cancelPending();
            ModelChooser.Source source = chooser.sourceProperty().get();
            boolean refused = source != null && (source.checkpoint() != null || workspace.trainedModelProperty().get() != null);
            showMessage(refused ? NO_EMBEDDINGS : CHOOSE_MODEL);
            return;
        }
        projection.request(() -> MapPoints.of(snapshot), snapshot.live() ? LIVE_GAP : Duration.ZERO);
    }

    private void show(MapPoints points) {
        if (chooser.model() == null) return;   // the learner moved on to a model this lab cannot show
        boolean sameTokens = shown != null && shown.size() == points.size();
        shown = points;
        message.setVisible(false);
        plot.setOpacity(1);
        EmbeddingMap map = points.map();
        xTitle.setText(axisTitle(map, 0) + "  →");
        yTitle.setText(axisTitle(map, 1) + "  →");
        ModelSnapshot snapshot = points.snapshot();
        summary.setText(String.format(Locale.ROOT, "%,d tokens, each an embedding of d = %d numbers; the two axes together"
                        + " show %.0f%% of their variance%s.", map.tokens(), map.width(),
                100 * (map.varianceShare(0) + map.varianceShare(1)),
                snapshot.live() ? String.format(Locale.ROOT, " · step %,d, redrawn as it trains", snapshot.step()) : ""));
        fillLegend(points);
        plot.show(points);
        int hovered = plot.hovered();
        if (sameTokens && hovered >= 0) hover(hovered);   // the same token's neighbours on the new weights
        else if (hovered < 0) neighbours.clear(map.width());
    }

    static String axisTitle(EmbeddingMap map, int axis) {
        return String.format(Locale.ROOT, "PC%d (%.1f%% of variance)", axis + 1, 100 * map.varianceShare(axis));
    }

    private void fillLegend(MapPoints points) {
        legend.getChildren().clear();
        for (TokenClass kind : points.present()) {
            Circle dot = new Circle(5, EmbeddingPlot.COLOURS.get(kind));
            Label entry = new Label(kind.label(), dot);
            entry.getStyleClass().add("legend-entry");
            legend.getChildren().add(entry);
        }
        if (points.size() > EmbeddingPlot.LABEL_ALL) {
            Label note = new Label(String.format(Locale.ROOT, "labels on the first %d token ids; the other %,d are dots",
                    EmbeddingPlot.LABELLED, points.size() - EmbeddingPlot.LABELLED));
            note.getStyleClass().add("legend-note");
            legend.getChildren().add(note);
        }
    }

    private void hover(int token) {
        MapPoints points = shown;
        if (token < 0 || points == null) {
            nearest.cancelPending();
            plot.highlight(-1, List.of());
            neighbours.clear(points == null ? 0 : points.map().width());
            return;
        }
        nearest.request(() -> new Near(points, token, points.map().neighbours(token, NEIGHBOURS)), Duration.ZERO);
    }

    private void showNear(Near near) {
        if (near.points() != shown || near.token() != plot.hovered()) return;   // the pointer or the map moved on
        plot.highlight(near.token(), near.neighbours());
        neighbours.show(shown.labels()[near.token()], shown.classes()[near.token()], near.neighbours(), shown.labels(),
                shown.classes());
    }

    private void failed(Throwable error) {
        showMessage(error instanceof IllegalArgumentException ? error.getMessage()
                : "The embedding map could not be computed: " + Messages.describe(error));
    }

    private void showMessage(String text) {
        message.setText(text);
        message.setVisible(true);
        plot.setOpacity(shown == null ? 0.15 : 0.3);
    }

    @Override
    public void dispose() {
        projection.dispose();
        nearest.dispose();
        worker.shutdownNow();
        chooser.dispose();
    }

    // what the tests read
    MapPoints shown() {
        return shown;
    }

    EmbeddingPlot plot() {
        return plot;
    }

    NeighbourList neighbourList() {
        return neighbours;
    }

    ModelChooser chooser() {
        return chooser;
    }

    String message() {
        return message.isVisible() ? message.getText() : null;
    }

    String xTitle() {
        return xTitle.getText();
    }

    String yTitle() {
        return yTitle.getText();
    }

    List<String> legendEntries() {
        return legend.getChildren().stream().map(node -> ((Label) node).getText()).toList();
    }

    boolean busy() {
        return projection.busyProperty().get() || nearest.busyProperty().get();
    }
}
