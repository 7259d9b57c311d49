package org.slmworkshop.ui.lab.beam;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.util.Duration;
import org.slmworkshop.generate.BeamTree;
import org.slmworkshop.generate.BeamTree.Status;
import org.slmworkshop.text.Tokenizer;

/**
 * The search drawn as a tree, one column per step: kept nodes blue, finished ones green, pruned ones
 * faded (never hidden), and greedy's path in a dashed orange outline, off the tree too. Zoom with
 * the buttons or Ctrl + wheel; the tree scrolls both ways. Nodes, edges and greedy's outlines sit in
 * three layers, so a node added later never hides under an edge.
 */
final class BeamTreeView extends VBox {
    static final double NODE_WIDTH = 160, NODE_HEIGHT = 52, COLUMN_PITCH = 204, ROW_PITCH = 60;
    static final double PRUNED_HEIGHT = BeamTreeLayout.PRUNED_SIZE * ROW_PITCH - 4;   // one line: token, log p and p
    private static final double HEADER = 22, MARGIN = 10, OUTLINE = 4;
    // a node drawn in sight costs CSS and a first paint into its cache, and more than 12 changed nodes a frame repaint
    // the whole visible tree: 40 a frame took 40-65 ms in software rendering, 12 a frame 30-66 ms
    static final int NODES_PER_FRAME = 4;
    // out of sight a frame changes up to 8 more nodes or makes 4 new ones (CSS and layout only, no painting; a new
    // node's CSS took about 1 ms in software rendering): with those in sight at most 12, JavaFX's limit of changed
    // children past which it repaints the whole group, here the whole visible tree (26-52 ms)
    static final int HIDDEN_COST = 8, NEW_NODE_COST = 2;
    private static final double MIN_ZOOM = 0.3, MAX_ZOOM = 2.0, ZOOM_STEP = 1.2, MIN_AUTO_ZOOM = 0.8;

    private final Pane canvas = new Pane();
    private final Group headers = new Group(), edges = new Group(), nodes = new Group(), outlines = new Group();
    private final ArrayDeque<BeamTreeLayout.Cell> pending = new ArrayDeque<>();
    private final AnimationTimer drawer = new AnimationTimer() {
        private long started;
        private boolean waiting;

        @Override
        public void start() {
            waiting = true;
            super.start();
        }

        @Override
        public void handle(long now) {
            if (waiting) {   // the frame that lays out what came with the new tree (headers, status) draws no node
                waiting = false;
                started = now;
                return;
            }
            if (now != started) drawNext();
        }
    };
    private Runnable whenDrawn;
    private Drawing drawing;
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final ScrollPane scroll;
    private final Label zoomLabel = new Label("100%");
    private final Label progress = new Label();
    private final Label placeholder = new Label();
    private final List<BeamNodeView> nodeViews = new ArrayList<>();
    private final List<CubicCurve> edgeViews = new ArrayList<>();   // by cell index; null for the root
    private final List<Rectangle> outlineViews = new ArrayList<>();   // by cell index; null off greedy's path
    private static final int MAX_FRAMES_LOGGED = 500;
    private final List<Frame> frames = new ArrayList<>();
    private final Tooltip tooltip = new Tooltip();
    private Set<Integer> highlighted = Set.of();
    private Consumer<String> onHover = text -> { };
    private double zoom = 1;

