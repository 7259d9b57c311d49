package org.slmworkshop.ui.lab.surprise;

import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import org.slmworkshop.ui.view.StyledRegion;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The colour ramp drawn as a bar with its values in nats beneath and markers above (each model's
 * cross-entropy, the uniform guess ln V), drawn with exactly the colours the tokens get.
 */
final class RampLegend extends StyledRegion {
    /** A labelled value above the bar; a null colour is the theme's text colour. */
    record Marker(String label, double value, Color colour) {}

    private static final double MARKER_ROW = 20, BAR_HEIGHT = 12, TICK_ROW = 15, SIDE = 10;
    private final Canvas canvas = new Canvas();
    private ColourRamp ramp;
    private List<Marker> markers = List.of();

    RampLegend() {
        getStyleClass().add("ramp-legend");
        getChildren().add(canvas);
        fitHeight();
        setMinWidth(160);
    }

    void show(ColourRamp ramp, List<Marker> markers) {
        this.ramp = ramp;
        this.markers = List.copyOf(markers);
        draw();
    }

    void clear() {
        ramp = null;
        markers = List.of();
        draw();
    }

    ColourRamp ramp() {
        return ramp;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(0, getWidth()));
        canvas.setHeight(Math.max(0, getHeight()));
        draw();
    }

    private double x(double value, double width) {
        return SIDE + ramp.fraction(value) * (width - 2 * SIDE);
    }

    /** The label rows grow with the text (View ▸ Zoom); the bar keeps its height. */
    private double markerRow() {
        return MARKER_ROW * textScale();
    }

    private void fitHeight() {
        double height = markerRow() + BAR_HEIGHT + TICK_ROW * textScale() + 4;
        setMinHeight(height);
        setPrefHeight(height);
    }

    @Override
    protected void styleChanged() {
        fitHeight();
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth(), height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        if (ramp == null || width < 2 * SIDE + 10) return;
        double barWidth = width - 2 * SIDE;
        for (int i = 0; i < (int) barWidth; i++) {
            g.setFill(ramp.colour(ramp.min() + (ramp.max() - ramp.min()) * (i + 0.5) / barWidth));
            g.fillRect(SIDE + i, markerRow(), 1.5, BAR_HEIGHT);
        }
        g.setStroke(Color.web("#9ca3af"));
        g.setLineWidth(1);
        g.strokeRect(SIDE + 0.5, markerRow() + 0.5, barWidth - 1, BAR_HEIGHT - 1);
        g.setFont(font(11, javafx.scene.text.FontWeight.NORMAL));
        g.setTextBaseline(VPos.TOP);
        g.setFill(ink(Ink.TEXT_SOFT));
        double step = tickStep(ramp.max() - ramp.min(), barWidth / textScale());
        for (double v = Math.ceil(ramp.min() / step) * step; v <= ramp.max() + 1e-9; v += step) {
            double x = x(v, width);
            g.setStroke(ink(Ink.MUTED));
            g.strokeLine(x + 0.5, markerRow() + BAR_HEIGHT, x + 0.5, markerRow() + BAR_HEIGHT + 3);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(number(v, step), x, markerRow() + BAR_HEIGHT + 3);
        }
        drawMarkers(g, width);
    }

    /** Triangles at the values, labels above them pushed apart so that none overlaps the next. */
    private void drawMarkers(GraphicsContext g, double width) {
        List<Marker> sorted = markers.stream().sorted(java.util.Comparator.comparingDouble(Marker::value)).toList();
        int n = sorted.size();
        double[] left = new double[n], textWidth = new double[n];
        String[] texts = new String[n];
        Text measure = new Text();
        measure.setFont(g.getFont());
        for (int i = 0; i < n; i++) {
            Marker marker = sorted.get(i);
            texts[i] = marker.label() + String.format(Locale.ROOT, " %.2f", marker.value());
            measure.setText(texts[i]);
            textWidth[i] = measure.getLayoutBounds().getWidth();
            left[i] = Math.max(i == 0 ? 0 : left[i - 1] + textWidth[i - 1] + 8, x(marker.value(), width) - textWidth[i] / 2);
        }
        for (int i = n - 1; i >= 0; i--) {   // and back inside the right edge
            double limit = i == n - 1 ? width : left[i + 1] - 8;
            left[i] = Math.max(0, Math.min(left[i], limit - textWidth[i]));
        }
        g.setTextBaseline(VPos.BOTTOM);
        g.setTextAlign(TextAlignment.LEFT);
        for (int i = 0; i < n; i++) {
            double x = x(sorted.get(i).value(), width);
            Color colour = sorted.get(i).colour();
            g.setFill(colour == null ? ink(Ink.TEXT_STRONG) : colour);
            g.fillPolygon(new double[] {x - 4, x + 4, x}, new double[] {markerRow() - 5, markerRow() - 5, markerRow()}, 3);
            g.fillText(texts[i], left[i], markerRow() - 6);
        }
    }

    /** 1, 2 or 5 × a power of ten, so that ticks sit at least 36 px apart. */
    static double tickStep(double range, double pixels) {
        double wanted = range / Math.max(1, pixels / 36);
        double power = Math.pow(10, Math.floor(Math.log10(wanted)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * power >= wanted) return m * power;
        return 10 * power;
    }

    private static String number(double v, double step) {
        if (Math.abs(v) < 1e-9) return "0";
        return step >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
