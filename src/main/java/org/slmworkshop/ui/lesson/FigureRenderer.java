package org.slmworkshop.ui.lesson;

import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.slmworkshop.lesson.Figure;

/**
 * Draws a lesson {@link Figure} (SVG, through jsvg and Java2D) into a JavaFX image at the pixel
 * density it will be shown at, without javafx-swing: {@code width} logical pixels wide at
 * {@code scale} device pixels per logical pixel, so a figure on a 2x screen, or zoomed to 200%, is
 * drawn from the vector source at that size rather than enlarged from a smaller picture.
 */
public final class FigureRenderer {
    /** The largest image drawn, in pixels per side: a sanity bound, far above any screen. */
    static final int MAX_PIXELS = 8192;

    private FigureRenderer() {}

    /**
     * A drawn figure: {@code width} and {@code height} in logical pixels, {@code scale} device pixels
     * per logical pixel; the image is {@code width × scale} by {@code height × scale} pixels.
     */
    public record Rendered(Image image, double width, double height, double scale) {}

    /** Draws {@code figure} {@code width} logical pixels wide (its height follows the viewBox) at {@code scale}. */
    public static Rendered render(Figure figure, double width, double scale) {
        if (!(width > 0) || !(scale > 0)) throw new IllegalArgumentException("width and scale must be positive");
        int pixelWidth = clamp(width * scale);
        int pixelHeight = clamp(width * figure.height() / figure.width() * scale);
        BufferedImage awt = new BufferedImage(pixelWidth, pixelHeight, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = awt.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            figure.document().render((Component) null, g, new ViewBox(0, 0, pixelWidth, pixelHeight));
        } finally {
            g.dispose();
        }
        int[] pixels = awt.getRGB(0, 0, pixelWidth, pixelHeight, null, 0, pixelWidth);
        WritableImage image = new WritableImage(pixelWidth, pixelHeight);
        image.getPixelWriter().setPixels(0, 0, pixelWidth, pixelHeight, PixelFormat.getIntArgbInstance(), pixels, 0, pixelWidth);
        return new Rendered(image, pixelWidth / scale, pixelHeight / scale, scale);
    }

    private static int clamp(double pixels) {
        return (int) Math.max(1, Math.min(MAX_PIXELS, Math.round(pixels)));
    }
}
