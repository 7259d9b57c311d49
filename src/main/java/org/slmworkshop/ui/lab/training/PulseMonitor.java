package org.slmworkshop.ui.lab.training;

import java.util.Arrays;
import javafx.animation.AnimationTimer;

/**
 * Measures how smoothly the FX thread runs: an {@link AnimationTimer} asks for a pulse every frame
 * (about 60 a second), so the gap between two consecutive pulses is how long the FX thread was
 * unable to draw. Start it, do the work, stop it, read the gaps. Use on the FX thread.
 */
public final class PulseMonitor {
    /** What a measurement found, in milliseconds; {@code over50Ms} counts the gaps longer than 50 ms. */
    public record Gaps(int pulses, double longestMs, double p99Ms, double medianMs, double seconds, int over50Ms,
                       String longestAt) {
        @Override
        public String toString() {
            return String.format("%,d FX pulses in %.1f s: longest gap %.1f ms, p99 %.1f ms, median %.1f ms, "
                    + "%d gaps over 50 ms (the longest began at %s)", pulses, seconds, longestMs, p99Ms, medianMs,
                    over50Ms, longestAt);
        }
    }

    private long[] gaps = new long[4096];
    private long[] ends = new long[4096];
    private int count;
    private long previous;
    private long first;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            // the pulse's own timestamp can lag when pulses queue up; the wall clock cannot
            long time = System.nanoTime();
            if (previous != 0) record(time - previous, time);
            else first = time;
            previous = time;
        }
    };

    private void record(long gap, long end) {
        if (count == gaps.length) {
            gaps = Arrays.copyOf(gaps, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        gaps[count] = gap;
        ends[count++] = end;
    }

    private boolean running;

    public void start() {
        count = 0;
        previous = 0;
        running = true;
        timer.start();
    }

    public void stop() {
        running = false;
        timer.stop();
    }

    public boolean isRunning() {
        return running;
    }

    /** The gaps recorded since {@link #start()}. */
    public Gaps gaps() {
        if (count == 0) return new Gaps(0, 0, 0, 0, 0, 0, "–");
        long[] sorted = Arrays.copyOf(gaps, count);
        Arrays.sort(sorted);
        double p99 = sorted[Math.min(count - 1, (int) Math.ceil(0.99 * count) - 1)] / 1e6;
        int longest = 0;
        int over = 0;
        for (int i = 0; i < count; i++) {
            if (gaps[i] > gaps[longest]) longest = i;
            if (gaps[i] > 50_000_000L) over++;
        }
        String at = String.format("%.1f s", (ends[longest] - gaps[longest] - first) / 1e9);
        return new Gaps(count + 1, sorted[count - 1] / 1e6, p99, sorted[count / 2] / 1e6, (previous - first) / 1e9,
                over, at);
    }
}
