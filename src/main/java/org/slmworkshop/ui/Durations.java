package org.slmworkshop.ui;

/** Short human durations for progress text: "42 s", "3 min 05 s", "1 h 12 min". */
public final class Durations {
    private Durations() {}

    public static String human(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "–";
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return String.format("%d min %02d s", s / 60, s % 60);
        return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
