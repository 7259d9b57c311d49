package org.slmworkshop.ui.lab.training;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.YValueIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.locks.DefaultDataSetLock;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.fair_acc.dataset.utils.DataSetStyleBuilder;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.slmworkshop.train.LossPoint;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.lab.training.LossCurves.Series;
import org.slmworkshop.ui.lab.training.LossCurves.XAxis;

/**
 * A live loss chart: the training loss of each step (light and noisy) with its smoothed curve,
 * train and validation loss at each evaluation, and the uniform model's ln V for reference.
 * Feed it whole batches of events: each call appends the new points with one update per data set,
 * so the chart redraws at the rate batches arrive, never once per point.
 */
public final class LossChart extends VBox {
    private final LossCurves curves = new LossCurves();
    private final DefaultNumericAxis xAxis = new DefaultNumericAxis("step", null);
    private final DefaultNumericAxis yAxis = new DefaultNumericAxis("loss", "nats/token");
    private final XYChart chart = new XYChart(xAxis, yAxis);
    private final DoubleDataSet trainSet = dataSet("train loss (each step)",
            DataSetStyleBuilder.instance().setLineColor("rgba(61,111,217,0.28)").setLineWidth(1).setMarkerSize(0).build());
    private final DoubleDataSet smoothedSet = dataSet("train loss (smoothed)",
            DataSetStyleBuilder.instance().setLineColor("#3d6fd9").setLineWidth(2.2).setMarkerSize(0).build());
    private final DoubleDataSet trainEvaluationSet = dataSet("train loss (evaluated)",
            DataSetStyleBuilder.instance().setLineWidth(0).setMarkerType("diamond").setMarkerSize(4)
                    .setMarkerColor("#1e3a8a").setLineColor("#1e3a8a").build());
    private final DoubleDataSet validationSet = dataSet("validation loss",
            DataSetStyleBuilder.instance().setLineColor("#e07b39").setLineWidth(1.6).setMarkerType("circle")
                    .setMarkerSize(4).setMarkerColor("#e07b39").build());
    /** Invisible points that keep the reference line in view (see {@link #placeAnchor()}). */
    private final DoubleDataSet uniformAnchor = dataSet("uniform anchor",
            DataSetStyleBuilder.instance().setLineWidth(0).setMarkerSize(0).setShowInLegend(false).build());
    private final YValueIndicator uniformLine = new YValueIndicator(yAxis, 1, "uniform model (ln V)");
    /** The step the run scrubber shows, a solid line apart from the dashed reference. */
    private final XValueIndicator viewedLine = new XValueIndicator(xAxis, 0, "") {
        {
            line.setStyle("-fx-stroke: #7c3aed; -fx-stroke-width: 2; -fx-stroke-dash-array: null;");
            triangle.setStyle("-fx-fill: #7c3aed;");
            label.setStyle("-fx-border-color: #7c3aed; -fx-text-fill: #5b21b6; -fx-font-weight: bold;");
        }
    };
    private Integer viewedStep;
    private final int[] shown = new int[4];
    private final ToggleButton bySteps = new ToggleButton("Steps");
    private final ToggleButton byTokens = new ToggleButton("Tokens");
    private final CheckBox logScale = new CheckBox("Log y");
    private int vocabSize;
    private XAxis xMode = XAxis.STEPS;
    private boolean rebuildNeeded;
    private int plannedSteps;
    /** Log scale: the data sets hold log10(loss), labelled with the loss (see {@link #lossLabels()}). */
    private boolean logY;
    private long tokensPerStep;
    private boolean drawScheduled;

