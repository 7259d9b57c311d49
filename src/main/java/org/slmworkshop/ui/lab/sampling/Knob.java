package org.slmworkshop.ui.lab.sampling;

import java.util.Locale;

/**
 * One decoding knob with a slider: its range, its starting value and how its value reads.
 * The pipeline order (repetition penalty → temperature → top-k → top-p → min-p) is the engine's.
 */
enum Knob {
    TEMPERATURE("Temperature", "slider-temperature", 0.05, 2.0, 1.0, false),
    TOP_K("Top-k", "slider-topk", 0, 100, 0, true),
    TOP_P("Top-p", "slider-topp", 0.05, 1.0, 1.0, false),
    MIN_P("Min-p", "slider-minp", 0.0, 0.5, 0.0, false),
    REPETITION_PENALTY("Repetition", "slider-repetition", 1.0, 2.0, 1.0, false),
    BEAM_WIDTH("Beam width", "slider-beam", 1, 10, 4, true);

    final String title;
    final String sliderId;
    final double min;
    final double max;
    final double neutral;     // the value that leaves the distribution alone (or the usual width)
    final boolean whole;      // whole numbers only

    Knob(String title, String sliderId, double min, double max, double neutral, boolean whole) {
        this.title = title;
        this.sliderId = sliderId;
        this.min = min;
        this.max = max;
        this.neutral = neutral;
        this.whole = whole;
    }

    /** A slider value as the learner reads it: "0.80", "10", "off". */
    String format(double value) {
        if (this == TOP_K && Math.round(value) == 0) return "off";
        if (whole) return String.valueOf(Math.round(value));
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Keeps a value inside the slider's range, in the slider's steps (whole numbers, or hundredths). */
    double clamp(double value) {
        double inside = Math.max(min, Math.min(max, value));
        return whole ? Math.round(inside) : Math.round(inside * 100) / 100.0;
    }
}