    BeamTreeView() {
        getStyleClass().add("beam-tree");
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setShowDuration(Duration.seconds(30));
        canvas.getStyleClass().add("beam-canvas");
        canvas.getTransforms().add(scale);
        edges.setMouseTransparent(true);
        outlines.setMouseTransparent(true);
        canvas.getChildren().addAll(headers, edges, nodes, outlines);
        scroll = new ScrollPane(new Group(canvas));
        scroll.setId("beam-tree-scroll");
        scroll.getStyleClass().add("beam-tree-scroll");
        scroll.setPannable(true);
        scroll.addEventFilter(ScrollEvent.SCROLL, event -> {
            if (!event.isControlDown() || event.getDeltaY() == 0) return;
            setZoom(zoom * (event.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP));
            event.consume();
        });
        placeholder.getStyleClass().add("beam-placeholder");
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(Double.MAX_VALUE);
        placeholder.setMouseTransparent(true);
        javafx.scene.layout.StackPane.setAlignment(placeholder, Pos.TOP_LEFT);
        // the message over the (then empty) tree, not above it: hiding it moves nothing, so the first nodes of a tree
        // repaint only themselves
        javafx.scene.layout.StackPane stack = new javafx.scene.layout.StackPane(scroll, placeholder);
        VBox.setVgrow(stack, Priority.ALWAYS);
        getChildren().add(stack);
        showMessage("Waiting for the search…");
    }

