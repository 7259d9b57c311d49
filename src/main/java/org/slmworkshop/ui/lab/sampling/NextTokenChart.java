package org.slmworkshop.ui.lab.sampling;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.AxisLabelOverlapPolicy;
import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The next-token bar chart: for each of the model's likeliest tokens, its probability before the
 * transforms (left bar) and after the sliders' pipeline (right bar). Tokens a cut removed keep a grey
 * left bar and lose the right one. Each update replaces the data sets' contents in one go.
 */
final class NextTokenChart extends VBox {
    private static final double BAR_OFFSET = 0.2;   // left and right bar around the token's category

    private final CategoryAxis tokens = new CategoryAxis();
    private final DefaultNumericAxis probability = new DefaultNumericAxis("probability");
    private final XYChart chart = new XYChart(tokens, probability);
    private final ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
    private final DoubleDataSet kept = new DoubleDataSet("model (before)");
    private final DoubleDataSet cut = new DoubleDataSet("model, cut by the sliders");
    private final DoubleDataSet after = new DoubleDataSet("after the sliders");
    private final Label summary = new Label("The next-token distribution appears once a model is loaded.");
    private NextTokenBars shown;

    NextTokenChart() {
        getStyleClass().add("next-token-chart");
        setId("sampling-next-token-chart");
        tokens.setOverlapPolicy(AxisLabelOverlapPolicy.SHIFT_ALT);
        tokens.setMaxMajorTickLabelCount(NextTokenBars.SHOWN + 8);
        tokens.setAutoRanging(false);
        probability.setUnit(null);
        tokens.setUnit(null);
        probability.setAutoRanging(true);
        probability.setForceZeroInRange(true);
        probability.setAutoRangePadding(0.05);
        renderer.setPolyLineStyle(LineStyle.NONE);
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setDrawMarker(false);
        renderer.setDrawBars(true);
        renderer.setShiftBar(false);
        renderer.setDynamicBarWidth(false);
        kept.addStyleClasses("bars-before");
        cut.addStyleClasses("bars-cut");
        after.addStyleClasses("bars-after");
        renderer.getDatasets().addAll(kept, cut, after);
        chart.getRenderers().setAll(renderer);
        chart.setAnimated(false);
        chart.getGridRenderer().drawOnTopProperty().set(false);   // grid lines behind the bars, not through them
        chart.getGridRenderer().getVerticalMajorGrid().setVisible(false);
        chart.getGridRenderer().getVerticalMinorGrid().setVisible(false);
        chart.setLegendVisible(false);   // a compact legend of our own sits below
        chart.setTitle(null);
        chart.getPlugins().add(new BarTooltip());
        chart.setMinHeight(150);
        chart.setPrefHeight(190);
        VBox.setVgrow(chart, Priority.ALWAYS);
        summary.getStyleClass().add("chart-summary");
        summary.setId("sampling-chart-summary");
        summary.setMinWidth(0);
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        HBox legend = new HBox(10, swatch("model", "swatch-before"), swatch("cut", "swatch-cut"),
                swatch("after the sliders", "swatch-after"));
        legend.getStyleClass().add("bars-legend");
        legend.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label("Next token after the prompt");
        title.getStyleClass().add("chart-title");
        getChildren().addAll(title, chart, legend, summary);
        chart.widthProperty().addListener((obs, old, width) -> fitBarWidth());
    }

    /** Draws these bars, replacing what was there. */
    void show(NextTokenBars bars) {
        shown = bars;
        tokens.setCategories(bars.labels());
        tokens.set(-0.6, bars.size() - 0.4);
        double[] keptX = new double[bars.size()], keptY = new double[bars.size()];
        double[] cutX = new double[bars.size()], cutY = new double[bars.size()];
        double[] afterX = new double[bars.size()], afterY = new double[bars.size()];
        int keptCount = 0, cutCount = 0;
        for (int i = 0; i < bars.size(); i++) {
            if (bars.cut(i)) {
                cutX[cutCount] = i - BAR_OFFSET;
                cutY[cutCount++] = bars.before()[i];
            } else {
                keptX[keptCount] = i - BAR_OFFSET;
                keptY[keptCount++] = bars.before()[i];
            }
            afterX[i] = i + BAR_OFFSET;
            afterY[i] = bars.after()[i];
        }
        kept.set(keptX, keptY, keptCount, true);
        cut.set(cutX, cutY, cutCount, true);
        after.set(afterX, afterY, bars.size(), true);
        labelPoints(bars);
        fitBarWidth();
        summary.setText(String.format(Locale.ROOT, "%,d of %,d tokens keep a chance after %s", bars.kept(), bars.vocabSize(),
                bars.settings().label().replace(",", ", ")));
    }

    private static Label swatch(String text, String styleClass) {
        Rectangle box = new Rectangle(10, 10);
        box.getStyleClass().addAll("swatch", styleClass);
        Label label = new Label(text, box);
        label.getStyleClass().add("chart-legend-item");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** No model: empty bars and a word why. */
    void clear() {
        shown = null;
        kept.clearData();
        cut.clearData();
        after.clearData();
        tokens.setCategories(List.of());
        summary.setText("The next-token distribution appears once a model is loaded.");
    }

    /** What the chart shows now (for the lab's tests). */
    NextTokenBars shown() {
        return shown;
    }

    /** Hover text: the token and both probabilities. */
    private void labelPoints(NextTokenBars bars) {
        int keptIndex = 0, cutIndex = 0;
        kept.getDataLabelMap().clear();
        cut.getDataLabelMap().clear();
        after.getDataLabelMap().clear();
        for (int i = 0; i < bars.size(); i++) {
            String text = String.format(Locale.ROOT, "'%s'  before %.4f → after %.4f", bars.labels().get(i),
                    bars.before()[i], bars.after()[i]);
            if (bars.cut(i)) cut.addDataLabel(cutIndex++, text + " (cut)");
            else kept.addDataLabel(keptIndex++, text);
            after.addDataLabel(i, text);
        }
    }

    private void fitBarWidth() {
        int count = shown == null ? NextTokenBars.SHOWN : Math.max(1, shown.size());
        double plotWidth = Math.max(100, chart.getWidth() - 80);
        renderer.setBarWidth((int) Math.max(2, plotWidth / count * 0.36));
    }

    /** The tooltip shows a bar's token and probabilities instead of raw coordinates. */
    private static final class BarTooltip extends DataPointTooltip {
        @Override
        protected String formatDataPoint(DataPoint dataPoint) {
            return dataPoint.label == null ? super.formatDataPoint(dataPoint) : dataPoint.label;
        }
    }
}
