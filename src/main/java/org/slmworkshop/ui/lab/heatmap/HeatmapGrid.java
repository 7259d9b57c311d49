package org.slmworkshop.ui.lab.heatmap;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.locks.DefaultDataSetLock;
import io.fair_acc.dataset.spi.DoubleGridDataSet;
import javafx.animation.AnimationTimer;

/**
 * The one grid data set a heatmap's renderer draws, refilled in place on each update. Cell i of an
 * axis covers [i−0.5, i+0.5] around its tick, and row 0 is the top row. FX thread only.
 */
final class HeatmapGrid {
    private final DoubleGridDataSet dataSet = new DoubleGridDataSet("heatmap", 3);
    private HeatmapData pending;
    private double pendingFloor;
    private final AnimationTimer nextFrame = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (pending == null) stop();
            else if (!isLocked()) write(pending, pendingFloor);
        }
    };

    HeatmapGrid() {
        fill(HeatmapData.empty(), 0);   // the renderer cannot draw an empty grid
    }

    DoubleGridDataSet dataSet() {
        return dataSet;
    }

    /**
     * Shows {@code shown}, with masked cells and anything below {@code floor} (the colour scale's
     * bottom) drawn as the floor. ChartFX read-locks its data sets from its pre-layout hook (which
     * also runs the moment a chart joins a scene) until its post-layout hook, and the FX thread must
     * not wait for a write lock in between: a grid that arrives then is written at the next frame.
     */
    void write(HeatmapData shown, double floor) {
        if (isLocked()) {
            pending = shown;
            pendingFloor = floor;
            nextFrame.start();
        } else {
            pending = null;
            nextFrame.stop();
            fill(shown, floor);
        }
    }

    private boolean isLocked() {
        return ((DefaultDataSetLock<?>) dataSet.lock()).getReaderCount() > 0;
    }

    private void fill(HeatmapData shown, double floor) {
        // at least 2 × 2 grid points: the renderer needs a range in x and in y
        int columns = Math.max(shown.columns(), 2);
        int rows = Math.max(shown.rows(), 2);
        // row-major by grid position, index = y · columns + x; y counts up from the bottom, rows down from the top
        double[] z = new double[columns * rows];
        for (int y = 0; y < rows; y++) {
            int row = Math.max(0, Math.min(rows - 1 - y, shown.rows() - 1));
            for (int x = 0; x < columns; x++) {
                int column = Math.min(x, shown.columns() - 1);
                double value = shown.isEmpty() || shown.isMasked(row, column) ? floor : shown.value(row, column);
                z[y * columns + x] = Math.max(value, floor);   // a log scale has no place for 0
            }
        }
        dataSet.set(false, new double[][] {cellEdges(shown.columns(), columns), cellEdges(shown.rows(), rows)}, z);
        // the renderer places its image by the data set's limits, which set() leaves as they were
        for (int dimension = DataSet.DIM_X; dimension <= DataSet.DIM_Z; dimension++) dataSet.recomputeLimits(dimension);
    }

    /**
     * Grid positions whose outer ones sit at −0.5 and n−0.5: the renderer stretches its image from
     * the first to the last position, so cell i then covers [i−0.5, i+0.5] around its tick.
     */
    private static double[] cellEdges(int cells, int points) {
        double[] positions = new double[points];
        int n = Math.max(cells, 1);
        for (int i = 0; i < points; i++) positions[i] = -0.5 + i * (double) n / (points - 1);
        return positions;
    }
}
