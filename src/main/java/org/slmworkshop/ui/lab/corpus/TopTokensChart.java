package org.slmworkshop.ui.lab.corpus;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** A small bar chart of the ten most frequent tokens, the token strings on the axis. */
final class TopTokensChart extends VBox {
    private final CategoryAxis tokens = new CategoryAxis("token");
    private final DefaultNumericAxis counts = new DefaultNumericAxis("count");
    private final DoubleDataSet bars = new DoubleDataSet("count");
    private final XYChart chart;

    TopTokensChart() {
        getStyleClass().add("top-tokens");
        Label title = new Label("Most frequent tokens");
        title.getStyleClass().add("section-caption");
        counts.setAutoRanging(false);
        counts.setAutoUnitScaling(true);
        counts.setMinorTickCount(0);
        tokens.setAutoRanging(false);
        tokens.setUnit(null);
        chart = new XYChart(tokens, counts);
        chart.setId("top-tokens-chart");
        chart.setLegendVisible(false);
        chart.setPrefSize(260, 200);
        chart.setMinSize(180, 160);
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setPolyLineStyle(LineStyle.NONE);
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setDrawMarker(false);
        renderer.setDrawBars(true);
        renderer.setDynamicBarWidth(true);
        renderer.setBarWidthPercentage(70);
        renderer.setShiftBar(false);
        renderer.getDatasets().add(bars);
        bars.setStyle("-fx-marker-color: #3d6fd9; -fx-line-color: #3d6fd9;");
        chart.getRenderers().setAll(renderer);
        VBox.setVgrow(chart, Priority.ALWAYS);
        getChildren().addAll(title, chart);
    }

    /**
     * FX thread. The data set is written from the lab's worker: ChartFX keeps its data sets read-locked
     * from a layout until the end of the pulse, so a write on the FX thread can wait for itself.
     */
    void show(List<CorpusStatistics.TokenCount> top) {
        double[] x = new double[top.size()];
        double[] y = new double[top.size()];
        double largest = 1;
        for (int i = 0; i < top.size(); i++) {
            x[i] = i;
            y[i] = top.get(i).count();
            largest = Math.max(largest, y[i]);
        }
        tokens.setCategories(FXCollections.observableArrayList(top.stream().map(CorpusStatistics.TokenCount::label).toList()));
        counts.set(0, largest * 1.08);
        tokens.set(-0.6, Math.max(1, top.size()) - 0.4); // half a bar of room at both ends
        LabWork.EXECUTOR.execute(() -> bars.set(x, y));
    }
}
