package org.slmworkshop.ui.lab.heatmap;

import io.fair_acc.chartfx.plugins.ChartPlugin;
import java.util.function.BiConsumer;
import javafx.scene.input.MouseEvent;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;

/**
 * Drawn over the heatmap: the masked (causal) upper triangle as a hatched region, and an outline
 * around the cell under the mouse. It also turns mouse positions into (row, column).
 */
final class CellOverlay extends ChartPlugin {
    private final Path mask = new Path();
    private final Rectangle hover = new Rectangle();
    private final TokenAxis columns;
    private final TokenAxis rows;
    private int rowCount;
    private int columnCount;
    private boolean causal;
    private int hoverRow = -1;
    private int hoverColumn = -1;

    /** @param onHover receives (row, column) under the mouse, or (−1, −1) when it leaves the cells */
    CellOverlay(TokenAxis columns, TokenAxis rows, BiConsumer<Integer, Integer> onHover) {
        this.columns = columns;
        this.rows = rows;
        mask.getStyleClass().add("heatmap-mask");
        mask.setMouseTransparent(true);
        hover.getStyleClass().add("heatmap-hover");
        hover.setMouseTransparent(true);
        hover.setVisible(false);
        getChartChildren().addAll(mask, hover);
        registerInputEventHandler(MouseEvent.MOUSE_MOVED, event -> {
            int[] cell = cellAt(event);
            onHover.accept(cell[0], cell[1]);
        });
        registerInputEventHandler(MouseEvent.MOUSE_EXITED, event -> onHover.accept(-1, -1));
    }

    void setGrid(int rowCount, int columnCount, boolean causal) {
        this.rowCount = rowCount;
        this.columnCount = columnCount;
        this.causal = causal;
        layoutChildren();
    }

    void setHover(int row, int column) {
        hoverRow = row;
        hoverColumn = column;
        layoutChildren();
    }

    private int[] cellAt(MouseEvent event) {
        if (getChart() == null || !isMouseEventWithinCanvas(event)) return new int[] {-1, -1};
        javafx.geometry.Point2D inPlot = getLocationInPlotArea(event);
        int column = columns.indexAt(columns.getValueForDisplay(inPlot.getX()));
        int row = rows.indexAt(rows.getValueForDisplay(inPlot.getY()));
        if (row < 0 || column < 0) return new int[] {-1, -1};
        return new int[] {row, column};
    }

    private double x(double column) {
        return columns.getDisplayPosition(columns.position(column));
    }

    private double y(double row) {
        return rows.getDisplayPosition(rows.position(row));
    }

    @Override
    public void layoutChildren() {
        mask.getElements().clear();
        int n = Math.min(rowCount, columnCount);
        if (causal && n > 1) {
            // a staircase around every cell right of the diagonal
            mask.getElements().add(new MoveTo(x(0.5), y(-0.5)));
            mask.getElements().add(new LineTo(x(columnCount - 0.5), y(-0.5)));
            mask.getElements().add(new LineTo(x(columnCount - 0.5), y(n - 1.5)));
            for (int row = n - 2; row >= 0; row--) {
                mask.getElements().add(new LineTo(x(row + 0.5), y(row + 0.5)));
                mask.getElements().add(new LineTo(x(row + 0.5), y(row - 0.5)));
            }
        }
        boolean showHover = hoverRow >= 0 && hoverColumn >= 0 && hoverRow < rowCount && hoverColumn < columnCount;
        hover.setVisible(showHover);
        if (showHover) {
            double left = Math.min(x(hoverColumn - 0.5), x(hoverColumn + 0.5));
            double top = Math.min(y(hoverRow - 0.5), y(hoverRow + 0.5));
            hover.setX(left);
            hover.setY(top);
            hover.setWidth(Math.abs(x(hoverColumn + 0.5) - x(hoverColumn - 0.5)));
            hover.setHeight(Math.abs(y(hoverRow + 0.5) - y(hoverRow - 0.5)));
        }
    }
}