    public LossChart() {
        getStyleClass().add("loss-chart");
        setSpacing(4);
        chart.setId("loss-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        // its minimum height is in training.css, in em, so the plot keeps its share of a zoomed chart
        xAxis.setAutoRangePadding(0.02);
        yAxis.setAutoRangePadding(0.05);
        yAxis.setForceZeroInRange(false);
        xAxis.setTickLabelFormatter(compactNumbers());
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setPolyLineStyle(LineStyle.NORMAL);
        renderer.setDrawMarker(true);
        // ChartFX draws a renderer's data sets last to first: validation on top, the noisy steps beneath
        renderer.getDatasets().addAll(validationSet, trainEvaluationSet, smoothedSet, trainSet, uniformAnchor);
        chart.getRenderers().setAll(renderer);
        uniformLine.setEditable(false);
        uniformLine.setLabelPosition(0.78);
        uniformLine.setText("uniform model (ln V)");
        yAxis.setTickLabelFormatter(lossLabels());
        DataPointTooltip tooltip = new DataPointTooltip();
        tooltip.setYValueFormatter(lossLabels());
        chart.getPlugins().addAll(new Zoomer(), tooltip);
        VBox.setVgrow(chart, Priority.ALWAYS);
        getChildren().addAll(toolbar(), chart);
    }

    private HBox toolbar() {
        ToggleGroup group = new ToggleGroup();
        bySteps.setToggleGroup(group);
        byTokens.setToggleGroup(group);
        bySteps.setSelected(true);
        bySteps.setId("loss-x-steps");
        byTokens.setId("loss-x-tokens");
        bySteps.getStyleClass().addAll("left-pill", "loss-axis-toggle");
        byTokens.getStyleClass().addAll("right-pill", "loss-axis-toggle");
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);   // one of the two is always chosen
                return;
            }
            setXAxis(now == byTokens ? XAxis.TOKENS : XAxis.STEPS);
        });
        logScale.setId("loss-log-scale");
        logScale.selectedProperty().addListener((obs, old, on) -> {
            logY = on;
            yAxis.setName(on ? "loss, log scale" : "loss");
            placeUniformLine();
            rebuildNeeded = true;
            draw();
        });
        for (javafx.scene.control.Control control : new javafx.scene.control.Control[] {bySteps, byTokens, logScale}) {
            control.setMinWidth(Region.USE_PREF_SIZE);
        }
        bySteps.setTooltip(new javafx.scene.control.Tooltip("x axis: optimizer steps"));
        byTokens.setTooltip(new javafx.scene.control.Tooltip("x axis: training tokens seen (steps × batch × context)"));
        logScale.setTooltip(new javafx.scene.control.Tooltip("Logarithmic loss axis"));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label hint = new Label("drag to zoom · right-click to zoom out");
        hint.getStyleClass().addAll("muted", "small");
        hint.setMinWidth(Region.USE_PREF_SIZE);
        hint.managedProperty().bind(hint.visibleProperty());
        HBox bar = new HBox(8, new HBox(bySteps, byTokens), logScale, spacer, hint);
        hint.visibleProperty().bind(bar.widthProperty().greaterThan(480));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("loss-chart-toolbar");
        return bar;
    }

    private static DoubleDataSet dataSet(String name, String style) {
        DoubleDataSet set = new DoubleDataSet(name, 256);
        set.setStyle(style);
        return set;
    }

    /** Empties the chart for a new run. */
    public void clear() {
        curves.clear();
        rebuildNeeded = true;
        draw();
    }

    /** Adds a batch of training events (FX thread). */
    public void accept(List<TrainingEvent> events) {
        if (events.isEmpty()) return;
        for (TrainingEvent event : events) {
            if (event instanceof TrainingEvent.Started started) {
                setPlannedRun(started.totalSteps(), started.tokensPerStep());
                setVocabSize(started.vocabSize());
            }
        }
        curves.accept(events);
        draw();
    }

    /** Adds a checkpoint's remembered evaluations. */
    public void addHistory(List<LossPoint> history) {
        curves.addHistory(history);
        draw();
    }

    /** The x axis spans the whole planned run, so the curve fills the chart as training goes on. */
    public void setPlannedRun(int totalSteps, long tokensEachStep) {
        if (totalSteps == plannedSteps && tokensEachStep == tokensPerStep) return;
        plannedSteps = totalSteps;
        tokensPerStep = tokensEachStep;
        draw();
    }

    /** Draws the uniform model's loss, ln V, as a labelled line. */
    public void setVocabSize(int vocab) {
        if (vocab == vocabSize || vocab < 2) return;
        vocabSize = vocab;
        double uniform = Math.log(vocab);
        placeUniformLine();
        uniformLine.setText(String.format("uniform model (ln V = ln %,d = %.2f)", vocab, uniform));
        if (!chart.getPlugins().contains(uniformLine)) chart.getPlugins().add(uniformLine);
        draw();
    }

    public void setXAxis(XAxis mode) {
        if (mode == xMode) return;
        xMode = mode;
        (mode == XAxis.TOKENS ? byTokens : bySteps).setSelected(true);
        xAxis.setName(mode == XAxis.TOKENS ? "tokens seen" : "step");
        markStep(viewedStep);
        rebuildNeeded = true;
        draw();
    }

    /** Marks the step the learner scrubbed back to with a line; null takes the line away. */
    public void markStep(Integer step) {
        viewedStep = step;
        boolean shown = step != null && (xMode == XAxis.STEPS || tokensPerStep > 0);
        if (!shown) {
            chart.getPlugins().remove(viewedLine);
            return;
        }
        viewedLine.setValue(xMode == XAxis.TOKENS ? (double) step * tokensPerStep : step);
        viewedLine.setText("viewing step " + String.format("%,d", step));
        viewedLine.setEditable(false);
        viewedLine.setLabelPosition(0.08);
        if (!chart.getPlugins().contains(viewedLine)) chart.getPlugins().add(viewedLine);
    }

    /** The step marked by {@link #markStep}, or null. */
    public Integer markedStep() {
        return viewedStep;
    }

    public XAxis xAxisMode() {
        return xMode;
    }

    public void setLogScale(boolean on) {
        logScale.setSelected(on);
    }

    public boolean isLogScale() {
        return logY;
    }

    /** The numbers drawn, for tests and the benchmark. */
    public LossCurves curves() {
        return curves;
    }

    public XYChart chart() {
        return chart;
    }

    /** The loss the reference line marks (ln V), whatever the scale. */
    public double uniformLoss() {
        return vocabSize < 2 ? Double.NaN : fromPlotted(uniformLine.getValue());
    }

    private void placeUniformLine() {
        if (vocabSize >= 2) uniformLine.setValue(plotted(Math.log(vocabSize)));
    }

    /*
     * ChartFX's own log axis labels only powers of ten, and a loss curve from 4.4 down to 1.7 has
     * none: so the log scale plots log10(loss) on a linear axis and labels it with the loss itself.
     */
    private double plotted(double loss) {
        return logY ? Math.log10(loss) : loss;
    }

    private double fromPlotted(double value) {
        return logY ? Math.pow(10, value) : value;
    }

    private double[] plotted(double[] losses) {
        if (logY) for (int i = 0; i < losses.length; i++) losses[i] = Math.log10(losses[i]);
        return losses;
    }

    /** Tick and tooltip labels: the loss, 2.5 or 2.25, or 3.1e9 for a run that blew up. */
    private StringConverter<Number> lossLabels() {
        return new StringConverter<>() {
            @Override
            public String toString(Number number) {
                double loss = fromPlotted(number.doubleValue());
                if (!Double.isFinite(loss)) return "";
                if (Math.abs(loss) >= 1e4) return String.format("%.1e", loss);
                String text = String.format(logY ? "%.3g" : "%.3f", loss);
                return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
            }

            @Override
            public Number fromString(String string) {
                return plotted(Double.parseDouble(string));
            }
        };
    }

    /** Points currently in the per-step training data set (what the learner sees). */
    /** The step (or token) axis; its tick labels follow the root font and the theme. */
    DefaultNumericAxis xAxis() {
        return xAxis;
    }

    public int plottedTrainPoints() {
        return trainSet.getDataCount();
    }

    public int plottedValidationPoints() {
        return validationSet.getDataCount();
    }

    /** One point of the per-step data set as drawn: (step or tokens, loss or log10 loss). */
    double[] plottedTrainPoint(int index) {
        return new double[] {trainSet.get(0, index), trainSet.get(1, index)};
    }

    /**
     * Brings the data sets up to date with the curves. ChartFX read-locks a chart's data sets from
     * its pre-layout hook until its post-layout hook, and runs the pre-layout hook as soon as the
     * chart joins a scene; writing from the FX thread in that window would wait on itself forever,
     * so a write that finds the lock taken waits for the chart's post-layout pass instead.
     */
    private void draw() {
        if (isReadLocked()) {
            if (drawScheduled) return;
            drawScheduled = true;
            Scene scene = chart.getScene();
            if (scene == null) {
                Platform.runLater(this::drawLater);
                return;
            }
            // the chart's own post-layout hook was registered first, so it has unlocked by now;
            // the listener is removed outside the scene's iteration over its listeners
            boolean[] fired = new boolean[1];
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                if (fired[0]) return;
                fired[0] = true;
                Platform.runLater(() -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    drawLater();
                });
            };
            scene.addPostLayoutPulseListener(once[0]);
            Platform.requestNextPulse();
            return;
        }
        if (rebuildNeeded) {
            rebuildNeeded = false;
            Series[] all = {curves.trainSteps(), curves.smoothed(), curves.trainEvaluations(), curves.validation()};
            DoubleDataSet[] sets = {trainSet, smoothedSet, trainEvaluationSet, validationSet};
            for (int i = 0; i < sets.length; i++) {
                sets[i].set(all[i].x(xMode, 0), plotted(all[i].values(0)));
                shown[i] = all[i].size();
            }
        } else {
            appendFrom(curves.trainSteps(), trainSet, 0);
            appendFrom(curves.smoothed(), smoothedSet, 1);
            appendFrom(curves.trainEvaluations(), trainEvaluationSet, 2);
            appendFrom(curves.validation(), validationSet, 3);
        }
        placeAnchor();
    }

    private void drawLater() {
        drawScheduled = false;
        draw();
    }

    private boolean isReadLocked() {
        for (DoubleDataSet set : new DoubleDataSet[] {uniformAnchor, trainSet, smoothedSet, trainEvaluationSet, validationSet}) {
            if (set.lock() instanceof DefaultDataSetLock<?> lock && lock.getReaderCount() > 0) return true;
        }
        return false;
    }

    /** Appends only the points the data set lacks, in one call: one change event per batch. */
    private void appendFrom(Series series, DoubleDataSet set, int slot) {
        if (series.size() == shown[slot]) return;
        if (series.size() < shown[slot]) {
            set.set(series.x(xMode, 0), plotted(series.values(0)));
        } else {
            set.add(series.x(xMode, shown[slot]), plotted(series.values(shown[slot])));
        }
        shown[slot] = series.size();
    }

    /**
     * Two invisible points: ln V at the first x, and a little below it at the planned end of the run.
     * Auto-ranging then always shows the reference line and the whole run, and never meets a
     * zero-width range (ChartFX's tick formatter fails on one), even with a single point or none.
     */
    private void placeAnchor() {
        if (vocabSize < 2) {
            if (uniformAnchor.getDataCount() > 0) uniformAnchor.clearData();
            return;
        }
        Series first = curves.trainSteps().size() > 0 ? curves.trainSteps() : curves.validation();
        double x = first.size() > 0 ? first.x(xMode, 0)[0] : 0;
        double end = xMode == XAxis.STEPS ? plannedSteps : (double) plannedSteps * tokensPerStep;
        double y = plotted(Math.log(vocabSize));
        double[] xs = {x, Math.max(x + 1, end)};
        double[] ys = {y, plotted(0.4 * Math.log(vocabSize))};   // room below ln V for the curve to come
        if (uniformAnchor.getDataCount() == 2 && uniformAnchor.get(0, 0) == xs[0] && uniformAnchor.get(0, 1) == xs[1]
                && uniformAnchor.get(1, 0) == y) {
            return;
        }
        uniformAnchor.set(xs, ys);
    }

    /** 1,200 / 45k / 1.5M: readable tick labels for steps and token counts. */
    private static StringConverter<Number> compactNumbers() {
        return new StringConverter<>() {
            @Override
            public String toString(Number number) {
                double v = number.doubleValue();
                double abs = Math.abs(v);
                if (abs >= 1e9) return trim(v / 1e9) + "G";
                if (abs >= 1e6) return trim(v / 1e6) + "M";
                if (abs >= 1e4) return trim(v / 1e3) + "k";
                return v == Math.rint(v) ? String.format("%,d", (long) v) : String.format("%.1f", v);
            }

            private String trim(double v) {
                String s = String.format("%.2f", v);
                return s.replaceAll("\\.?0+$", "");
            }

            @Override
            public Number fromString(String string) {
                return Double.parseDouble(string.replaceAll("[^0-9.eE-]", ""));
            }
        };
    }
}
