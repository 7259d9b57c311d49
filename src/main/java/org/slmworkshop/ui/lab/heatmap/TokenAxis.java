package org.slmworkshop.ui.lab.heatmap;

import io.fair_acc.chartfx.axes.AxisLabelOverlapPolicy;
import io.fair_acc.chartfx.axes.spi.AxisRange;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.dataset.spi.fastutil.DoubleArrayList;
import java.util.List;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.Font;
import javafx.util.Duration;
import javafx.scene.text.Text;
import javafx.util.StringConverter;

/**
 * An axis whose ticks are the integer positions 0 … n−1, each labelled with its token. When the
 * labels are wider than a cell (words, BPE pieces) a horizontal axis turns them upright; when they are
 * taller than a cell they are set smaller, down to {@link #MIN_FONT_SIZE}; only below that is every k-th
 * position labelled, so labels never overlap. Hovering the axis names the token under the mouse.
 */
final class TokenAxis extends DefaultNumericAxis {
    private static final double LABEL_GAP = 2;
    /** Between the ink of stacked one-line labels (their height is taken as the font size: no leading). */
    private static final double STACK_GAP = 0.5;
    /** The smallest labels drawn: below this a glyph cannot be read on a projector. */
    static final double MIN_FONT_SIZE = 8;
    private final Tooltip hoverTip = new Tooltip();
    /** The labels' size from the style sheet; smaller ones are set inline. */
    private double baseFontSize = 12;
    private double fontSize = 12;
    private double lastInlineSize;
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
        hoverTip.setShowDelay(Duration.millis(200));
        Tooltip.install(this, hoverTip);
        addEventHandler(MouseEvent.MOUSE_MOVED, event -> {
            boolean horizontal = getSide() == null || getSide().isHorizontal();
            hoverTip.setText(describe(indexAt(getValueForDisplay(horizontal ? event.getX() : event.getY()))));
        });
    }

    /** What hovering token {@code index} says, e.g. "row 7 of 36: 'd'". */
    String describe(int index) {
        if (index < 0 || index >= labels.size()) return "";
        String what = topDown ? "row " : "column ";
        return what + index + " of " + labels.size() + ": '" + labels.get(index) + "'";
    }

    Tooltip hoverTip() {
        return hoverTip;
    }

    /** The size the tick labels are drawn at now. */
    double fontSize() {
        return fontSize;
    }

    /** Shows {@code tokens} at positions 0 … n−1; cells span ±0.5 around them. */
    void setTokens(List<String> tokens) {
        if (tokens.equals(labels)) return;
        labels = List.copyOf(tokens);
        readBaseFontSize();
        Font styled = getTickLabelStyle().getFont() == null ? Font.getDefault() : getTickLabelStyle().getFont();
        Font font = Font.font(styled.getFamily(), baseFontSize);
        Text probe = new Text();
        probe.setFont(font);
        widestLabel = 0;
        for (String label : labels) {
            probe.setText(label);
            widestLabel = Math.max(widestLabel, probe.getLayoutBounds().getWidth());
        }
        labelHeight = baseFontSize;   // upright glyphs of one line, ascender to descender, without the line's leading
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

    /** The style sheet's label size, read while no smaller size is set inline. */
    private void readBaseFontSize() {
        Font font = getTickLabelStyle().getFont();
        // just after the inline size is cleared the label may still carry it until CSS runs again
        if (getTickLabelStyle().getStyle().isEmpty() && font != null && font.getSize() != lastInlineSize) {
            baseFontSize = font.getSize();
            fontSize = baseFontSize;
        }
    }

    private void updateStride() {
        boolean horizontal = getSide() == null || getSide().isHorizontal();
        double length = horizontal ? getWidth() : getHeight();
        int n = labels.size();
        if (n == 0 || !(length > 0)) return;
        readBaseFontSize();
        double cell = length / n;
        double minimum = Math.min(baseFontSize, MIN_FONT_SIZE);
        // side by side, set smaller (in half-pixel steps) as far as MIN_FONT_SIZE; a horizontal axis whose
        // labels still do not fit turns them upright, where a label takes its height rather than its width
        double sideBySideSize = fittingSize(cell, LABEL_GAP, widestLabel);
        boolean upright = horizontal && sideBySideSize < minimum && widestLabel > 0;
        double rotation = upright ? 90 : 0;   // +90: ChartFX anchors such labels below the axis line
        if (getTickLabelStyle().getRotate() != rotation) getTickLabelStyle().setRotate(rotation);
        boolean sideBySide = horizontal && !upright;
        double extent = sideBySide ? widestLabel : labelHeight;
        double gap = sideBySide ? LABEL_GAP : STACK_GAP;
        double size = Math.max(minimum, fittingSize(cell, gap, extent));
        if (size != fontSize) {
            fontSize = size;
            if (size < baseFontSize) lastInlineSize = size;
            getTickLabelStyle().setStyle(size >= baseFontSize ? "" : String.format(java.util.Locale.ROOT, "-fx-font-size: %.1fpx;", size));
            forceRedraw();
        }
        double scaledExtent = extent * size / baseFontSize;
        int newStride = Math.max(1, (int) Math.ceil((scaledExtent + gap) / cell - 1e-9));
        if (newStride != stride) {
            stride = newStride;
            setTickUnit(stride);
            forceRedraw();
        }
    }

    /** The largest size, in half pixels and at most the style sheet's, at which labels {@code extent} wide at that size fit a cell. */
    private double fittingSize(double cell, double gap, double extent) {
        if (!(extent > 0)) return baseFontSize;
        return Math.min(baseFontSize, Math.floor(baseFontSize * (cell - gap) / extent * 2) / 2);
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
