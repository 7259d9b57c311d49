package org.slmworkshop.ui.lab.lowrank;

import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.dataset.DataSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * Bars with their value written on top. The labels live here, keyed by the bar's x position, and
 * not in the data sets: a category axis would take data-set labels for its own tick labels.
 */
final class LabelledBarRenderer extends ErrorDataSetRenderer {

    private final Map<Integer, String> labels = new ConcurrentHashMap<>();

    LabelledBarRenderer() {
        setPolyLineStyle(LineStyle.NONE);
        setErrorStyle(ErrorStyle.NONE);
        setDrawMarker(false);
        setDrawBars(true);
        setDynamicBarWidth(true);
        setBarWidthPercentage(62);
        setShiftBar(false);
    }

    /** The text above the bar at each x (FX thread). */
    void setLabels(Map<Integer, String> byPosition) {
        labels.clear();
        labels.putAll(byPosition);
    }

    @Override
    protected void render(GraphicsContext gc, DataSet dataSet, DataSetNode style) {
        super.render(gc, dataSet, style);
        gc.save();
        // the x axis's tick labels follow the root font and the theme (workshop.css); the values match them, a little larger
        var tickStyle = xAxis.getTickLabelStyle();
        Font tickFont = tickStyle.getFont();
        gc.setFill(tickStyle.getFill() == null ? Color.web("#1f2937") : tickStyle.getFill());
        gc.setFont(Font.font(tickFont.getFamily(), FontWeight.BOLD, tickFont.getSize() * 12 / 11));
        gc.setTextAlign(TextAlignment.CENTER);
        gc.setTextBaseline(VPos.BOTTOM);
        for (int i = 0; i < dataSet.getDataCount(); i++) {
            double x = dataSet.get(DataSet.DIM_X, i);
            String label = labels.get((int) Math.round(x));
            if (label == null) continue;
            gc.fillText(label, xAxis.getDisplayPosition(x), yAxis.getDisplayPosition(dataSet.get(DataSet.DIM_Y, i)) - 3);
        }
        gc.restore();
    }
}
