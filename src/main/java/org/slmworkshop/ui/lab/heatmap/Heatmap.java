package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.lab.TokenText;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.ContourType;
import io.fair_acc.chartfx.renderer.spi.ContourDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleGridDataSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/**
 * A heatmap of a token × token grid, drawn by ChartFX's {@link ContourDataSetRenderer} as a
 * {@link ContourType#HEATMAP} over one {@link DoubleGridDataSet} whose contents are replaced on
 * each update. Both axes carry the tokens as labels; a colour legend sits on the right; the exact
 * value under the mouse is read out below the chart. Cells stay square where the space allows.
 */
public final class Heatmap extends Region {
    /** One cell, as the read-out describes it. */
    public record Cell(int row, int column, String rowLabel, String columnLabel, double value, boolean masked) {}

    private static final double READOUT_GAP = 4;
    private final boolean compact;
    private final TokenAxis columnAxis;
    private final TokenAxis rowAxis;
    private final DefaultNumericAxis colourAxis = new DefaultNumericAxis("value");
    private final ContourDataSetRenderer renderer;
    private final HeatmapGrid grid = new HeatmapGrid();
    private final XYChart chart;
    private final CellOverlay overlay;
    private final Label readout = new Label();
    private final ReadOnlyObjectWrapper<Cell> hovered = new ReadOnlyObjectWrapper<>(this, "hovered");
    private HeatmapData data = HeatmapData.empty();
    private ColourScale scale;
    private Function<Cell, String> describer = Heatmap::describeGeneric;
    private String hint = "Point at a cell to read its value.";
    // what the axes, legend and padding take around the plot area, measured after each layout
    private double horizontalOverhead = 90;
    private double verticalOverhead = 50;
    private double canvasLeft;
    private double canvasTop;

    /** A full heatmap with axis titles, token labels, a colour legend and a value read-out. */
    public Heatmap(String columnTitle, String rowTitle) {
        this(columnTitle, rowTitle, false);
    }

    /** A small heatmap for a grid of many: no labels, no legend, no read-out. */
    public static Heatmap compact() {
        return new Heatmap(null, null, true);
    }

    private Heatmap(String columnTitle, String rowTitle, boolean compact) {
        this.compact = compact;
        renderer = compact ? new WithoutLegend() : new ContourDataSetRenderer();
        getStyleClass().add("heatmap");
        if (compact) getStyleClass().add("compact");
        columnAxis = new TokenAxis(columnTitle, false);
        columnAxis.setSide(Side.BOTTOM);
        rowAxis = new TokenAxis(rowTitle, true);   // row 0 at the top, as in a matrix
        rowAxis.setSide(Side.LEFT);
        colourAxis.setSide(Side.RIGHT);
        colourAxis.setDimIndex(DataSet.DIM_Z);
        colourAxis.setAnimated(false);
        colourAxis.setAutoRanging(false);
        colourAxis.setAutoGrowRanging(false);
        colourAxis.setAutoUnitScaling(false);
        colourAxis.setMinorTickCount(0);
        colourAxis.setUnit(null);
        colourAxis.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number value) {
                return scale == null ? String.valueOf(value) : legendTick(value.doubleValue(),
                        Math.max(Math.abs(scale.min()), Math.abs(scale.max())));
            }

