package org.slmworkshop.ui.lab.heatmap;

import io.fair_acc.chartfx.axes.AxisLabelOverlapPolicy;
import io.fair_acc.chartfx.axes.spi.AxisRange;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.dataset.spi.fastutil.DoubleArrayList;
import java.util.List;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.StringConverter;

/**
 * An axis whose ticks are the integer positions 0 … n−1, each labelled with its token. When the
 * labels are wider than a cell (words, BPE pieces) a horizontal axis turns them upright; when even
 * that does not fit, it labels every k-th position only, so labels never overlap.
 */
final class TokenAxis extends DefaultNumericAxis {
    private static final double LABEL_GAP = 2;
    private List<String> labels = List.of();
    private double widestLabel;
    private double labelHeight = 12;
    private int stride = 1;
    private final boolean topDown;

    /**
     * @param topDown the first token at the top of a vertical axis, as rows of a matrix are read
     *                (by reversed positions: ChartFX 11.3's inverted axes draw their ticks shifted)
     */
    TokenAxis(String title, boolean topDown) {
        super(title);
        this.topDown = topDown;
        setUnit(null);
        setAnimated(false);
        setAutoRanging(false);
        setAutoGrowRanging(false);
        setAutoRangeRounding(false);
        setAutoUnitScaling(false);
        setMinorTickCount(0);
        setOverlapPolicy(AxisLabelOverlapPolicy.DO_NOTHING);
        setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return label(value.doubleValue());
            }

            @Override
            public Number fromString(String label) {
                return labels.indexOf(label);
            }
        });
        widthProperty().addListener((obs, old, width) -> updateStride());
        heightProperty().addListener((obs, old, height) -> updateStride());
    }

    /** Shows {@code tokens} at positions 0 … n−1; cells span ±0.5 around them. */
    void setTokens(List<String> tokens) {
        if (tokens.equals(labels)) return;
        labels = List.copyOf(tokens);
        Font font = getTickLabelFont() == null ? Font.getDefault() : getTickLabelFont();
        Text probe = new Text();
        probe.setFont(font);
        widestLabel = 0;
        for (String label : labels) {
            probe.setText(label);
            widestLabel = Math.max(widestLabel, probe.getLayoutBounds().getWidth());
        }
        labelHeight = font.getSize() + 1;   // upright glyphs of one line, without the line's leading
        int n = Math.max(labels.size(), 1);
        setMaxMajorTickLabelCount(n + 1);
        set(-0.5, n - 0.5);
        updateStride();
        forceRedraw();
    }

    List<String> tokens() {
        return labels;
    }

    /** The label at a position, or "" between and beyond the tokens. */
    String label(double position) {
        long rounded = Math.round(position);
        if (Math.abs(position - rounded) > 1e-6) return "";
        int index = indexAt(rounded);
        return index < 0 ? "" : labels.get(index);
    }

    /** Where token {@code index} sits on the axis. */
    double position(double index) {
        return topDown ? labels.size() - 1 - index : index;
    }

    /** The token at an axis position, or −1 outside the tokens. */
    int indexAt(double position) {
        long nearest = Math.round(topDown ? labels.size() - 1 - position : position);
        return nearest < 0 || nearest >= labels.size() ? -1 : (int) nearest;
    }

    /** Every how many positions a label is drawn (1 = all). */
    int stride() {
        return stride;
    }

    private void updateStride() {
        boolean horizontal = getSide() == null || getSide().isHorizontal();
        double length = horizontal ? getWidth() : getHeight();
        int n = labels.size();
        if (n == 0 || !(length > 0)) return;
        double cell = length / n;
        // a horizontal axis turns its labels upright when they are wider than a cell
        boolean upright = horizontal && widestLabel + LABEL_GAP > cell && widestLabel > labelHeight;
        double rotation = upright ? 90 : 0;   // +90: ChartFX anchors such labels below the axis line
        if (getTickLabelStyle().getRotate() != rotation) getTickLabelStyle().setRotate(rotation);
        double extent = horizontal && !upright ? widestLabel : labelHeight;
        int newStride = Math.max(1, (int) Math.ceil((extent + LABEL_GAP) / cell));
        if (newStride != stride) {
            stride = newStride;
            setTickUnit(stride);
            forceRedraw();
        }
    }

    @Override
    protected void calculateMajorTickValues(AxisRange range, DoubleArrayList tickValues) {
        int first = (int) Math.max(0, Math.ceil(range.getLowerBound()));
        int last = (int) Math.min(labels.size() - 1, Math.floor(range.getUpperBound()));
        // thin by token index, so the first token always keeps its label
        for (int i = first; i <= last; i++) {
            int index = indexAt(i);
            if (index >= 0 && index % stride == 0) tickValues.add(i);
        }
    }

    @Override
    protected void calculateMinorTickValues(DoubleArrayList tickValues) {
        // tokens have no minor ticks
    }

    @Override
    protected double computeTickUnit(double rawTickUnit) {
        return stride;
    }
}
