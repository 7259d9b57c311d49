package org.slmworkshop.kernels.cpu;

/**
 * The exact GELU, x·Φ(x) with Φ(x) = ½(1 + erf(x/√2)), as nanoGPT uses it (nn.GELU()).
 * erf is the rational approximation that Eigen and XLA use for float32 (erf(z) = z·P(z²)/Q(z²)
 * on [-4, 4], ±1 beyond), and the backward is its exact derivative. Against the exact GELU the
 * forward is within 2.5e-7·max(1, |x|) and the derivative within 3e-6 (7e-6 near |x| = 5.6).
 * Only multiplies, adds, min/max and divides, so the JIT vectorises the loops: the forward runs
 * about 5× faster than a table lookup, and far faster than calling exp per element.
 */
final class Gelu {
    // numerator z·P(z²), odd coefficients α1 … α13
    private static final float A1 = -1.60960333262415e-02f;
    private static final float A3 = -2.95459980854025e-03f;
    private static final float A5 = -7.34990630326855e-04f;
    private static final float A7 = -5.69250639462346e-05f;
    private static final float A9 = -2.10102402082508e-06f;
    private static final float A11 = 2.77068142495902e-08f;
    private static final float A13 = -2.72614225801306e-10f;
    // denominator Q(z²), even coefficients β0 … β8
    private static final float B0 = -1.42647390514189e-02f;
    private static final float B2 = -7.37332916720468e-03f;
    private static final float B4 = -1.68282697438203e-03f;
    private static final float B6 = -2.13374055278905e-04f;
    private static final float B8 = -1.45660718464996e-05f;
    // N(u) = (P + 2u·P')·Q − 2u·P·Q', so that erf'(z) = N(z²)/Q(z²)²
    private static final float N0 = 2.296057138121629e-04f;
    private static final float N1 = 7.758438774814729e-06f;
    private static final float N2 = -7.053031906922717e-06f;
    private static final float N3 = -2.023273505984263e-07f;
    private static final float N4 = 7.273663386025891e-08f;
    private static final float N5 = 1.946585572474924e-08f;
    private static final float N6 = -4.081217454381919e-09f;
    private static final float N7 = 2.114678113700785e-10f;
    private static final float N8 = 5.172952245379475e-12f;
    private static final float N9 = -8.035567048466665e-13f;
    private static final float N10 = 1.985459233965873e-14f;
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float CLAMP = 4f;   // |erf(z)| rounds to 1 in float beyond this
    private static final int TILE = 1024;

    private Gelu() {}

    /** out[i] = x[i]·Φ(x[i]) for i in [from, to). */
    static void forward(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            float z = Math.min(Math.max(v * SQRT_HALF, -CLAMP), CLAMP);
            float u = z * z;
            float p = ((((((A13 * u + A11) * u + A9) * u + A7) * u + A5) * u + A3) * u + A1) * z;
            float q = (((B8 * u + B6) * u + B4) * u + B2) * u + B0;
            out[i] = v * (0.5f + 0.5f * (p / q));
        }
    }

    /** grad[i] *= Φ(x) + x·Φ'(x), the derivative of x·Φ(x), for i in [from, to). */
    static void backwardInPlace(float[] x, float[] grad, int from, int to) {
        // Three short loops per tile rather than one long one: the JIT only vectorises small loop bodies.
        float[] xs = new float[TILE];
        float[] cdf = new float[TILE];
        float[] slope = new float[TILE];
        for (int start = from; start < to; start += TILE) {
            int length = Math.min(TILE, to - start);
            System.arraycopy(x, start, xs, 0, length);
            cdf(xs, cdf, length);
            erfSlope(xs, slope, length);
            for (int j = 0; j < length; j++) {
                grad[start + j] *= cdf[j] + xs[j] * (0.5f * SQRT_HALF) * slope[j];   // Φ + x·erf'(x/√2)/(2√2)
            }
        }
    }

    /** cdf[j] = Φ(x[j]). */
    private static void cdf(float[] x, float[] cdf, int length) {
        for (int j = 0; j < length; j++) {
            float z = Math.min(Math.max(x[j] * SQRT_HALF, -CLAMP), CLAMP);
            float u = z * z;
            float p = ((((((A13 * u + A11) * u + A9) * u + A7) * u + A5) * u + A3) * u + A1) * z;
            float q = (((B8 * u + B6) * u + B4) * u + B2) * u + B0;
            cdf[j] = 0.5f + 0.5f * (p / q);
        }
    }

    /** slope[j] = erf'(z) at z = x[j]/√2: N(u)/Q(u)² inside the clamp, 0 outside where erf is flat. */
    private static void erfSlope(float[] x, float[] slope, int length) {
        for (int j = 0; j < length; j++) {
            float scaled = x[j] * SQRT_HALF;
            float z = Math.min(Math.max(scaled, -CLAMP), CLAMP);
            float u = z * z;
            float n = (((((((((N10 * u + N9) * u + N8) * u + N7) * u + N6) * u + N5) * u + N4) * u + N3) * u
                    + N2) * u + N1) * u + N0;
            float q = (((B8 * u + B6) * u + B4) * u + B2) * u + B0;
            float inside = Math.min(Math.max((CLAMP - Math.abs(scaled)) * 1e30f, 0f), 1f);   // a branch-free 0/1
            slope[j] = inside * n / (q * q);
        }
    }
}
