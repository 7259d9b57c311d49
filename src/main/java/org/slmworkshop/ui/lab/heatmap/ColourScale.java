package org.slmworkshop.ui.lab.heatmap;

import io.fair_acc.chartfx.renderer.spi.utils.ColorGradient;
import javafx.scene.paint.Color;
import javafx.scene.paint.Stop;

/**
 * How values become colours: a sequential map from white (nothing) to deep blue for
 * probabilities, or a diverging blue–white–red map centred on zero for differences.
 *
 * @param title the colour legend's label ("probability", "learned − counted")
 */
public record ColourScale(ColorGradient gradient, double min, double max, boolean logarithmic, String title) {
    /**
     * ColorBrewer's "Blues" with its stops at the squares of their usual places, so the colour
     * follows √value: white at zero (an empty cell looks empty), and the many small probabilities
     * of a row still show beside its one large one. The legend draws the same stops, so it stays exact.
     */
    public static final ColorGradient SEQUENTIAL = new ColorGradient("blues (square root)",
            new Stop(0.0, Color.web("#ffffff")), new Stop(0.0225, Color.web("#deebf7")),
            new Stop(0.1225, Color.web("#9ecae1")), new Stop(0.36, Color.web("#4292c6")),
            new Stop(0.64, Color.web("#2171b5")), new Stop(1.0, Color.web("#08306b")));
    /** ColorBrewer's "RdBu" turned so that blue is below zero and red above, white at zero. */
    public static final ColorGradient DIVERGING = new ColorGradient("blue-white-red",
            new Stop(0.0, Color.web("#2166ac")), new Stop(0.25, Color.web("#92c5de")),
            new Stop(0.5, Color.web("#f7f7f7")), new Stop(0.75, Color.web("#f4a582")),
            new Stop(1.0, Color.web("#b2182b")));

    public ColourScale {
        if (!(max > min)) throw new IllegalArgumentException("colour range must have max > min, got " + min + ".." + max);
        if (logarithmic && !(min > 0)) throw new IllegalArgumentException("a logarithmic colour range needs min > 0");
    }

    /** 0 .. max, at least a little above 0 so a grid of zeros still draws. */
    public static ColourScale sequential(double max, String title) {
        return new ColourScale(SEQUENTIAL, 0, Math.max(max, 1e-9), false, title);
    }

    /** min .. max on a logarithmic axis (both above 0). */
    public static ColourScale logarithmic(double min, double max, String title) {
        double low = Math.max(min, 1e-12);
        return new ColourScale(SEQUENTIAL, low, Math.max(max, low * 10), true, title);
    }

    /** −extent .. +extent with white at 0. */
    public static ColourScale diverging(double extent, String title) {
        double e = Math.max(extent, 1e-9);
        return new ColourScale(DIVERGING, -e, e, false, title);
    }
}
