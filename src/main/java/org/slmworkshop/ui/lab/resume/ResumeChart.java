package org.slmworkshop.ui.lab.resume;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.YValueIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.fair_acc.dataset.utils.DataSetStyleBuilder;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.slmworkshop.train.ResumeExperiment.Arm;

/**
 * Two charts over the steps after the checkpoint: above, each arm's training loss per step; below, each arm's
 * loss minus the proper resume's, where the reset arm's spike stands out of the shared batch noise and an exact
 * resume is a flat line at 0. The checkpoint's step is marked on both.
 */
final class ResumeChart extends VBox {
    static final Map<Arm, String> COLOURS = Map.of(Arm.PROPER, "#3d6fd9", Arm.WEIGHTS_ONLY, "#d9483b",
            Arm.UNINTERRUPTED, "#1f2937");
    private final DefaultNumericAxis lossX = new DefaultNumericAxis("step", null);
    private final DefaultNumericAxis lossY = new DefaultNumericAxis("training loss", "nats/token");
    private final DefaultNumericAxis gapX = new DefaultNumericAxis("step", null);
    private final DefaultNumericAxis gapY = new DefaultNumericAxis("loss − proper resume", "nats");
    private final XYChart losses = new XYChart(lossX, lossY);
    private final XYChart gaps = new XYChart(gapX, gapY);
    private final Map<Arm, DoubleDataSet> lossSets = new EnumMap<>(Arm.class);
    private final Map<Arm, DoubleDataSet> gapSets = new EnumMap<>(Arm.class);
    private final XValueIndicator lossMark = new XValueIndicator(lossX, 0, "checkpoint");
    private final XValueIndicator gapMark = new XValueIndicator(gapX, 0, "checkpoint");

    ResumeChart() {
        getStyleClass().add("resume-chart");
        setSpacing(2);
        for (Arm arm : Arm.values()) {
            lossSets.put(arm, dataSet(arm.label(), arm, true));
            gapSets.put(arm, dataSet(arm == Arm.PROPER ? "proper resume (0 by definition)" : arm.label(), arm, arm != Arm.PROPER));
        }
        // ChartFX draws a renderer's data sets last to first: the thin uninterrupted line on top of the proper one
        setUp(losses, lossX, lossY, List.of(lossSets.get(Arm.UNINTERRUPTED), lossSets.get(Arm.PROPER),
                lossSets.get(Arm.WEIGHTS_ONLY)), lossMark);
        setUp(gaps, gapX, gapY, List.of(gapSets.get(Arm.UNINTERRUPTED), gapSets.get(Arm.WEIGHTS_ONLY)), gapMark);
        losses.setId("resume-loss-chart");
        gaps.setId("resume-gap-chart");
        YValueIndicator zero = new YValueIndicator(gapY, 0, "");
        zero.setEditable(false);
        gaps.getPlugins().add(zero);
        losses.setLegendVisible(false);   // the lab draws one legend above both charts
        gaps.setLegendVisible(false);
        losses.setMinHeight(200);
        gaps.setMinHeight(150);
        VBox.setVgrow(losses, Priority.ALWAYS);
        VBox.setVgrow(gaps, Priority.SOMETIMES);
        gaps.setPrefHeight(200);
        getChildren().addAll(losses, gaps);
    }

    private static DoubleDataSet dataSet(String name, Arm arm, boolean inLegend) {
        DoubleDataSet set = new DoubleDataSet(name, 256);
        double width = switch (arm) {
            case PROPER -> 4.0;          // wide and light, so the uninterrupted line shows on it
            case WEIGHTS_ONLY -> 1.6;
            case UNINTERRUPTED -> 1.2;
        };
        String colour = arm == Arm.PROPER ? "rgba(61,111,217,0.55)" : COLOURS.get(arm);
        set.setStyle(DataSetStyleBuilder.instance().setLineColor(colour).setLineWidth(width).setMarkerSize(0)
                .setShowInLegend(inLegend).build());
        return set;
    }

    private static void setUp(XYChart chart, DefaultNumericAxis x, DefaultNumericAxis y, List<DoubleDataSet> sets,
                              XValueIndicator mark) {
        chart.setAnimated(false);
        x.setAutoRangePadding(0.01);
        y.setAutoRangePadding(0.08);
        y.setForceZeroInRange(false);
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setPolyLineStyle(LineStyle.NORMAL);
        renderer.setDrawMarker(false);
        renderer.getDatasets().addAll(sets);
        chart.getRenderers().setAll(renderer);
        mark.setEditable(false);
        mark.setLabelPosition(0.9);
        chart.getPlugins().addAll(new Zoomer(), new DataPointTooltip(), mark);
    }

    /** Empties the chart for an experiment of {@code extraSteps} steps from {@code resumeStep}, its x range fixed. */
    void clear(int resumeStep, int extraSteps) {
        for (DefaultNumericAxis x : new DefaultNumericAxis[] {lossX, gapX}) {
            x.setAutoRanging(false);   // from just before the checkpoint, so its mark shows, to the last step
            x.set(resumeStep - Math.max(1, extraSteps / 14.0), resumeStep + extraSteps);
        }
        for (DoubleDataSet set : lossSets.values()) set.clearData();
        for (DoubleDataSet set : gapSets.values()) set.clearData();
        lossMark.setValue(resumeStep);
        gapMark.setValue(resumeStep);
        lossMark.setText("k = " + resumeStep);   // short: the label is centred on the line, at the chart's left edge
        gapMark.setText("");
    }

    /** Shows each arm's losses of steps k+1 … (index 0 is step k+1); one update per data set. */
    void show(int resumeStep, Map<Arm, double[]> armLosses) {
        double[] proper = armLosses.getOrDefault(Arm.PROPER, new double[0]);
        for (Arm arm : Arm.values()) {
            double[] values = armLosses.getOrDefault(arm, new double[0]);
            lossSets.get(arm).set(steps(resumeStep, values.length), values);
            int shared = Math.min(values.length, proper.length);
            double[] gap = new double[shared];
            for (int i = 0; i < shared; i++) gap[i] = values[i] - proper[i];
            gapSets.get(arm).set(steps(resumeStep, shared), gap);
        }
    }

    private static double[] steps(int resumeStep, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) x[i] = resumeStep + i + 1;
        return x;
    }

    int plotted(Arm arm) {
        return lossSets.get(arm).getDataCount();
    }

    double plottedGap(Arm arm, int index) {
        return gapSets.get(arm).get(1, index);
    }
}
