package org.slmworkshop.ui.lesson;

import java.awt.Graphics2D;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.scilab.forge.jlatexmath.TeXConstants;
import org.scilab.forge.jlatexmath.TeXFormula;
import org.scilab.forge.jlatexmath.TeXIcon;

/**
 * Typesets TeX with JLaTeXMath into a JavaFX image, without javafx-swing: the formula is painted
 * into an offscreen AWT image at {@link #SCALE} times the requested size and its pixels are copied
 * into a {@link WritableImage}, which the view shows scaled back down, so it stays crisp on HiDPI
 * screens. Images are cached: the same formula at the same size and colour is the same Image.
 */
public final class FormulaRenderer {
    /** Pixels rendered per logical pixel. */
    public static final int SCALE = 2;
    private static final int CACHE_SIZE = 1024;

    /**
     * A typeset formula. {@code width}, {@code height} and {@code baseline} (distance from the top to
     * the baseline) are in logical pixels; the image itself is {@link #SCALE} times larger.
     */
    public record Rendered(Image image, double width, double height, double baseline) {}

    /** A formula JLaTeXMath cannot read. */
    public static final class FormulaException extends Exception {
        public FormulaException(String message) {
            super(message);
        }
    }

    private record Key(String tex, boolean display, float size, int argb) {}

    private static final Map<Key, Rendered> CACHE = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Rendered> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private FormulaRenderer() {}

    /**
     * Typesets {@code tex} in text style (inline) or display style at a font size of {@code size}
     * logical pixels, in {@code color}.
     */
    public static Rendered render(String tex, boolean display, double size, Color color) throws FormulaException {
        Key key = new Key(tex, display, (float) size, argb(color));
        synchronized (CACHE) {
            Rendered cached = CACHE.get(key);
            if (cached != null) return cached;
        }
        Rendered rendered = paint(parse(tex), key);
        synchronized (CACHE) {
            CACHE.put(key, rendered);
        }
        return rendered;
    }

    /** Checks that JLaTeXMath can read the formula, without painting it. */
    public static void check(String tex) throws FormulaException {
        parse(tex);
    }

    private static TeXFormula parse(String tex) throws FormulaException {
        if (tex.isBlank()) throw new FormulaException("empty formula");
        try {
            return new TeXFormula(tex);
        } catch (RuntimeException e) {
            // JLaTeXMath reports bad input as ParseException, and now and then as other runtime errors
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new FormulaException(message);
        }
    }

    private static Rendered paint(TeXFormula formula, Key key) throws FormulaException {
        TeXIcon icon;
        try {
            icon = formula.new TeXIconBuilder()
                    .setStyle(key.display() ? TeXConstants.STYLE_DISPLAY : TeXConstants.STYLE_TEXT)
                    .setSize(key.size() * SCALE)
                    .build();
        } catch (RuntimeException e) {
            throw new FormulaException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        // a little room so antialiased edges and italic overhangs are not clipped
        // true: replace JLaTeXMath's default 6 px insets rather than add to them
        icon.setInsets(new Insets(2 * SCALE, SCALE, 2 * SCALE, SCALE), true);
        icon.setForeground(new java.awt.Color(key.argb(), true));
        int width = Math.max(1, icon.getIconWidth());
        int height = Math.max(1, icon.getIconHeight());
        BufferedImage awt = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = awt.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            icon.paintIcon(null, g, 0, 0);
        } finally {
            g.dispose();
        }
        int[] pixels = awt.getRGB(0, 0, width, height, null, 0, width);
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        double baseline = height - icon.getIconDepth();
        return new Rendered(image, (double) width / SCALE, (double) height / SCALE, baseline / SCALE);
    }

    private static int argb(Color color) {
        int a = (int) Math.round(color.getOpacity() * 255);
        int r = (int) Math.round(color.getRed() * 255);
        int g = (int) Math.round(color.getGreen() * 255);
        int b = (int) Math.round(color.getBlue() * 255);
        return (a << 24) | (r << 16) | (g << 8) | b;
    }
}
