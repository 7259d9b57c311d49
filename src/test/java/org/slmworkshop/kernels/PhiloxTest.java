package org.slmworkshop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhiloxTest {

    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    private static float unit(int word) {
        return (word >>> 8) * 0x1.0p-24f;
    }

    /** Random123 tests/kat_vectors, the three "philox4x32 10" lines: ctr[4] key[2] -> out[4]. */
    @Test
    void random123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    /** Two more "philox4x32 10" lines, from Random123's examples/kat_vectors. */
    @Test
    void random123ExampleKnownAnswers() {
        assertArrayEquals(new int[] {0xac08141b, 0xdfc5ccbe, 0x79c07a47, 0xa7f66093},
                block(1, 0, 0, 0, 1, 0));
        assertArrayEquals(new int[] {0x63675d2c, 0x422d7c4d, 0x3145d30d, 0x3bce33a4},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0x00000000, 0x80000000));
    }

    @Test
    void uniformUsesTheDocumentedCounterLayout() {
        // seed 0, stream 0, indices 0..3: the words of the all-zero known answer.
        int[] zero = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
        for (int i = 0; i < 4; i++) {
            assertEquals(unit(zero[i]), Philox.uniform(0L, 0L, i));
        }
        // key = (low, high) of seed; counter = (index/4 low, index/4 high, stream low, stream high).
        long seed = 0x0123456789ABCDEFL;
        long stream = 0xFEDCBA9876543210L;
        long index = (0x0000000512345678L << 2) | 2;
        int[] w = block(0x12345678, 5, 0x76543210, 0xFEDCBA98, 0x89ABCDEF, 0x01234567);
        assertEquals(unit(w[2]), Philox.uniform(seed, stream, index));
    }

    @Test
    void fillMatchesUniformForUnalignedRanges() {
        long seed = 0x5EEDL;
        long stream = 7L;
        long big = (1L << 34) + (1L << 40) + 3; // counter's high word in use
        long[][] cases = {
            {3, 10}, {0, 1}, {1, 2}, {2, 1}, {0, 4}, {0, 8}, {5, 3}, {4, 0}, {1, 17},
            {big, 9}, {big + 1, 1}, {(1L << 34) - 2, 5}, {-3L, 6} // last wraps through 2^64
        };
        for (long[] c : cases) {
            long start = c[0];
            int n = (int) c[1];
            float[] out = new float[n + 5];
            Philox.fill(seed, stream, start, out, 2, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Philox.uniform(seed, stream, start + i), out[2 + i],
                        "start " + start + " i " + i);
            }
            assertEquals(0f, out[0]);
            assertEquals(0f, out[1]);
            for (int i = 2 + n; i < out.length; i++) {
                assertEquals(0f, out[i], "wrote past the range");
            }
        }
    }

    @Test
    void fillIsIndependentOfHowTheRangeIsSplit() {
        long seed = 42L;
        long stream = 3L;
        float[] whole = new float[1000];
        Philox.fill(seed, stream, 100, whole, 0, whole.length);
        float[] pieces = new float[1000];
        int at = 0;
        int[] sizes = {1, 3, 7, 2, 5, 11, 64, 1, 0, 13};
        for (int k = 0; at < pieces.length; k++) {
            int n = Math.min(sizes[k % sizes.length], pieces.length - at);
            Philox.fill(seed, stream, 100 + at, pieces, at, n);
            at += n;
        }
        assertArrayEquals(whole, pieces);
    }

    @Test
    void fillChecksBounds() {
        float[] out = new float[4];
        assertThrows(IndexOutOfBoundsException.class, () -> Philox.fill(1, 1, 0, out, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Philox.fill(1, 1, 0, out, 0, -1));
    }

    @Test
    void distributionLooksUniform() {
        int n = 1_000_000;
        float[] u = new float[n];
        Philox.fill(0xC0FFEEL, 1L, 0L, u, 0, n);
        int[] buckets = new int[16];
        double sum = 0;
        int below = 0;
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f, "out of range: " + v);
            sum += v;
            buckets[(int) (v * 16)]++;
            if (v < 0.1f) {
                below++;
            }
        }
        double mean = sum / n;
        assertEquals(0.5, mean, 0.002, "mean");
        double expected = n / 16.0;
        double chi2 = 0;
        for (int b : buckets) {
            chi2 += (b - expected) * (b - expected) / expected;
        }
        // 15 degrees of freedom: mean 15, P(chi2 > 50) is about 1e-5.
        assertTrue(chi2 < 50, "chi-square " + chi2);
        assertEquals(0.1, below / (double) n, 0.002, "P(u < 0.1)");
    }

    @Test
    void differentSeedsAndStreamsGiveDifferentSequences() {
        long seed = 1234L;
        long stream = 9L;
        long[][] variants = {
            {seed + 1, stream}, {seed ^ (1L << 32), stream},
            {seed, stream + 1}, {seed, stream ^ (1L << 32)}
        };
        float[] base = new float[1000];
        Philox.fill(seed, stream, 0, base, 0, base.length);
        for (long[] v : variants) {
            float[] other = new float[1000];
            Philox.fill(v[0], v[1], 0, other, 0, other.length);
            int same = 0;
            for (int i = 0; i < base.length; i++) {
                if (base[i] == other[i]) {
                    same++;
                }
            }
            assertTrue(same <= 2, "seed " + v[0] + " stream " + v[1] + ": " + same + " equal");
        }
    }
}
