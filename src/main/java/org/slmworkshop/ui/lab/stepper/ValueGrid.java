package org.slmworkshop.ui.lab.stepper;

import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.slmworkshop.ui.view.StyledRegion;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.slmworkshop.ui.lab.TokenText;
import org.slmworkshop.ui.lab.heatmap.ColourScale;

/**
 * A stage's numbers as coloured cells, one row per position and one column per dimension, blue below zero, white at
 * zero and red above (the house's diverging scale). Cells need not be square: a (36, 512) stage still fills the width.
 * One row gives the strip of a single position's vector. The chosen row is outlined; when a later token was changed,
 * a mark on the right says whether each row kept its values (green) or moved (amber). The value under the mouse is
 * described to a listener. FX thread only.
 */
final class ValueGrid extends StyledRegion {
    /** What a row looks like after a later token changed. */
    enum Mark { NONE, SAME, CHANGED }

    private static final Color OUTLINE = Color.web("#f59e0b");
    private static final Color SAME = Color.web("#16a34a");
    private static final Color CHANGED = Color.web("#d97706");
    private static final double MARK_GUTTER = 9;
    /** The axis line under the grid, at 100% zoom. */
    private static final double AXIS_GUTTER = 14;
    private static final int[] PALETTE = palette();

    private final Canvas canvas = new Canvas();
    private final double minRowHeight;
    private final double maxRowHeight;
    private float[] values = new float[0];
    private int rows;
    private int width;
    private double extent = 1;
    private List<String> rowLabels = List.of();
    private int highlighted = -1;
    private Mark[] marks = new Mark[0];
    private WritableImage image;
    private double labelGutter;
    private java.util.function.Consumer<String> onHover = text -> { };
    private String rowName = "position";

    /**
     * @param minRowHeight the height a row keeps however many there are
     * @param maxRowHeight the height a row grows to when there is room
     */
    ValueGrid(double minRowHeight, double maxRowHeight) {
        this.minRowHeight = minRowHeight;
        this.maxRowHeight = maxRowHeight;
        getStyleClass().add("value-grid");
        getChildren().add(canvas);
        setOnMouseMoved(e -> hover(e.getX(), e.getY()));
        setOnMouseExited(e -> onHover.accept(null));
    }

    /**
     * Shows {@code rows} × {@code width} values (row-major), coloured on −extent … +extent.
     *
     * @param labels one label per row, drawn at the left
     */
    void show(float[] newValues, int newRows, int newWidth, double newExtent, List<String> labels, int highlightedRow,
              Mark[] rowMarks) {
        if (newValues.length != newRows * newWidth) {
            throw new IllegalArgumentException(newValues.length + " values for " + newRows + " × " + newWidth);
        }
        values = newValues;
        rows = newRows;
        width = newWidth;
        extent = newExtent > 0 && Double.isFinite(newExtent) ? newExtent : 1;
        rowLabels = List.copyOf(labels);
        highlighted = highlightedRow;
        marks = rowMarks == null ? new Mark[0] : rowMarks.clone();
        image = paint();
        labelGutter = measureLabels();
        requestLayout();
        draw();
    }

    void setOnHover(java.util.function.Consumer<String> listener) {
        onHover = listener;
    }

    /** "position" for the grid of every position; the one-row strip names its row itself. */
    void setRowName(String name) {
        rowName = name;
    }

    int highlightedRow() {
        return highlighted;
    }

    Mark mark(int row) {
        return row < marks.length ? marks[row] : Mark.NONE;
    }

    /** The colour of a value, as an ARGB int: index 0 is −extent, 128 white, 255 +extent. */
    private int colour(float value) {
        if (!Float.isFinite(value)) return 0xff000000;
        double t = (value / extent + 1) / 2;
        int index = (int) Math.round(Math.max(0, Math.min(1, t)) * (PALETTE.length - 1));
        return PALETTE[index];
    }

