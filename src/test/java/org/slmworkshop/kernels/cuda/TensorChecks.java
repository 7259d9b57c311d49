package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.kernels.cuda.KernelReference.Expected;
import org.slmworkshop.util.Rng;

/** Assertions on values a kernel left on the device, random inputs, and where a test's tensors live. */
final class TensorChecks {
    /** The worst error ÷ allowed error seen per kernel, printed after the tests as a margin report. */
    private static final Map<String, Double> WORST = new TreeMap<>();

    private TensorChecks() {}

    /** Below any float a kernel means: values smaller than this may underflow to zero. */
    static final double UNDERFLOW = 1e-30;

    /**
     * |actual − expected| ≤ relative · magnitude + 1e-30 for every value (NaN never passes). A zero magnitude,
     * such as the upper triangle of a causal softmax, demands a zero.
     */
    static void assertWithin(String what, Expected expected, float[] actual, double relative) {
        assertEquals(expected.value().length, actual.length, what + ": number of values");
        int failures = 0, worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < actual.length; i++) {
            double allowed = relative * expected.magnitude()[i] + UNDERFLOW;
            double error = Math.abs(actual[i] - expected.value()[i]);
            double ratio = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / allowed;
            if (ratio > 1) failures++;
            if (ratio > worstRatio || worst < 0) {
                worstRatio = ratio;
                worst = i;
            }
        }
        record(what, worstRatio);
        if (failures > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d of %d values beyond %.0e × magnitude; worst at %d: expected %.9g, got %.9g"
                            + " (error %.3g, allowed %.3g)", what, failures, actual.length, relative, worst,
                    expected.value()[worst], actual[worst], Math.abs(actual[worst] - expected.value()[worst]),
                    relative * expected.magnitude()[worst]));
        }
    }

    /** Bit for bit: for copies, single IEEE operations and anything that must not depend on scheduling. */
    static void assertExact(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": number of values");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                int differing = 0;
                for (int j = i; j < expected.length; j++) {
                    if (Float.floatToIntBits(expected[j]) != Float.floatToIntBits(actual[j])) differing++;
                }
                throw new AssertionError(String.format(Locale.ROOT, "%s: %d of %d values differ; first at %d:"
                        + " expected %.9g, got %.9g", what, differing, expected.length, i, expected[i], actual[i]));
            }
        }
        record(what, 0);
    }

    private static synchronized void record(String what, double ratio) {
        String kernel = what.split("[ :]", 2)[0];
        WORST.merge(kernel, ratio, Math::max);
    }

    /** "worst error ÷ allowed per kernel: adamW 0.01, gelu 0.2, …" (0 for exact checks). */
    static synchronized String marginReport() {
        List<String> parts = new ArrayList<>();
        WORST.forEach((kernel, ratio) -> parts.add(String.format(Locale.ROOT, "%s %.3g", kernel, ratio)));
        return "worst error ÷ allowed per kernel: " + String.join(", ", parts);
    }

    // ---------------------------------------------------------------- inputs

    /** n values from N(mean, std²). */
    static float[] gaussian(int n, long seed, double mean, double std) {
        Rng rng = new Rng(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) (mean + std * rng.nextGaussian());
        return values;
    }

    static float[] gaussian(int n, long seed) {
        return gaussian(n, seed, 0, 1);
    }

    static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }

    static int count(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** (rows, columns) as a rank-2 shape, or rank 3 with the rows split in two, as (B, T, C) activations are. */
    static int[] matrixShape(int rows, int columns, boolean rank3) {
        if (!rank3) return new int[] {rows, columns};
        int first = 1;
        for (int d = 2; d <= rows; d++) {
            if (rows % d == 0) {
                first = d;
                break;
            }
        }
        return new int[] {first, rows / first, columns};
    }

    // ---------------------------------------------------------------- placement

    /** Where a test's tensors live: fresh allocations, or views at odd offsets inside one shared buffer. */
    abstract static class Placement {
        final Kernels kernels;

        Placement(Kernels kernels) {
            this.kernels = kernels;
        }

        abstract Tensor zeros(int... shape);

        Tensor of(float[] values, int... shape) {
            Tensor tensor = zeros(shape);
            tensor.copyFrom(values);
            return tensor;
        }

        /** Fails if a kernel wrote outside the tensors it was given. */
        void assertNothingWrittenOutside() {}
    }

    static final class Fresh extends Placement {
        Fresh(Kernels kernels) {
            super(kernels);
        }

        @Override
        Tensor zeros(int... shape) {
            return kernels.zeros(shape);
        }

        @Override
        public String toString() {
            return "fresh tensors";
        }
    }

    /**
     * Every tensor a view into one arena, as the parameter store's parameters and gradients are: each starts at
     * an odd offset after a margin of sentinel values, which no kernel may change.
     */
    static final class OddOffsets extends Placement {
        static final float SENTINEL = -7777.25f;
        private static final int CAPACITY = 1 << 22;   // 16 MiB of floats per test
        private static final int MARGIN = 6;
        private final Tensor arena;
        private final List<long[]> used = new ArrayList<>();   // {offset, size}
        private long next = MARGIN;

        OddOffsets(Kernels kernels) {
            super(kernels);
            arena = kernels.zeros(CAPACITY);
            float[] sentinels = new float[CAPACITY];
            Arrays.fill(sentinels, SENTINEL);
            arena.copyFrom(sentinels);
        }

        @Override
        Tensor zeros(int... shape) {
            long offset = next | 1;
            long size = count(shape);
            if (offset + size + MARGIN > CAPACITY) throw new IllegalStateException("test arena full");
            Tensor view = kernels.view(arena, offset, shape);
            if (size > 0) kernels.upload(new float[(int) size], 0, view, 0, (int) size);
            used.add(new long[] {offset, size});
            next = offset + size + MARGIN;
            return view;
        }

        @Override
        void assertNothingWrittenOutside() {
            float[] all = new float[(int) next];
            kernels.download(arena, 0, all, 0, all.length);
            boolean[] inside = new boolean[all.length];
            for (long[] range : used) Arrays.fill(inside, (int) range[0], (int) (range[0] + range[1]), true);
            for (int i = 0; i < all.length; i++) {
                if (!inside[i] && Float.floatToIntBits(all[i]) != Float.floatToIntBits(SENTINEL)) {
                    throw new AssertionError("a kernel wrote outside its tensors: arena value " + i + " is " + all[i]
                            + " instead of the sentinel " + SENTINEL);
                }
            }
        }

        @Override
        public String toString() {
            return "views at odd offsets";
        }
    }
}
