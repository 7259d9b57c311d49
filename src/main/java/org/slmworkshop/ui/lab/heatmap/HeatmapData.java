package org.slmworkshop.ui.lab.heatmap;

import java.util.List;

/**
 * What one heatmap shows: a rows × columns grid of values with a label for every row and column.
 *
 * @param values      values[row][column]
 * @param causalMask  cells with column &gt; row are masked (attention's upper triangle) and drawn as such
 */
public record HeatmapData(List<String> rowLabels, List<String> columnLabels, double[][] values, boolean causalMask) {
    public HeatmapData {
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException(values.length + " rows of values for " + rowLabels.size() + " row labels");
        }
        for (double[] row : values) {
            if (row.length != columnLabels.size()) {
                throw new IllegalArgumentException(row.length + " values in a row for " + columnLabels.size() + " columns");
            }
        }
    }

    public static HeatmapData empty() {
        return new HeatmapData(List.of(), List.of(), new double[0][], false);
    }

    public int rows() {
        return rowLabels.size();
    }

    public int columns() {
        return columnLabels.size();
    }

    public boolean isEmpty() {
        return rows() == 0 || columns() == 0;
    }

    public double value(int row, int column) {
        return values[row][column];
    }

    public boolean isMasked(int row, int column) {
        return causalMask && column > row;
    }

    /** The largest value, or 0 for an empty grid. */
    public double max() {
        double max = 0;
        for (double[] row : values) for (double v : row) if (v > max) max = v;
        return max;
    }

    /** The largest absolute value, or 0 for an empty grid. */
    public double maxAbs() {
        double max = 0;
        for (double[] row : values) for (double v : row) max = Math.max(max, Math.abs(v));
        return max;
    }

    /** The smallest positive value, or {@code fallback} when there is none. */
    public double minPositive(double fallback) {
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : values) for (double v : row) if (v > 0 && v < min) min = v;
        return Double.isFinite(min) ? min : fallback;
    }
}
