package org.slmworkshop.util;

/**
 * IEEE 754 half precision (binary16): 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. Java 17 has no
 * {@code Float.floatToFloat16} (it came in Java 20), so the two conversions live here; they round to the nearest
 * half, ties to even, as Java 20's do.
 *
 * <p>A normal half (|x| ≥ 2⁻¹⁴) keeps 11 significant bits, so rounding moves x by at most 2⁻¹¹·|x|; below that
 * the halves are evenly spaced 2⁻²⁴ apart and rounding moves x by at most 2⁻²⁵. Beyond 65,504 x becomes infinite.
 */
public final class Float16 {
    /** The largest finite half. */
    public static final float MAX_VALUE = 65504f;
    /** The smallest normal half, 2⁻¹⁴. */
    public static final float MIN_NORMAL = 0x1p-14f;

    private Float16() {}

    /** The half nearest {@code value} (ties to even), as its 16 bits. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= 0x7f800000) {   // infinity stays infinity; NaN stays a (quiet) NaN
            return (short) (sign | 0x7c00 | (magnitude > 0x7f800000 ? 0x200 | (magnitude >>> 13) & 0x3ff : 0));
        }
        if (magnitude >= 0x477ff000) return (short) (sign | 0x7c00);   // 65,520 and up round to infinity
        if (magnitude >= 0x38800000) {   // a normal half: drop 13 mantissa bits, rounding to nearest even
            int rounded = magnitude + 0xfff + ((magnitude >>> 13) & 1);
            return (short) (sign | (rounded - (112 << 23)) >>> 13);   // exponent bias 127 → 15
        }
        // a subnormal half (or zero) is m · 2⁻²⁴; |value| · 2²⁴ is exact in a double, rint rounds ties to even
        return (short) (sign | (int) Math.rint(Math.abs((double) value) * 0x1p24));
    }

    /** The float a half's 16 bits stand for (every half is exactly a float). */
    public static float toFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0) {   // zero or subnormal: m · 2⁻²⁴
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }

    /** {@code value} rounded to the nearest half and back. */
    public static float round(float value) {
        return toFloat(fromFloat(value));
    }
}
