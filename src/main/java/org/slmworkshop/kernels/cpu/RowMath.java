package org.slmworkshop.kernels.cpu;

/**
 * Reductions over a contiguous run of floats with four independent partial sums. A single running
 * sum is a chain of dependent adds (one per 4 cycles); four chains run in parallel and make the
 * row-wise kernels (LayerNorm, softmax) several times faster. The order is fixed, so results are
 * deterministic.
 */
final class RowMath {
    private RowMath() {}

    /** Σ a[at … at+n). */
    static float sum(float[] a, int at, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[at + i];
            s1 += a[at + i + 1];
            s2 += a[at + i + 2];
            s3 += a[at + i + 3];
        }
        for (; i < n; i++) s0 += a[at + i];
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ a[ai + i]·b[bi + i] for i in [0, n). */
    static float dot(float[] a, int ai, float[] b, int bi, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[ai + i] * b[bi + i];
            s1 += a[ai + i + 1] * b[bi + i + 1];
            s2 += a[ai + i + 2] * b[bi + i + 2];
            s3 += a[ai + i + 3] * b[bi + i + 3];
        }
        for (; i < n; i++) s0 += a[ai + i] * b[bi + i];
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (a[at + i] − mean)² for i in [0, n). */
    static float squaredDeviation(float[] a, int at, int n, float mean) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            float d0 = a[at + i] - mean, d1 = a[at + i + 1] - mean, d2 = a[at + i + 2] - mean, d3 = a[at + i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = a[at + i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** max a[at … at+n), n ≥ 1. */
    static float max(float[] a, int at, int n) {
        float m0 = a[at], m1 = m0, m2 = m0, m3 = m0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            m0 = Math.max(m0, a[at + i]);
            m1 = Math.max(m1, a[at + i + 1]);
            m2 = Math.max(m2, a[at + i + 2]);
            m3 = Math.max(m3, a[at + i + 3]);
        }
        for (; i < n; i++) m0 = Math.max(m0, a[at + i]);
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }
}
