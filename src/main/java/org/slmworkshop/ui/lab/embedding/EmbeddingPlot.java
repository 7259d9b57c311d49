package org.slmworkshop.ui.lab.embedding;

import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import org.slmworkshop.ui.view.StyledRegion;
import javafx.scene.paint.Color;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.slmworkshop.inspect.EmbeddingMap.Neighbour;
import org.slmworkshop.inspect.TokenClass;

/**
 * The scatter of tokens on the first two principal axes, each token drawn as its own label in its class's colour (a
 * dot where a large vocabulary would bury the labels). Two canvases: the map, redrawn when a new projection arrives
 * or the size changes, and an overlay for the hovered token and its neighbours, redrawn on hover alone.
 */
final class EmbeddingPlot extends StyledRegion {
    /** Up to this many tokens each get a label; beyond, the first {@link #LABELLED} ids do and the rest are dots. */
    static final int LABEL_ALL = 400;
    static final int LABELLED = 300;
    private static final double PADDING = 18;        // px between the outermost token and the edge
    private static final double HOVER_REACH = 14;    // px: how near the pointer must be to a token

    static final Map<TokenClass, Color> COLOURS = Map.of(
            TokenClass.VOWEL, Color.web("#d55e00"),
            TokenClass.CONSONANT, Color.web("#0072b2"),
            TokenClass.UPPER_CASE, Color.web("#009e73"),
            TokenClass.DIGIT, Color.web("#cc3399"),
            TokenClass.PUNCTUATION, Color.web("#8c6a00"),
            TokenClass.WHITESPACE, Color.web("#5b8fd6"),
            TokenClass.WORD, Color.web("#0072b2"),
            TokenClass.SPECIAL, Color.web("#808080"));

    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private MapPoints points;
    private double minX, maxX, minY, maxY;
    private int hovered = -1;
    private List<Neighbour> neighbours = List.of();
    private IntConsumer onHover = token -> { };

    EmbeddingPlot() {
        getStyleClass().add("embedding-plot");
        overlay.setMouseTransparent(true);
        getChildren().addAll(base, overlay);
        setMinSize(240, 200);
        setOnMouseMoved(e -> hover(nearest(e.getX(), e.getY())));
        setOnMouseExited(e -> hover(-1));
    }

    /** Called with a token id when the pointer comes near one, and with −1 when it leaves. */
    void setOnHover(IntConsumer onHover) {
        this.onHover = onHover;
    }

    void show(MapPoints shown) {
        points = shown;
        minX = minY = Double.POSITIVE_INFINITY;
        maxX = maxY = Double.NEGATIVE_INFINITY;
        for (int id = 0; id < shown.size(); id++) {
            minX = Math.min(minX, shown.map().x(id));
            maxX = Math.max(maxX, shown.map().x(id));
            minY = Math.min(minY, shown.map().y(id));
            maxY = Math.max(maxY, shown.map().y(id));
        }
        if (hovered >= shown.size()) hovered = -1;
        drawBase();
        drawOverlay();
    }

    /** Marks {@code token} and lines to its nearest neighbours; −1 clears. */
    void highlight(int token, List<Neighbour> near) {
        hovered = points == null || token >= points.size() ? -1 : token;
        neighbours = near == null ? List.of() : near;
        drawOverlay();
    }

    int hovered() {
        return hovered;
    }

    /** Where token {@code id} is drawn, in the plot's own coordinates; for tests and the overlay. */
    double screenX(int id) {
        double span = maxX - minX;
        double inner = Math.max(1, getWidth() - 2 * PADDING);
        return PADDING + (span > 0 ? (points.map().x(id) - minX) / span * inner : inner / 2);
    }

    double screenY(int id) {
        double span = maxY - minY;
        double inner = Math.max(1, getHeight() - 2 * PADDING);
        return PADDING + (span > 0 ? (maxY - points.map().y(id)) / span * inner : inner / 2);   // up is +PC2
    }

    static boolean labelled(MapPoints points, int id) {
        return points.size() <= LABEL_ALL || (id < LABELLED && points.classes()[id] != TokenClass.SPECIAL);
    }

    private void hover(int token) {
        if (token == hovered) return;
        hovered = token;
        neighbours = List.of();   // until the lab's thread has found them
        drawOverlay();
        onHover.accept(token);
    }

