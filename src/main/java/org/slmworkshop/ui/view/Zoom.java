package org.slmworkshop.ui.view;

/**
 * The UI's zoom levels. Every size in the app's CSS is relative to the root font, so a level is just
 * the root font's size: 13 px at 100%. Ctrl+= and Ctrl+− step through {@link #LEVELS}.
 */
public final class Zoom {
    /** The root font at 100%, in px (JavaFX's px are device-independent; a HiDPI screen scales them again). */
    public static final double BASE_FONT_PX = 13;
    public static final double MIN = 0.75;
    public static final double MAX = 2.5;
    static final double[] LEVELS = {0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5};
    /** Presenter mode enlarges whatever zoom the learner chose by this much (up to {@link #PRESENTER_MAX}). */
    public static final double PRESENTER_FACTOR = 1.4;
    static final double PRESENTER_MAX = 3.0;

    private Zoom() {}

    public static double clamp(double level) {
        if (!Double.isFinite(level)) return 1;
        return Math.max(MIN, Math.min(MAX, level));
    }

    /** The next level up from {@code level} (a level between two steps goes to the next step). */
    public static double in(double level) {
        for (double step : LEVELS) if (step > level + 1e-9) return step;
        return MAX;
    }

    public static double out(double level) {
        for (int i = LEVELS.length - 1; i >= 0; i--) if (LEVELS[i] < level - 1e-9) return LEVELS[i];
        return MIN;
    }

    /** The root font for a zoom level, with presenter mode on top. */
    public static double rootFontPx(double level, boolean presenting) {
        double scale = clamp(level) * (presenting ? PRESENTER_FACTOR : 1);
        return BASE_FONT_PX * Math.min(scale, PRESENTER_MAX);
    }

    /** "125%". */
    public static String percent(double level) {
        return Math.round(level * 100) + "%";
    }
}
