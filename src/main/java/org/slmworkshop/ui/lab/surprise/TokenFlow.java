package org.slmworkshop.ui.lab.surprise;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.slmworkshop.ui.view.StyledRegion;
import org.slmworkshop.train.TokenLosses;
import org.slmworkshop.ui.lab.TokenText;

/**
 * A passage drawn as its tokens, each on the colour of a value (its loss, or the difference of two
 * models' losses), wrapping between words like prose. Under each token a thin band tells which
 * sliding window scored it (alternating shades). Hovering a token reports its position;
 * {@link #highlight} then marks it and the tokens it was predicted from. One canvas rather than a
 * node per token: a thousand tokens lay out and paint in a few milliseconds on the FX thread.
 */
final class TokenFlow extends StyledRegion {
    private static final double SMALL = 14, LARGE = 16, LARGE_FROM_WIDTH = 420;   // wide columns get larger text
    private static final double PAD = 6, TOP_MARK = 2, BAND = 3, BAND_GAP = 1, LINE_GAP = 5, TOKEN_PAD = 1;
    private static final int MAX_WORD = 24;   // a longer run of tokens without a space may wrap anywhere
    private static final Color TEXT = Color.web("#111827"), TEXT_ON_DARK = Color.WHITE, SPACE = Color.web("#9ca3af"),
            SPACE_ON_DARK = Color.web("#e5e7eb"), UNSCORED = Color.web("#9ca3af"), CONTEXT = Color.web("#2563eb"),
            HOVERED = Color.web("#111827"), WINDOW_EVEN = Color.web("#cbd5e1"), WINDOW_ODD = Color.web("#64748b");

    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private final Map<String, Double> widths = new HashMap<>();
    private Font font;
    private Font firstFont;
    private double textHeight;
    private double baseline;
    private IntConsumer onHover = position -> { };
    private IntFunction<String> describe = position -> "";
    private Scored shown;
    private String[] labels = new String[0];
    private boolean[] blank = new boolean[0];
    private boolean[] breakAfter = new boolean[0];   // a line break in the text
    private boolean[] wordEnds = new boolean[0];     // lines may wrap after this token
    private double[] x = new double[0], y = new double[0], w = new double[0];
    private Color[] colours = new Color[0];
    private double[] values = new double[0];
    private double laidOutWidth = -1;
    private double contentHeight = 2 * PAD;
    private int highlighted = -1;
    private int contextFrom = -1;
    private int hovered = -1;

    TokenFlow() {
        getStyleClass().add("surprise-flow");
        getChildren().add(canvas);
        useFontSize(SMALL);
        tooltip.setShowDelay(Duration.millis(250));
        tooltip.setShowDuration(Duration.seconds(30));
        tooltip.getStyleClass().add("surprise-tooltip");
        canvas.setOnMouseMoved(e -> hoverAt(at(e.getX(), e.getY())));
        canvas.setOnMouseExited(e -> hoverAt(-1));
    }

    /** Called with a token's position when the mouse enters it, and −1 when it leaves. */
    void setOnHover(IntConsumer onHover) {
        this.onHover = onHover;
    }

    /** The tooltip of the token at a position. */
    void setDescription(IntFunction<String> describe) {
        this.describe = describe;
    }

    Scored shown() {
        return shown;
    }

    /** Replaces the tokens with the passage's, uncoloured until {@link #paint}. */
    void show(Scored scored) {
        shown = scored;
        List<TokenLosses.TokenLoss> tokens = scored.losses().tokens();
        int n = tokens.size() + 1;
        labels = new String[n];
        blank = new boolean[n];
        breakAfter = new boolean[n];
        wordEnds = new boolean[n];
        for (int position = 0; position < n; position++) {
            String piece = position == 0 ? scored.losses().firstPiece() : tokens.get(position - 1).piece();
            String next = position + 1 < n ? tokens.get(position).piece() : null;
            labels[position] = TokenText.dotted(piece);
            blank[position] = piece.isBlank();
            // break the line where the text does, once after a run of line breaks, so blank lines cost no rows
            breakAfter[position] = piece.endsWith("\n") && (next == null || !next.startsWith("\n"));
            wordEnds[position] = next == null || piece.endsWith("\n") || endsInSpace(piece)
                    || (startsWithSpace(next) && !next.isBlank());
        }
        colours = new Color[n];
        values = new double[n];
        Arrays.fill(values, Double.NaN);
        highlighted = -1;
        contextFrom = -1;
        hovered = -1;
        laidOutWidth = -1;
        requestLayout();
        draw();
    }

