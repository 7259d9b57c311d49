package org.slmworkshop.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * IEEE binary16 conversions. The conversions were also compared once with Java 25's {@code Float.floatToFloat16}
 * and {@code Float.float16ToFloat} over all 2³² floats and all 65,536 halves: bit for bit equal, NaN payloads too.
 */
class Float16Test {
    @Test
    void knownHalvesHaveTheirIeeeBitPatterns() {
        assertEquals(0x3c00, bits(1f));
        assertEquals(0xc000, bits(-2f));
        assertEquals(0x2e66, bits(0.1f));            // 0.0999755859375, the half nearest 0.1
        assertEquals(0x7bff, bits(65504f));          // the largest finite half
        assertEquals(0x7bff, bits(65519.99f));       // just below the midpoint to infinity
        assertEquals(0x7c00, bits(65520f));          // the midpoint rounds to even: infinity
        assertEquals(0x0400, bits(0x1p-14f));        // smallest normal
        assertEquals(0x0001, bits(0x1p-24f));        // smallest subnormal
        assertEquals(0x0000, bits(0x1p-25f));        // halfway to it: ties to even, 0
        assertEquals(0x0003, bits(0x3p-24f));        // 3·2⁻²⁴ is a subnormal half exactly
        assertEquals(0x3c00, bits(1f + 0x1p-11f));   // tie between 1 and 1 + 2⁻¹⁰: the even one, 1
        assertEquals(0x3c02, bits(1f + 0x3p-11f));   // tie between 1 + 2⁻¹⁰ and 1 + 2⁻⁹: the even one
        assertEquals(0x8000, bits(-0f));
        assertEquals(0xfc00, bits(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
        assertEquals(1.0009765625f, Float16.toFloat((short) 0x3c01));
        assertEquals(-0x1p-24f, Float16.toFloat((short) 0x8001));
    }

    @Test
    void everyHalfIsAFloatThatConvertsBackToItself() {
        for (int half = 0; half < 1 << 16; half++) {
            float value = Float16.toFloat((short) half);
            if (Float.isNaN(value)) continue;
            assertEquals(half, bits(value), "half 0x" + Integer.toHexString(half) + " = " + value);
        }
    }

    /**
     * The closed-form bound: a normal half keeps 11 significant bits, so |x − fp16(x)| ≤ 2⁻¹¹·|x|; below 2⁻¹⁴
     * the halves are 2⁻²⁴ apart, so |x − fp16(x)| ≤ 2⁻²⁵. And no other half is nearer than the one chosen.
     */
    @Test
    void roundingMovesAFloatByAtMostHalfASpacingToTheNearestHalf() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) ((random.nextBoolean() ? 1 : -1) * Math.scalb(1 + random.nextDouble(), random.nextInt(-30, 16)));
            float rounded = Float16.round(x);
            double error = Math.abs((double) x - rounded);
            if (Math.abs(x) >= Float16.MIN_NORMAL) {
                assertTrue(error <= 0x1p-11 * Math.abs(x), x + " → " + rounded);
            } else {
                assertTrue(error <= 0x1p-25, x + " → " + rounded);
            }
            short half = Float16.fromFloat(x);
            for (int neighbour : new int[] {half - 1, half + 1}) {
                float other = Float16.toFloat((short) neighbour);
                if (Float.isFinite(other) && Math.signum(other) == Math.signum(x)) {
                    assertTrue(error <= Math.abs((double) x - other), x + ": " + other + " is nearer than " + rounded);
                }
            }
        }
    }

    private static int bits(float value) {
        return Float16.fromFloat(value) & 0xffff;
    }
}
