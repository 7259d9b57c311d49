package org.slmworkshop.kernels;

import java.util.Objects;

/**
 * Philox4x32-10, the counter-based generator of Salmon et al., "Parallel random numbers: as easy
 * as 1, 2, 3" (SC'11), bit-for-bit equal to the Random123 reference.
 *
 * <p>Why counter-based: a dropout mask is a pure function of (seed, stream, element index). Any
 * backend (this Java CPU code, a CUDA kernel) draws the same mask, whatever the thread split or
 * order of work, and a run can be resumed exactly from the seed and index without stored state.
 *
 * <p>All words are unsigned 32-bit values held in Java {@code int}s.
 */
public final class Philox {

    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;

    private Philox() {
    }

    /** The raw Philox4x32-10 output for counter (c0..c3) and key (k0, k1), into out[0..3]. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & 0xFFFFFFFFL);
            long p1 = M1 * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /**
     * The uniform float in [0, 1) for element {@code index} of {@code stream} under {@code seed}.
     * Key = (low, high) words of seed; counter = (index / 4 as 64 bits, stream as 64 bits), both
     * low word first; the value is output word {@code index % 4}, top 24 bits, times 2^-24.
     */
    public static float uniform(long seed, long stream, long index) {
        int[] w = new int[4];
        long b = index >>> 2;
        block((int) b, (int) (b >>> 32), (int) stream, (int) (stream >>> 32),
                (int) seed, (int) (seed >>> 32), w);
        return toUnit(w[(int) (index & 3)]);
    }

    /**
     * {@code out[at + i] = uniform(seed, stream, start + i)} for i in [0, n), one block per four
     * consecutive indices.
     */
    public static void fill(long seed, long stream, long start, float[] out, int at, int n) {
        Objects.checkFromIndexSize(at, n, out.length);
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        int c2 = (int) stream;
        int c3 = (int) (stream >>> 32);
        int[] w = new int[4];
        long index = start;
        int i = 0;
        while (i < n) {
            long b = index >>> 2;
            int lane = (int) (index & 3);
            block((int) b, (int) (b >>> 32), c2, c3, k0, k1, w);
            int take = Math.min(4 - lane, n - i);
            for (int j = 0; j < take; j++) {
                out[at + i + j] = toUnit(w[lane + j]);
            }
            i += take;
            index += take;
        }
    }

    /** Top 24 bits of an unsigned word as an exactly representable float in [0, 1). */
    private static float toUnit(int word) {
        return (word >>> 8) * TWO_POW_MINUS_24;
    }
}
