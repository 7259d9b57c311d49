package org.slmworkshop.ui.lab.lowrank;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.YValueIndicator;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.scene.layout.StackPane;

/**
 * The loss ladder: one bar per model on a single validation-loss axis, coloured by family, its
 * value on top and its parameter count under its name. A model not trained yet keeps its place.
 */
final class LossLadderChart extends StackPane {
    private static final Map<Rung.Family, String> COLOURS = new EnumMap<>(Map.of(
            Rung.Family.REFERENCE, "#9ca3af", Rung.Family.COUNTED, "#0f766e", Rung.Family.LOW_RANK, "#3d6fd9",
            Rung.Family.BIGRAM, "#7c3aed", Rung.Family.GPT, "#ea580c"));

    private final CategoryAxis models = new CategoryAxis();
    private final DefaultNumericAxis loss = new DefaultNumericAxis("validation loss", "nats");
    private final LabelledBarRenderer renderer = new LabelledBarRenderer();
    private final Map<Rung.Family, DoubleDataSet> bars = new EnumMap<>(Rung.Family.class);
    private final DoubleDataSet pending = new DoubleDataSet("not trained yet");
    /** The counting bigram's loss drawn across the chart: no model that sees one token can go below it. */
    private final YValueIndicator countedLine;   // the add-1 counted bigram, dashed
    private final XYChart chart;
    private volatile List<Rung> shown = List.of();

    /** Writes to the chart's data sets, which wait while ChartFX draws, so never on the FX thread. */
    private final java.util.concurrent.Executor writer;

    /** @param writer a thread for the data-set writes, apart from the lab's slow scoring */
    LossLadderChart(java.util.concurrent.Executor writer) {
        this.writer = writer;
        getStyleClass().add("loss-ladder");
        models.setAutoRanging(false);
        models.setUnit(null);
        models.setName(null);
        loss.setAutoRanging(false);
        loss.setMinorTickCount(0);
        chart = new XYChart(models, loss);
        chart.setId("loss-ladder-chart");
        chart.setLegendVisible(false);
        for (Rung.Family family : Rung.Family.values()) {
            DoubleDataSet data = new DoubleDataSet(family.name());
            data.setStyle("-fx-marker-color: " + COLOURS.get(family) + "; -fx-line-color: " + COLOURS.get(family) + ";");
            bars.put(family, data);
            renderer.getDatasets().add(data);
        }
        renderer.getDatasets().add(pending);
        chart.getRenderers().setAll(renderer);
        countedLine = new YValueIndicator(loss, 0, ""); // explained in the chart's caption; a label would cover the bars' values
        countedLine.setEditable(false);
        getChildren().add(chart);
        setId("loss-ladder");
    }

    /** The rungs as the chart shows them now, left to right (FX thread). */
    List<Rung> shown() {
        return shown;
    }

    /** FX thread; the data sets are written on the lab's worker (ChartFX locks them during layout). */
    void show(List<Rung> rungs) {
        shown = List.copyOf(rungs);
        List<String> names = new ArrayList<>();
        Map<Integer, String> labels = new HashMap<>();
        Map<Rung.Family, List<double[]>> points = new EnumMap<>(Rung.Family.class);
        List<double[]> waiting = new ArrayList<>();
        double top = 1;
        for (int i = 0; i < rungs.size(); i++) {
            Rung rung = rungs.get(i);
            names.add(rung.label() + "\n" + compact(rung.parameters()));
            if (rung.hasLoss()) {
                points.computeIfAbsent(rung.family(), f -> new ArrayList<>()).add(new double[] {i, rung.loss()});
                labels.put(i, String.format(Locale.ROOT, "%.3f", rung.loss()));
                top = Math.max(top, rung.loss());
            } else {
                waiting.add(new double[] {i, 0});
                labels.put(i, "–");
            }
        }
        models.setCategories(FXCollections.observableArrayList(names));
        models.set(-0.5, Math.max(1, rungs.size()) - 0.5);
        loss.set(0, Math.ceil(top * 1.15 * 2) / 2);
        renderer.setLabels(labels);
        showFloor(rungs);
        Map<DoubleDataSet, List<double[]>> writes = new HashMap<>();
        for (Rung.Family family : Rung.Family.values()) writes.put(bars.get(family), points.getOrDefault(family, List.of()));
        writes.put(pending, waiting);
        writer.execute(() -> writes.forEach(LossLadderChart::write));
    }

    private void showFloor(List<Rung> rungs) {
        double counted = rungs.stream().filter(r -> r.key().equals("counting") && r.hasLoss()).mapToDouble(Rung::loss)
                .findFirst().orElse(Double.NaN);
        if (Double.isNaN(counted)) {
            chart.getPlugins().remove(countedLine);
            return;
        }
        countedLine.setValue(counted);
        if (!chart.getPlugins().contains(countedLine)) chart.getPlugins().add(countedLine);
    }

    private static void write(DoubleDataSet data, List<double[]> xy) {
        double[] x = new double[xy.size()];
        double[] y = new double[xy.size()];
        for (int i = 0; i < xy.size(); i++) {
            x[i] = xy.get(i)[0];
            y[i] = xy.get(i)[1];
        }
        data.set(x, y);
    }

    /** "632", "2.5k", "10.1k", "806k", "1.6M" parameters. */
    static String compact(long parameters) {
        if (parameters < 1_000) return Long.toString(parameters);
        if (parameters < 100_000) return String.format(Locale.ROOT, "%.1fk", parameters / 1e3);
        if (parameters < 1_000_000) return String.format(Locale.ROOT, "%.0fk", parameters / 1e3);
        return String.format(Locale.ROOT, "%.1fM", parameters / 1e6);
    }
}