    void clear() {
        shown = null;
        labels = new String[0];
        colours = new Color[0];
        values = new double[0];
        laidOutWidth = -1;
        hovered = -1;
        requestLayout();
        draw();
    }

    /** Colours each scored token by {@code value(position)} on {@code ramp}; the unscored first token stays plain. */
    void paint(IntToDoubleFunction value, ColourRamp ramp) {
        for (int position = 1; position < labels.length; position++) {
            values[position] = value.applyAsDouble(position);
            colours[position] = ramp.colour(values[position]);
        }
        draw();
    }

    /** The colour token {@code position} is drawn on (null for the unscored first token). */
    Color colourAt(int position) {
        return colours[position];
    }

    /** The value token {@code position} was coloured by (NaN for the first). */
    double valueAt(int position) {
        return values[position];
    }

    /** True where the token's text is drawn white, on a dark colour. */
    boolean onDark(int position) {
        return colours[position] != null && ColourRamp.isDark(colours[position]);
    }

    int size() {
        return labels.length;
    }

    /**
     * Marks token {@code position} and the {@code contextLength} tokens before it, the ones its prediction
     * saw; −1 clears the marks.
     */
    void highlight(int position, int contextLength) {
        highlighted = position >= 0 && position < labels.length ? position : -1;
        contextFrom = highlighted < 0 ? -1 : Math.max(0, highlighted - contextLength);
        draw();
    }

    /** How many tokens are marked as the highlighted token's context. */
    int markedContext() {
        return highlighted < 0 ? 0 : highlighted - contextFrom;
    }

    /** The centre of token {@code position}, in this region's coordinates (for a pointer to hover it). */
    Point2D centreOf(int position) {
        layoutFor(getWidth());
        return new Point2D(x[position] + w[position] / 2, y[position] + TOP_MARK + textHeight / 2);
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 320;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 80;
    }

    @Override
    protected double computePrefHeight(double width) {
        layoutFor(width > 0 ? width : computePrefWidth(-1));
        return contentHeight;
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        layoutFor(getWidth());
        canvas.setWidth(Math.max(1, getWidth()));
        canvas.setHeight(Math.max(1, Math.max(getHeight(), contentHeight)));
        draw();
    }

    @Override
    protected void styleChanged() {
        laidOutWidth = -1;
        requestLayout();
    }

    private void useFontSize(double size) {
        if (font != null && font.getSize() == size) return;
        font = Font.font(cssFont().getFamily(), size);
        firstFont = Font.font(cssFont().getFamily(), FontWeight.NORMAL, FontPosture.ITALIC, size);
        Text probe = new Text("Ag");
        probe.setFont(font);
        textHeight = Math.ceil(probe.getLayoutBounds().getHeight());
        baseline = -probe.getLayoutBounds().getMinY();
    }