    private static int[] palette() {
        int[] colours = new int[255];
        for (int i = 0; i < colours.length; i++) {
            Color c = ColourScale.DIVERGING.getColor(i / (double) (colours.length - 1));
            colours[i] = 0xff000000 | (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                    | (int) Math.round(c.getBlue() * 255);
        }
        return colours;
    }

    private WritableImage paint() {
        if (rows == 0 || width == 0) return null;
        int[] argb = new int[rows * width];
        for (int i = 0; i < argb.length; i++) argb[i] = colour(values[i]);
        WritableImage painted = new WritableImage(width, rows);
        painted.getPixelWriter().setPixels(0, 0, width, rows, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return painted;
    }

    private Font labelFont() {
        return font(11, javafx.scene.text.FontWeight.NORMAL);
    }

    @Override
    protected void styleChanged() {
        labelGutter = measureLabels();
        requestLayout();
        draw();
    }

    private double measureLabels() {
        if (rowLabels.isEmpty()) return 0;
        Text probe = new Text();
        probe.setFont(labelFont());
        double widest = 0;
        for (int row = 0; row < rowLabels.size(); row++) {
            probe.setText(rowLabel(row));
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        return Math.min(widest + 8, 110 * textScale());
    }

    private String rowLabel(int row) {
        return rows > 1 ? row + " " + rowLabels.get(row) : rowLabels.get(row);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(0, snapSizeX(getWidth())));
        canvas.setHeight(Math.max(0, snapSizeY(getHeight())));
        draw();
    }

    @Override
    protected double computePrefHeight(double forWidth) {
        return Math.max(1, rows) * maxRowHeight + AXIS_GUTTER * textScale();
    }

    @Override
    protected double computeMinHeight(double forWidth) {
        return Math.max(1, rows) * minRowHeight + AXIS_GUTTER * textScale();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 400;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 120;
    }

    private double plotLeft() {
        return labelGutter;
    }

    private double plotWidth() {
        return Math.max(0, canvas.getWidth() - labelGutter - MARK_GUTTER);
    }

    private double rowHeight() {
        return rows == 0 ? 0 : Math.max(0, Math.min(maxRowHeight, (canvas.getHeight() - AXIS_GUTTER * textScale()) / rows));
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (image == null || plotWidth() <= 0) return;
        double rowHeight = rowHeight();
        double left = plotLeft(), plotWidth = plotWidth(), plotHeight = rowHeight * rows;
        g.setImageSmoothing(false);
        g.drawImage(image, left, 0, plotWidth, plotHeight);
        g.setStroke(ink(Ink.TICK));
        g.setLineWidth(1);
        g.strokeRect(left - 0.5, 0, plotWidth + 1, plotHeight);
        g.setFont(labelFont());
        g.setFill(ink(Ink.TEXT_SOFT));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        int stride = Math.max(1, (int) Math.ceil(13 * textScale() / Math.max(rowHeight, 0.1)));
        for (int row = 0; row < rowLabels.size() && row < rows; row++) {
            if (row % stride != 0 && row != highlighted) continue;
            if (row != highlighted && highlighted >= 0 && Math.abs(row - highlighted) < stride) continue;
            g.fillText(rowLabel(row), left - 4, (row + 0.5) * rowHeight, labelGutter - 4);
        }
        for (int row = 0; row < Math.min(rows, marks.length); row++) {
            if (marks[row] == Mark.NONE) continue;
            g.setFill(marks[row] == Mark.SAME ? SAME : CHANGED);
            g.fillRect(left + plotWidth + 3, row * rowHeight + (rowHeight > 3 ? 0.5 : 0), 5, Math.max(1, rowHeight - (rowHeight > 3 ? 1 : 0)));
        }
        if (highlighted >= 0 && highlighted < rows && rows > 1) {
            g.setStroke(OUTLINE);
            g.setLineWidth(2);
            g.strokeRect(left - 1, highlighted * rowHeight - 1, plotWidth + 2, rowHeight + 2);
        }
        g.setFill(ink(Ink.MUTED));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("0", left, plotHeight + 2);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.valueOf(width - 1), left + plotWidth, plotHeight + 2);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(width + " values per row", left + plotWidth / 2, plotHeight + 2);
    }

    private void hover(double x, double y) {
        double rowHeight = rowHeight();
        if (rows == 0 || rowHeight <= 0 || plotWidth() <= 0) return;
        int column = (int) Math.floor((x - plotLeft()) / plotWidth() * width);
        int row = (int) Math.floor(y / rowHeight);
        if (column < 0 || column >= width || row < 0 || row >= rows) {
            onHover.accept(null);
            return;
        }
        String where = rows > 1 ? rowName + " " + row + " " + TokenText.quoted(rowLabels.get(row)) : rowLabels.isEmpty() ? ""
                : rowName + " " + TokenText.quoted(rowLabels.get(0));
        onHover.accept(String.format(Locale.ROOT, "%s, value %d of %d: %+.4f", where, column, width, values[row * width + column]));
    }
}
