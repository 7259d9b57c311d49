package org.slmworkshop.ui.lab.surprise;

import java.util.List;
import javafx.scene.paint.Color;
import javafx.scene.paint.Stop;

/**
 * Values to colours along a list of stops: a sequential ramp for a token's loss (white when the
 * model expected it, deep red for its biggest surprise) or a diverging one for the difference of
 * two models' losses (white where they agree).
 *
 * @param title what the legend calls the value
 */
record ColourRamp(List<Stop> stops, double min, double max, String title) {
    /** ColorBrewer's "YlOrRd" from white: the lowest losses look like plain text. */
    static final List<Stop> SURPRISE = List.of(new Stop(0.0, Color.web("#ffffff")), new Stop(0.12, Color.web("#ffffcc")),
            new Stop(0.25, Color.web("#ffeda0")), new Stop(0.37, Color.web("#fed976")), new Stop(0.5, Color.web("#feb24c")),
            new Stop(0.62, Color.web("#fd8d3c")), new Stop(0.75, Color.web("#fc4e2a")), new Stop(0.87, Color.web("#e31a1c")),
            new Stop(1.0, Color.web("#800026")));
    /** ColorBrewer's "RdBu": red where model B is more surprised than A, blue where it is less. */
    static final List<Stop> DIFFERENCE = List.of(new Stop(0.0, Color.web("#b2182b")), new Stop(0.25, Color.web("#f4a582")),
            new Stop(0.5, Color.web("#f7f7f7")), new Stop(0.75, Color.web("#92c5de")), new Stop(1.0, Color.web("#2166ac")));

    ColourRamp {
        stops = List.copyOf(stops);
        if (!(max > min)) throw new IllegalArgumentException("a colour ramp needs max > min, got " + min + " … " + max);
    }

    /** 0 … the largest loss shown, so the biggest surprise gets the top colour. */
    static ColourRamp surprise(double maxLoss) {
        return new ColourRamp(SURPRISE, 0, Math.max(maxLoss, 1e-6), "loss −ln p (nats)");
    }

    /** −extent … +extent, white at 0. */
    static ColourRamp difference(double extent) {
        double e = Math.max(extent, 1e-6);
        return new ColourRamp(DIFFERENCE, -e, e, "loss A − loss B (nats)");
    }

    /** The colour at the top of the ramp, which the largest value gets. */
    Color top() {
        return stops.get(stops.size() - 1).getColor();
    }

    /** Where {@code value} sits on the ramp, 0 … 1, clamped. */
    double fraction(double value) {
        return Math.max(0, Math.min(1, (value - min) / (max - min)));
    }

    Color colour(double value) {
        double f = fraction(value);
        for (int i = 1; i < stops.size(); i++) {
            Stop upper = stops.get(i);
            if (f <= upper.getOffset()) {
                Stop lower = stops.get(i - 1);
                double span = upper.getOffset() - lower.getOffset();
                return lower.getColor().interpolate(upper.getColor(), span == 0 ? 1 : (f - lower.getOffset()) / span);
            }
        }
        return top();
    }

    /** True where black text would be hard to read on {@code background}. */
    static boolean isDark(Color background) {
        double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen() + 0.0722 * background.getBlue();
        return luminance < 0.5;
    }
}