    /** −, the zoom, + and Fit, for the lab's toolbar. */
    HBox zoomBar() {
        Button out = new Button("−");
        out.setId("beam-zoom-out");
        out.setOnAction(e -> setZoom(zoom / ZOOM_STEP));
        Button in = new Button("+");
        in.setId("beam-zoom-in");
        in.setOnAction(e -> setZoom(zoom * ZOOM_STEP));
        Button fit = new Button("Fit");
        fit.setId("beam-zoom-fit");
        fit.setOnAction(e -> setZoom(fitZoom(MIN_ZOOM)));
        zoomLabel.setId("beam-zoom");
        zoomLabel.getStyleClass().add("beam-zoom-label");
        zoomLabel.setMinWidth(Region.USE_PREF_SIZE);
        for (Button b : List.of(out, in, fit)) {
            b.getStyleClass().add("beam-zoom-button");
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        progress.setId("beam-drawing");
        progress.getStyleClass().add("beam-drawing");
        progress.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(4, progress, out, zoomLabel, in, fit);
        bar.setAlignment(Pos.CENTER_RIGHT);
        return bar;
    }

    /** Gets a one-line description of the node under the mouse, or null when it leaves. */
    void setOnHover(Consumer<String> action) {
        onHover = action == null ? text -> { } : action;
    }

    void showMessage(String message) {
        clear();
        placeholder.setText(message);
        placeholder.setVisible(true);
    }

    private void clear() {
        drawer.stop();
        whenDrawn = null;
        pending.clear();
        progress.setText("");
        headers.getChildren().clear();
        edges.getChildren().clear();
        nodes.getChildren().clear();
        outlines.getChildren().clear();
        nodeViews.clear();
        edgeViews.clear();
        outlineViews.clear();
        highlighted = Set.of();
    }

    /**
     * Draws the tree from the next frame on, {@link #NODES_PER_FRAME} nodes in sight a frame from left to right and
     * more out of sight, so that even the widest search never holds the FX thread for long, then runs {@code then}
     * in the frame after the last; {@code keepZoom} leaves the zoom alone (a live model's refresh).
     */
    void show(BeamTree tree, BeamTreeLayout layout, Tokenizer tokenizer, boolean keepZoom, Runnable then) {
        drawer.stop();
        whenDrawn = then;
        pending.clear();
        placeholder.setVisible(false);
        for (int column = 0; column < layout.columns(); column++) {
            Label header;
            if (column < headers.getChildren().size()) {
                header = (Label) headers.getChildren().get(column);
            } else {
                header = new Label();
                header.getStyleClass().add("beam-step-header");
                header.setLayoutX(x(column));
                header.setLayoutY(MARGIN - 6);
                header.setPrefWidth(NODE_WIDTH);
                header.setAlignment(Pos.CENTER);
                headers.getChildren().add(header);
            }
            header.setText(column == 0 ? "prompt" : "step " + column);
            if (column > tree.steps() != header.getStyleClass().contains("beyond-search")) {
                if (column > tree.steps()) header.getStyleClass().add("beyond-search");
                else header.getStyleClass().remove("beyond-search");
            }
        }
        trim(headers.getChildren(), layout.columns());
        double width = 2 * MARGIN + (layout.columns() - 1) * COLUMN_PITCH + NODE_WIDTH + OUTLINE;
        double height = y(layout.rows()) + MARGIN;
        if (keepZoom) {   // a live model's refresh: resizing the tree's pane repaints all of it, so it only grows
            width = Math.max(width, canvas.getPrefWidth());
            height = Math.max(height, canvas.getPrefHeight());
        }
        canvas.setPrefSize(width, height);
        canvas.setMinSize(width, height);
        canvas.setMaxSize(width, height);
        drawing = new Drawing(tree, layout, tokenizer);
        int cells = layout.cells().size();
        while (nodeViews.size() > cells) {
            BeamNodeView extra = nodeViews.remove(nodeViews.size() - 1);
            if (extra != null) nodes.getChildren().remove(extra);
        }
        while (edgeViews.size() > cells) {
            CubicCurve extra = edgeViews.remove(edgeViews.size() - 1);
            if (extra != null) edges.getChildren().remove(extra);
        }
        while (outlineViews.size() > cells) {
            Rectangle extra = outlineViews.remove(outlineViews.size() - 1);
            if (extra != null) outlines.getChildren().remove(extra);
        }
        // one slot per cell, filled as cells are drawn (those in sight first, so not in index order)
        while (nodeViews.size() < cells) nodeViews.add(null);
        while (edgeViews.size() < cells) edgeViews.add(null);
        while (outlineViews.size() < cells) outlineViews.add(null);
        highlight(Set.of());
        frames.clear();
        pending.addAll(layout.cells());
        drawer.start();   // the first nodes in the next frame, the rest over the frames after it
        if (!keepZoom) {
            setZoom(1);
            Platform.runLater(() -> setZoom(fitZoom(MIN_AUTO_ZOOM)));   // once the viewport has its size
        }
    }

    private static void trim(javafx.collections.ObservableList<javafx.scene.Node> children, int size) {
        if (children.size() > size) children.remove(size, children.size());
    }

    private record Drawing(BeamTree tree, BeamTreeLayout layout, Tokenizer tokenizer) {}

    /**
     * Draws the next cells of the tree. A cell whose index was drawn before reuses that node and edge, with new
     * texts and places, restyled only where its classes changed: a live model's search every few seconds then
     * costs no new nodes and little CSS (recreating a few hundred nodes took the FX thread a 25-75 ms CSS pass).
     */
    private void drawNext() {
        Bounds seen = visibleArea();
        List<BeamTreeLayout.Cell> now = new ArrayList<>();
        int inSight = 0, outOfSight = 0, created = 0, hiddenCost = 0;
        for (var it = pending.iterator(); it.hasNext() && (inSight < NODES_PER_FRAME || hiddenCost < HIDDEN_COST); ) {
            BeamTreeLayout.Cell cell = it.next();
            boolean fresh = nodeViews.get(cell.index()) == null;
            if (seen == null || seen.intersects(area(cell))) {
                if (inSight == NODES_PER_FRAME) continue;
                inSight++;
            } else {
                int cost = fresh ? NEW_NODE_COST : 1;
                if (hiddenCost + cost > HIDDEN_COST) continue;
                hiddenCost += cost;
                outOfSight++;
            }
            if (fresh) created++;
            now.add(cell);
            it.remove();
        }
        now.forEach(this::drawCell);
        // cells out of sight cost no painting, but a frame whose only changes lie out of sight repaints the whole
        // window (JavaFX then finds no dirty region and paints everything): the progress line changes every frame
        int total = drawing.layout().cells().size();
        progress.setText(pending.isEmpty() ? "" : String.format(Locale.ROOT, "drawing %d of %d", total - pending.size(), total));
        if (frames.size() == MAX_FRAMES_LOGGED) frames.remove(0);
        frames.add(new Frame(seen != null, inSight, outOfSight, created, progress.getText()));
        if (pending.isEmpty()) {
            drawer.stop();
            Runnable then = whenDrawn;
            whenDrawn = null;
            if (then != null) org.slmworkshop.ui.lab.NextFrame.run(then);
        }
    }

    /**
     * One frame of drawing: whether the tree was on screen, how many cells it drew in and out of sight, how many of
     * them were new nodes, and the progress line it left.
     */
    record Frame(boolean onScreen, int inSight, int outOfSight, int created, String progress) {}

    /** The frames that drew the last tree, first to last. */
    List<Frame> frames() {
        return List.copyOf(frames);
    }

    private void drawCell(BeamTreeLayout.Cell cell) {
        int i = cell.index();
        BeamNodeView view = nodeViews.get(i);
        if (view != null) {
            NodeText text = nodeText(drawing.tree(), cell, drawing.tokenizer());
            view.update(cell, text.token(), text.badge(), text.own(), text.path());
            restyle(view, nodeClasses(cell));
            place(view, cell);
        } else {
            view = nodeView(drawing.tree(), cell, drawing.tokenizer());
            nodeViews.set(i, view);
            nodes.getChildren().add(view);
        }
        CubicCurve old = edgeViews.get(i);
        CubicCurve curve = cell.parent() < 0 ? null : edge(drawing.layout().cells().get(cell.parent()), cell, old);
        if (old != null && curve == null) edges.getChildren().remove(old);
        if (old == null && curve != null) edges.getChildren().add(curve);
        edgeViews.set(i, curve);
        Rectangle outline = outlineViews.get(i);
        if (cell.greedy() && cell.parent() >= 0) {   // moved, not made anew: a refresh then repaints no old outline
            if (outline == null) {
                outline = new Rectangle();
                outline.getStyleClass().add("greedy-outline");
                outline.setMouseTransparent(true);
                outlines.getChildren().add(outline);
                outlineViews.set(i, outline);
            }
            outline.setX(x(cell.column()) - OUTLINE);
            outline.setY(y(cell.row()) - OUTLINE);
            outline.setWidth(NODE_WIDTH + 2 * OUTLINE);
            outline.setHeight(height(cell) + 2 * OUTLINE);
        } else if (outline != null) {
            outlines.getChildren().remove(outline);
            outlineViews.set(i, null);
        }
    }

    /** What a cell draws on: its node with its outline, and the edge from its parent's column. */
    private static Bounds area(BeamTreeLayout.Cell cell) {
        double left = cell.parent() < 0 ? x(cell.column()) : x(cell.column()) - (COLUMN_PITCH - NODE_WIDTH);
        return new javafx.geometry.BoundingBox(left - OUTLINE, y(cell.row()) - OUTLINE,
                x(cell.column()) + NODE_WIDTH + OUTLINE - (left - OUTLINE), height(cell) + 2 * OUTLINE);
    }

    /**
     * The part of the tree on screen, in the tree's own coordinates (zoom and scrolling undone): the scroll pane's
     * viewport within the window; null while the view is not on screen.
     */
    private Bounds visibleArea() {
        javafx.scene.Node viewport = scroll.lookup(".viewport");
        javafx.scene.Scene scene = getScene();
        if (viewport == null || scene == null || scene.getWindow() == null || !scene.getWindow().isShowing()) return null;
        Bounds inScene = viewport.localToScene(viewport.getLayoutBounds());
        double minX = Math.max(0, inScene.getMinX()), minY = Math.max(0, inScene.getMinY());
        double maxX = Math.min(scene.getWidth(), inScene.getMaxX()), maxY = Math.min(scene.getHeight(), inScene.getMaxY());
        if (maxX <= minX || maxY <= minY) return null;
        return canvas.sceneToLocal(new javafx.geometry.BoundingBox(minX, minY, maxX - minX, maxY - minY));
    }

    private static void restyle(javafx.scene.Node node, List<String> classes) {
        if (!node.getStyleClass().equals(classes)) node.getStyleClass().setAll(classes);
    }

    /** Every node of the last tree is on screen. */
    boolean drawn() {
        return pending.isEmpty() && drawing != null;
    }

    private BeamNodeView nodeView(BeamTree tree, BeamTreeLayout.Cell cell, Tokenizer tokenizer) {
        NodeText text = nodeText(tree, cell, tokenizer);
        BeamNodeView view = new BeamNodeView(cell, text.token(), text.badge(), text.own(), text.path());
        view.getStyleClass().setAll(nodeClasses(cell));
        place(view, cell);
        Tooltip.install(view, tooltip);   // one tooltip for all nodes; its text is set on hover
        view.setOnMouseEntered(e -> {   // the drawing and the cell of now: a live model rewrites them in place
            tooltip.setText(BeamDetails.tooltip(drawing.tree(), view.cell(), drawing.tokenizer()));
            highlight(pathOf(view.cell()));
            onHover.accept(BeamDetails.line(drawing.tree(), view.cell(), drawing.tokenizer()));
        });
        view.setOnMouseExited(e -> {
            highlight(Set.of());
            onHover.accept(null);
        });
        return view;
    }

    private static void place(BeamNodeView view, BeamTreeLayout.Cell cell) {
        view.relocate(x(cell.column()), y(cell.row()));
        view.resize(NODE_WIDTH, height(cell));
        view.setPrefSize(NODE_WIDTH, height(cell));
        view.setMinSize(NODE_WIDTH, height(cell));
        view.setMaxSize(NODE_WIDTH, height(cell));
    }

    /** What a node says: its token, badge, own log p and p, and the path's (none on a pruned node). */
    private record NodeText(String token, String badge, String own, String path) {}

    private static NodeText nodeText(BeamTree tree, BeamTreeLayout.Cell cell, Tokenizer tokenizer) {
        BeamTree.Node node = cell.node();
        boolean root = node != null && node.status() == Status.ROOT;
        boolean pruned = node != null && node.status() == Status.PRUNED;
        String token = node != null ? BeamFormat.label(tree, node, tokenizer)
                : BeamFormat.shortLabel(tokenizer, cell.beyond().token());
        double logP = node != null ? node.logProbability() : cell.beyond().logProbability();
        double pathLogP = node != null ? node.cumulativeLogProbability() : cell.beyond().cumulativeLogProbability();
        String own = root ? "the prompt" : BeamFormat.logProbability(logP) + " · p "
                + (pruned ? BeamFormat.shortProbability(logP) : BeamFormat.probability(logP));
        String path = pruned ? null : root ? "Σ 0 · p 1"
                : "Σ " + BeamFormat.logProbability(pathLogP) + " · p " + BeamFormat.probability(pathLogP);
        return new NodeText(token, badge(node), own, path);
    }

    private static List<String> nodeClasses(BeamTreeLayout.Cell cell) {
        List<String> classes = new ArrayList<>(List.of("beam-node", statusClass(cell)));
        BeamTree.Node node = cell.node();
        if (cell.greedy() && cell.parent() >= 0) classes.add("greedy");
        if (node != null && node.beam() != null) classes.add(node.beam() == 1 ? "best-beam" : "returned-beam");
        return classes;
    }

    private static List<String> edgeClasses(BeamTreeLayout.Cell to) {
        List<String> classes = new ArrayList<>(List.of("beam-edge", statusClass(to)));
        if (to.greedy()) classes.add("greedy-edge");
        return classes;
    }

    private static String badge(BeamTree.Node node) {
        if (node == null) return "greedy";
        if (node.beam() != null) return (node.status() == Status.FINISHED ? "■ " : "") + "beam " + node.beam();
        return switch (node.status()) {
            case FINISHED -> "■ end";
            case PRUNED -> "pruned";
            default -> "";
        };
    }

    static String statusClass(BeamTreeLayout.Cell cell) {
        if (cell.node() == null) return "outside";
        return cell.node().status().name().toLowerCase(Locale.ROOT);
    }

    /** The edge into {@code to}: {@code reuse} moved and restyled when there is one, a new curve otherwise. */
    private CubicCurve edge(BeamTreeLayout.Cell from, BeamTreeLayout.Cell to, CubicCurve reuse) {
        double startX = x(from.column()) + NODE_WIDTH, startY = y(from.row()) + height(from) / 2;
        double endX = x(to.column()), endY = y(to.row()) + height(to) / 2;
        double middle = (startX + endX) / 2;
        CubicCurve curve = reuse != null ? reuse : new CubicCurve();
        curve.setStartX(startX);
        curve.setStartY(startY);
        curve.setControlX1(middle);
        curve.setControlY1(startY);
        curve.setControlX2(middle);
        curve.setControlY2(endY);
        curve.setEndX(endX);
        curve.setEndY(endY);
        restyle(curve, edgeClasses(to));
        curve.setMouseTransparent(true);
        return curve;
    }

    /** The cells from the root to {@code cell}. */
    private Set<Integer> pathOf(BeamTreeLayout.Cell cell) {
        Set<Integer> path = new HashSet<>();
        List<BeamTreeLayout.Cell> cells = drawing.layout().cells();
        for (BeamTreeLayout.Cell c = cell; c != null; c = c.parent() < 0 ? null : cells.get(c.parent())) {
            path.add(c.index());
        }
        return path;
    }

    /** Marks the cells on one path (a hovered node's, or a beam's in the list below); only changed nodes are restyled. */
    void highlight(Set<Integer> cells) {
        for (int index : highlighted) if (!cells.contains(index) && index < nodeViews.size() && nodeViews.get(index) != null) {
            nodeViews.get(index).getStyleClass().remove("on-path");
        }
        for (int index : cells) if (!highlighted.contains(index) && index < nodeViews.size() && nodeViews.get(index) != null) {
            nodeViews.get(index).getStyleClass().add("on-path");
        }
        highlighted = Set.copyOf(cells);
    }

    void highlightNode(int nodeId) {
        nodeViews.stream().filter(v -> v != null && v.cell().node() != null && v.cell().node().id() == nodeId).findFirst()
                .ifPresentOrElse(v -> highlight(pathOf(v.cell())), () -> highlight(Set.of()));
    }

    /** Greedy's outlines drawn: one per cell on its path but the root. */
    int outlineCount() {
        return outlines.getChildren().size();
    }

    /** The edges drawn: one per cell but the root. */
    int edgeCount() {
        return edges.getChildren().size();
    }

    List<BeamNodeView> nodeViews() {
        return nodeViews.stream().filter(java.util.Objects::nonNull).toList();
    }

    double zoom() {
        return zoom;
    }

    void setZoom(double value) {
        zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, value));
        scale.setX(zoom);
        scale.setY(zoom);
        zoomLabel.setText(Math.round(zoom * 100) + "%");
    }

    /** The zoom at which the whole tree fits the viewport, at most 100% and at least {@code floor}. */
    private double fitZoom(double floor) {
        Bounds viewport = scroll.getViewportBounds();
        double width = canvas.getPrefWidth(), height = canvas.getPrefHeight();
        if (viewport.getWidth() <= 0 || width <= 0) return 1;
        double fit = Math.min(viewport.getWidth() / width, viewport.getHeight() / height);
        return Math.max(floor, Math.min(1, fit));
    }

    private static double height(BeamTreeLayout.Cell cell) {
        return cell.size() < 1 ? PRUNED_HEIGHT : NODE_HEIGHT;
    }

    private static double x(int column) {
        return MARGIN + OUTLINE + column * COLUMN_PITCH;
    }

    private static double y(double row) {
        return HEADER + MARGIN + OUTLINE + row * ROW_PITCH;
    }
}
