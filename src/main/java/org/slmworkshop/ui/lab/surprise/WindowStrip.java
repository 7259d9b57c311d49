package org.slmworkshop.ui.lab.surprise;

import java.util.List;
import java.util.function.IntConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.slmworkshop.ui.view.StyledRegion;
import org.slmworkshop.train.Perplexity;
import org.slmworkshop.train.TokenLosses;

/**
 * The sliding window over the passage, positions left to right: on top, the context each target
 * was scored with (a sawtooth between context − stride + 1 and the context); below, one bar per
 * window over the tokens it reads, dark where it scores. Hovering picks the token under the mouse.
 */
final class WindowStrip extends StyledRegion {
    private static final double SIDE = 4, CONTEXT_BAND = 20, GAP = 4, AXIS = 13, MAX_ROW = 7;
    private static final Color READ = Color.web("#d6deee"), SCORED = Color.web("#3d6fd9"), CONTEXT = Color.web("#94a3b8"),
            SEEN = Color.web("#f59e0b", 0.35);

    private final Canvas canvas = new Canvas();
    private Scored shown;
    private int hovered = -1;
    private IntConsumer onHover = position -> { };

    WindowStrip() {
        getStyleClass().add("window-strip");
        getChildren().add(canvas);
        setPrefHeight(72);
        setMinHeight(56);
        canvas.setOnMouseMoved(e -> {
            if (shown == null) return;
            int position = position(e.getX());
            onHover.accept(position >= 1 && position < shown.tokenCount() ? position : -1);
        });
        canvas.setOnMouseExited(e -> onHover.accept(-1));
    }

    void setOnHover(IntConsumer onHover) {
        this.onHover = onHover;
    }

    void show(Scored scored) {
        shown = scored;
        hovered = -1;
        draw();
    }

    void clear() {
        shown = null;
        draw();
    }

    /** Marks the target at {@code position}, its window and its context; −1 clears. */
    void hover(int position) {
        hovered = position;
        draw();
    }

    /** Rows the windows are drawn in: one per window while they fit, otherwise windows share rows in turn. */
    int rows() {
        if (shown == null) return 0;
        double height = getHeight() - CONTEXT_BAND - GAP - AXIS * textScale();
        int fit = Math.max(1, (int) (height / 3));
        return Math.min(shown.losses().windows().size(), fit);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(0, getWidth()));
        canvas.setHeight(Math.max(0, getHeight()));
        draw();
    }

    private double x(double position) {
        return SIDE + position * (canvas.getWidth() - 2 * SIDE) / Math.max(1, shown.tokenCount());
    }

    private int position(double x) {
        return (int) Math.floor((x - SIDE) / (canvas.getWidth() - 2 * SIDE) * shown.tokenCount());
    }

    @Override
    protected void styleChanged() {
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth(), height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        if (shown == null || width < 4 * SIDE) return;
        TokenLosses.Result losses = shown.losses();
        int context = losses.contextLength();
        TokenLosses.TokenLoss hoveredToken = hovered >= 1 && hovered < shown.tokenCount() ? shown.at(hovered) : null;
        if (hoveredToken != null) {
            g.setFill(SEEN);
            g.fillRect(x(hovered - hoveredToken.contextLength()), 0, x(hovered) - x(hovered - hoveredToken.contextLength()),
                    CONTEXT_BAND);
        }
        g.setFill(CONTEXT);
        for (TokenLosses.TokenLoss token : losses.tokens()) {
            double bar = CONTEXT_BAND * token.contextLength() / context;
            g.fillRect(x(token.position()), CONTEXT_BAND - bar, Math.max(0.6, x(token.position() + 1) - x(token.position())), bar);
        }
        List<Perplexity.Window> windows = losses.windows();
        int rows = rows();
        double top = CONTEXT_BAND + GAP;
        double rowHeight = Math.min(MAX_ROW, (height - top - AXIS * textScale()) / rows);
        for (Perplexity.Window window : windows) {
            double y = top + (window.index() % rows) * rowHeight;
            double h = Math.max(1, rowHeight - 1);
            g.setFill(READ);
            g.fillRect(x(window.begin()), y, x(window.lastScored() + 1) - x(window.begin()), h);
            g.setFill(SCORED);
            g.fillRect(x(window.firstScored()), y, x(window.lastScored() + 1) - x(window.firstScored()), h);
        }
        if (hoveredToken != null) {
            Perplexity.Window window = windows.get(hoveredToken.window());
            double y = top + (window.index() % rows) * rowHeight;
            g.setStroke(ink(Ink.TEXT_STRONG));
            g.setLineWidth(1.5);
            g.strokeRect(x(window.begin()), y - 0.5, x(window.lastScored() + 1) - x(window.begin()), rowHeight);
            double mid = (x(hovered) + x(hovered + 1)) / 2;
            g.strokeLine(mid, 0, mid, top + rows * rowHeight);
        }
        g.setFill(ink(Ink.MUTED));
        g.setFont(font(10, javafx.scene.text.FontWeight.NORMAL));
        g.setTextBaseline(VPos.BOTTOM);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("token 0", SIDE, height);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Integer.toString(shown.tokenCount() - 1), width - SIDE, height);
    }
}