            @Override
            public Number fromString(String label) {
                return Double.valueOf(label);
            }
        });

        renderer.setContourType(ContourType.HEATMAP);
        renderer.setSmooth(false);
        renderer.setPointReduction(false);
        renderer.setParallelImplementation(false);   // a few thousand cells: threads cost more than they save
        renderer.setComputeLocalRange(false);
        renderer.setNumberQuantisationLevels(256);
        renderer.setShowInLegend(false);
        renderer.getAxes().addAll(columnAxis, rowAxis, colourAxis);
        renderer.getDatasets().add(grid.dataSet());

        chart = new XYChart(columnAxis, rowAxis);
        chart.getStyleClass().add("heatmap-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.getRenderers().setAll(renderer);
        chart.getAxes().add(colourAxis);
        chart.getGridRenderer().getHorizontalMajorGrid().setVisible(false);
        chart.getGridRenderer().getVerticalMajorGrid().setVisible(false);
        chart.getGridRenderer().getHorizontalMinorGrid().setVisible(false);
        chart.getGridRenderer().getVerticalMinorGrid().setVisible(false);
        overlay = new CellOverlay(columnAxis, rowAxis, this::hover);
        chart.getPlugins().add(overlay);
        if (compact) hideAxes();

        readout.getStyleClass().add("heatmap-readout");
        readout.setMinHeight(Region.USE_PREF_SIZE);
        readout.setWrapText(true);
        readout.setText(hint);
        getChildren().add(chart);
        if (!compact) getChildren().add(readout);
        setColourScale(ColourScale.sequential(1, "probability"));
        chart.getCanvas().widthProperty().addListener((obs, old, value) -> measureOverhead());
        chart.getCanvas().heightProperty().addListener((obs, old, value) -> measureOverhead());
    }

    private void hideAxes() {
        for (DefaultNumericAxis axis : List.of(columnAxis, rowAxis, colourAxis)) {
            axis.getTickLabelStyle().setVisible(false);
            axis.getMajorTickStyle().setVisible(false);
            axis.getMinorTickStyle().setVisible(false);
            axis.setTickLength(0);
            axis.setMinorTickLength(0);
            axis.setAxisPadding(0);
            axis.setTickLabelGap(0);
            axis.setAxisLabelGap(0);
            axis.setName(null);
        }
        colourAxis.setVisible(false);
        horizontalOverhead = 0;
        verticalOverhead = 0;
    }

    /** Replaces what the heatmap shows; the grid data set is refilled, not recreated. FX thread. */
    public void show(HeatmapData newData, ColourScale newScale) {
        data = newData;
        setColourScale(newScale);
        columnAxis.setTokens(newData.columnLabels());
        rowAxis.setTokens(newData.rowLabels());
        grid.write(newData, minimum());
        overlay.setGrid(newData.rows(), newData.columns(), newData.causalMask());
        Cell current = hovered.get();
        if (current != null) hover(current.row(), current.column());
        requestLayout();
    }

    private double minimum() {
        return scale == null ? 0 : scale.min();
    }

    private void setColourScale(ColourScale newScale) {
        if (newScale.equals(scale)) return;
        scale = newScale;
        renderer.setColorGradient(newScale.gradient());
        colourAxis.setLogAxis(newScale.logarithmic());
        colourAxis.set(newScale.min(), newScale.max());
        if (!compact) colourAxis.setName(newScale.title());
        colourAxis.forceRedraw();
    }

    /** A legend tick to three significant digits; a zero that arithmetic left as −3E-20 reads 0. */
    static String legendTick(double value, double extent) {
        if (Math.abs(value) <= extent * 1e-9) return "0";
        java.math.BigDecimal rounded = new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros();
        return Math.abs(value) >= 1e-3 ? rounded.toPlainString() : rounded.toString().replace("E", "e");
    }

    public HeatmapData data() {
        return data;
    }

    public ColourScale colourScale() {
        return scale;
    }

    /** The cell at (row, column) of what is shown. */
    public Cell cellAt(int row, int column) {
        if (row < 0 || row >= data.rows() || column < 0 || column >= data.columns()) {
            throw new IndexOutOfBoundsException("no cell (" + row + ", " + column + ") in a " + data.rows() + " × "
                    + data.columns() + " heatmap");
        }
        return new Cell(row, column, data.rowLabels().get(row), data.columnLabels().get(column),
                data.value(row, column), data.isMasked(row, column));
    }

    /** Points at a cell as the mouse does: outlines it and reads its value out; (−1, −1) clears. */
    public void hover(int row, int column) {
        boolean inside = row >= 0 && row < data.rows() && column >= 0 && column < data.columns();
        Cell cell = inside ? cellAt(row, column) : null;
        hovered.set(cell);
        overlay.setHover(inside ? row : -1, inside ? column : -1);
        readout.setText(cell == null ? hint : describer.apply(cell));
    }

    public ReadOnlyObjectProperty<Cell> hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    /** How the read-out puts a cell into words, e.g. "p(next = 'h' | previous = 't') = 0.279". */
    public void setDescriber(Function<Cell, String> describer) {
        this.describer = describer;
        hover(hovered.get() == null ? -1 : hovered.get().row(), hovered.get() == null ? -1 : hovered.get().column());
    }

    /** What the read-out says while no cell is pointed at. */
    public void setHint(String text) {
        hint = text;
        if (hovered.get() == null) readout.setText(hint);
    }

    public Label readout() {
        return readout;
    }

    public XYChart chart() {
        return chart;
    }

    /** The one data set the renderer draws; its contents change, the instance never does. */
    DoubleGridDataSet grid() {
        return grid.dataSet();
    }

    /** Every how many tokens the column axis shows a label (1 = every token). */
    public int columnLabelStride() {
        return columnAxis.stride();
    }

    public int rowLabelStride() {
        return rowAxis.stride();
    }

    TokenAxis rowAxis() {
        return rowAxis;
    }

    TokenAxis columnAxis() {
        return columnAxis;
    }

    private static String describeGeneric(Cell cell) {
        return String.format(Locale.ROOT, "row %s, column %s: %.4f", TokenText.quoted(cell.rowLabel()),
                TokenText.quoted(cell.columnLabel()), cell.value());
    }

    /** A renderer that leaves out the colour bar it would put beside its z axis. */
    private static final class WithoutLegend extends ContourDataSetRenderer {
        @Override
        protected void layoutZAxis(io.fair_acc.chartfx.axes.Axis axis) {
            // no colour bar in a small multiple
        }
    }

    @Override
    protected void layoutChildren() {
        Insets insets = getInsets();
        double width = Math.max(0, getWidth() - insets.getLeft() - insets.getRight());
        double height = Math.max(0, getHeight() - insets.getTop() - insets.getBottom());
        if (compact) {
            // the chart keeps a margin around its plot even without axes: lay it out that much
            // larger, shifted, and clip, so the cells fill the tile
            chart.resizeRelocate(insets.getLeft() - canvasLeft, insets.getTop() - canvasTop,
                    width + horizontalOverhead, height + verticalOverhead);
            setClip(new javafx.scene.shape.Rectangle(getWidth(), getHeight()));
            return;
        }
        double readoutHeight = readout.prefHeight(width) + READOUT_GAP;
        double chartHeight = Math.max(0, height - readoutHeight);
        double[] size = squareChartSize(width, chartHeight);
        double left = insets.getLeft() + (width - size[0]) / 2;
        chart.resizeRelocate(snapPositionX(left), snapPositionY(insets.getTop()), snapSizeX(size[0]), snapSizeY(size[1]));
        double top = insets.getTop() + chart.getHeight() + READOUT_GAP;
        readout.resizeRelocate(insets.getLeft(), top, width, readoutHeight - READOUT_GAP);
    }

    /**
     * The axes and legend take room that is known only after the chart has laid itself out; when
     * it differs from what the last layout assumed, lay out again (converges in a pulse or two).
     */
    private void measureOverhead() {
        double plotWidth = chart.getCanvas().getWidth();
        double plotHeight = chart.getCanvas().getHeight();
        if (!(plotWidth > 0 && plotHeight > 0)) return;
        double horizontal = chart.getWidth() - plotWidth;
        double vertical = chart.getHeight() - plotHeight;
        javafx.geometry.Point2D origin = chart.sceneToLocal(chart.getCanvas().localToScene(0, 0));
        if (Math.abs(horizontal - horizontalOverhead) < 1 && Math.abs(vertical - verticalOverhead) < 1
                && (origin == null || Math.abs(origin.getX() - canvasLeft) < 1 && Math.abs(origin.getY() - canvasTop) < 1)) {
            return;
        }
        horizontalOverhead = horizontal;
        verticalOverhead = vertical;
        if (origin != null) {
            canvasLeft = origin.getX();
            canvasTop = origin.getY();
        }
        requestLayout();
    }

    /** The chart size that makes cells square within (width, height), or fills it when nothing is shown. */
    private double[] squareChartSize(double width, double height) {
        int columns = data.columns();
        int rows = data.rows();
        if (columns == 0 || rows == 0) return new double[] {width, height};
        double cell = Math.min((width - horizontalOverhead) / columns, (height - verticalOverhead) / rows);
        if (!(cell > 0)) return new double[] {width, height};
        return new double[] {Math.min(width, cell * columns + horizontalOverhead),
                Math.min(height, cell * rows + verticalOverhead)};
    }

    @Override
    protected double computePrefWidth(double height) {
        return compact ? 60 : 480;
    }

    @Override
    protected double computePrefHeight(double width) {
        return compact ? 60 : 480;
    }

    @Override
    protected double computeMinWidth(double height) {
        return compact ? 24 : 160;
    }

    @Override
    protected double computeMinHeight(double width) {
        return compact ? 24 : 160;
    }
}