    private int nearest(double x, double y) {
        if (points == null) return -1;
        int best = -1;
        double bestDistance = HOVER_REACH * HOVER_REACH;
        for (int id = 0; id < points.size(); id++) {
            double dx = screenX(id) - x, dy = screenY(id) - y, distance = dx * dx + dy * dy;
            if (distance < bestDistance) {
                best = id;
                bestDistance = distance;
            }
        }
        return best;
    }

    @Override
    protected void layoutChildren() {
        double width = snapSizeX(getWidth()), height = snapSizeY(getHeight());
        if (base.getWidth() != width || base.getHeight() != height) {
            for (Canvas canvas : List.of(base, overlay)) {
                canvas.setWidth(width);
                canvas.setHeight(height);
            }
            drawBase();
            drawOverlay();
        }
    }

    @Override
    protected void styleChanged() {
        drawBase();
        drawOverlay();
    }

    private void drawBase() {
        GraphicsContext g = base.getGraphicsContext2D();
        g.setFill(ink(Ink.SURFACE));
        g.fillRect(0, 0, base.getWidth(), base.getHeight());
        g.setStroke(ink(Ink.TICK));
        g.setLineWidth(1);
        g.strokeRect(0.5, 0.5, base.getWidth() - 1, base.getHeight() - 1);
        if (points == null) return;
        // the origin's axes: the mean embedding sits where they cross
        g.setStroke(ink(Ink.GRID));
        g.setLineDashes(4, 4);
        double originX = PADDING + (maxX > minX ? -minX / (maxX - minX) : 0.5) * (base.getWidth() - 2 * PADDING);
        double originY = PADDING + (maxY > minY ? maxY / (maxY - minY) : 0.5) * (base.getHeight() - 2 * PADDING);
        g.strokeLine(originX, 0, originX, base.getHeight());
        g.strokeLine(0, originY, base.getWidth(), originY);
        g.setLineDashes();
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        boolean crowded = points.size() > LABEL_ALL;
        g.setFont(font(crowded ? 11 : 13, FontWeight.BOLD));
        for (int id = 0; id < points.size(); id++) {   // dots first, so labels stay on top
            if (labelled(points, id)) continue;
            g.setFill(COLOURS.get(points.classes()[id]).deriveColor(0, 1, 1, 0.45));
            g.fillOval(screenX(id) - 2, screenY(id) - 2, 4, 4);
        }
        if (!crowded) {   // a faint disc under each label, so that '.' and ',' are as easy to find as 'm'
            for (int id = 0; id < points.size(); id++) {
                g.setFill(COLOURS.get(points.classes()[id]).deriveColor(0, 1, 1, 0.13));
                double disc = 9 * textScale();
                g.fillOval(screenX(id) - disc, screenY(id) - disc, 2 * disc, 2 * disc);
            }
        }
        for (int id = 0; id < points.size(); id++) {
            if (!labelled(points, id)) continue;
            g.setFill(COLOURS.get(points.classes()[id]));
            g.fillText(points.labels()[id], screenX(id), screenY(id));
        }
    }

    private void drawOverlay() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        if (points == null || hovered < 0 || hovered >= points.size()) return;
        double x = screenX(hovered), y = screenY(hovered);
        Color ink = ink(Ink.TEXT);
        g.setStroke(ink.deriveColor(0, 1, 1, 0.35));
        g.setLineWidth(1.2);
        for (Neighbour near : neighbours) {
            if (near.token() >= points.size()) continue;
            g.strokeLine(x, y, screenX(near.token()), screenY(near.token()));
        }
        g.setStroke(ink);
        double disc = 9 * textScale();
        for (Neighbour near : neighbours) {
            if (near.token() >= points.size()) continue;
            g.strokeOval(screenX(near.token()) - disc, screenY(near.token()) - disc, 2 * disc, 2 * disc);
        }
        g.setLineWidth(2.5);
        g.setStroke(COLOURS.get(points.classes()[hovered]));
        g.strokeOval(x - 12 * textScale(), y - 12 * textScale(), 24 * textScale(), 24 * textScale());
        g.setFont(font(13, FontWeight.BOLD));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(ink(Ink.TEXT_STRONG));
        g.fillText(points.labels()[hovered], x, y);
    }
}