    /** Places the tokens in lines no wider than {@code width}, a word at a time. */
    private void layoutFor(double width) {
        if (width == laidOutWidth && x.length == labels.length) return;
        laidOutWidth = width;
        double scale = textScale();   // the tokens grow with the root font (View ▸ Zoom)
        useFontSize((width >= LARGE_FROM_WIDTH * scale ? LARGE : SMALL) * scale);
        int n = labels.length;
        x = new double[n];
        y = new double[n];
        w = new double[n];
        double right = Math.max(PAD + 20, width - PAD);
        double lineHeight = TOP_MARK + textHeight + BAND_GAP + BAND + LINE_GAP;
        double cursorX = PAD, cursorY = PAD;
        int wordStart = 0;
        for (int position = 0; position < n; position++) {
            w[position] = width(labels[position], position == 0) + 2 * TOKEN_PAD;
            if (!wordEnds[position] && position - wordStart + 1 < MAX_WORD) continue;
            double wordWidth = 0;
            for (int p = wordStart; p <= position; p++) wordWidth += w[p];
            if (cursorX > PAD && cursorX + wordWidth > right) {
                cursorX = PAD;
                cursorY += lineHeight;
            }
            for (int p = wordStart; p <= position; p++) {
                if (cursorX > PAD && cursorX + w[p] > right) {   // a word wider than the line wraps inside
                    cursorX = PAD;
                    cursorY += lineHeight;
                }
                x[p] = cursorX;
                y[p] = cursorY;
                cursorX += w[p];
            }
            if (breakAfter[position]) {
                cursorX = PAD;
                cursorY += lineHeight;
            }
            wordStart = position + 1;
        }
        boolean endsOnFreshLine = n > 0 && breakAfter[n - 1];
        contentHeight = n == 0 ? 2 * PAD : cursorY + (endsOnFreshLine ? 0 : lineHeight) + PAD;
    }

    private double width(String label, boolean first) {
        String key = font.getSize() + (first ? "\u0000" : "\u0001") + label;
        return widths.computeIfAbsent(key, k -> {
            Text text = new Text(label);
            text.setFont(first ? firstFont : font);
            return text.getLayoutBounds().getWidth();
        });
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (labels.length == 0) return;
        layoutFor(getWidth() > 0 ? getWidth() : laidOutWidth);
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.CENTER);
        for (int p = 0; p < labels.length; p++) {
            double top = y[p] + TOP_MARK;
            Color colour = colours[p];
            if (colour != null) {
                g.setFill(colour);
                g.fillRoundRect(x[p], top, w[p], textHeight, 3, 3);
            }
            boolean dark = colour != null && ColourRamp.isDark(colour);
            g.setFont(p == 0 ? firstFont : font);
            g.setFill(p == 0 ? UNSCORED : blank[p] ? (dark ? SPACE_ON_DARK : SPACE) : dark ? TEXT_ON_DARK : TEXT);
            g.fillText(labels[p], x[p] + w[p] / 2, top + baseline);
            if (p > 0 && shown != null) {
                g.setFill(shown.at(p).window() % 2 == 0 ? WINDOW_EVEN : WINDOW_ODD);
                g.fillRect(x[p], top + textHeight + BAND_GAP, w[p], BAND);
            }
        }
        if (highlighted >= 0) {
            g.setFill(CONTEXT);
            for (int p = contextFrom; p < highlighted; p++) g.fillRect(x[p], y[p], w[p], TOP_MARK);
            g.setStroke(HOVERED);
            g.setLineWidth(2);
            g.strokeRect(x[highlighted], y[highlighted] + TOP_MARK - 1, w[highlighted], textHeight + 2);
        }
    }

    /** The token under a point, or −1. */
    private int at(double px, double py) {
        for (int p = 0; p < labels.length; p++) {
            if (px >= x[p] && px < x[p] + w[p] && py >= y[p] && py < y[p] + TOP_MARK + textHeight + BAND_GAP + BAND + 1) {
                return p;
            }
        }
        return -1;
    }

    private void hoverAt(int position) {
        if (position == hovered) return;
        hovered = position;
        if (position >= 1) {
            tooltip.setText(describe.apply(position));
            Tooltip.install(canvas, tooltip);
        } else {
            Tooltip.uninstall(canvas, tooltip);
        }
        onHover.accept(position);
    }

    private static boolean endsInSpace(String piece) {
        return !piece.isEmpty() && Character.isWhitespace(piece.codePointBefore(piece.length()));
    }

    private static boolean startsWithSpace(String piece) {
        return !piece.isEmpty() && Character.isWhitespace(piece.codePointAt(0));
    }
}
