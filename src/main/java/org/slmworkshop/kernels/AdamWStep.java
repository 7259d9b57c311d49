package org.slmworkshop.kernels;

import org.slmworkshop.kernels.Kernels.AdamWSettings;

/**
 * The arithmetic of one {@link Kernels#adamW} step on host arrays, in float, in the order the CUDA kernel
 * ({@code resources/cuda/adamw.cu}) and PyTorch's AdamW take it. The scalars are rounded to float once, from
 * double, as PyTorch's are: 1 − β1 comes from the double, not from 1f − β1f.
 */
public record AdamWStep(float learningRate, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                        float epsilon, float weightDecay, float stepSize, float sqrtBiasCorrection2) {

    /** The coefficients of step {@code step} (0-based); {@code decay} false leaves weight decay out. */
    public static AdamWStep of(AdamWSettings settings, double learningRate, int step, boolean decay) {
        double bc1 = 1 - Math.pow(settings.beta1(), step + 1);
        double bc2 = 1 - Math.pow(settings.beta2(), step + 1);
        return new AdamWStep((float) learningRate, (float) settings.beta1(), (float) settings.beta2(),
                (float) (1 - settings.beta1()), (float) (1 - settings.beta2()), (float) settings.epsilon(),
                decay ? (float) settings.weightDecay() : 0f, (float) (learningRate / bc1), (float) Math.sqrt(bc2));
    }

    /**
     * Updates p, m and v at [from, to) with gradient g; {@code decayMask} (same indices) is 1 where weight decay
     * applies, or null for everywhere.
     */
    public void apply(float[] p, float[] g, float[] m, float[] v, float[] decayMask, int from, int to) {
        float lrDecay = learningRate * weightDecay;
        for (int i = from; i < to; i++) {
            float w = p[i];
            if (weightDecay > 0f) w -= lrDecay * (decayMask == null ? 1f : decayMask[i]) * w;
            float grad = g[i];
            float mi = beta1 * m[i] + oneMinusBeta1 * grad;
            float vi = beta2 * v[i] + oneMinusBeta2 * grad * grad;
            m[i] = mi;
            v[i] = vi;
            p[i] = w - stepSize * mi / ((float) Math.sqrt(vi) / sqrtBiasCorrection2 + epsilon);
        }
    }
}
