package org.slmworkshop.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Masked cross-entropy with optional label smoothing, the loss every model trains on:
 * L = Σ_i m_i · (−Σ_v q_iv · log softmax(z_i)_v) / Σ_i m_i, where q puts 1−ε on the target and
 * spreads ε uniformly. Rows with mask 0 (padding) add nothing to the loss or the gradient.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    /** The loss only. */
    public static double loss(INDArray logits, int[] targets, float[] mask, double labelSmoothing) {
        return compute(logits, targets, mask, labelSmoothing, null);
    }

    /** The loss, and dL/dlogits written into {@code gradient} (same shape as logits). */
    public static double lossAndGradient(INDArray logits, int[] targets, float[] mask, double labelSmoothing,
                                         INDArray gradient) {
        return compute(logits, targets, mask, labelSmoothing, gradient);
    }

    private static double compute(INDArray logits, int[] targets, float[] mask, double labelSmoothing,
                                  INDArray gradient) {
        int rows = (int) logits.size(0);
        int vocab = (int) logits.size(1);
        if (targets.length != rows || mask.length != rows) {
            throw new IllegalArgumentException("targets and mask must have one entry per logits row (" + rows + ")");
        }
        double weight = 0;
        for (float m : mask) weight += m;
        float[] z = Host.read(logits);
        if (weight == 0) {
            if (gradient != null) gradient.assign(0);
            return 0;
        }
        double eps = labelSmoothing;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * vocab;
            int target = targets[r];
            if (mask[r] == 0) {
                if (gradient != null) java.util.Arrays.fill(z, o, o + vocab, 0f);
                continue;
            }
            if (target < 0 || target >= vocab) {
                throw new IllegalArgumentException("target id " + target + " outside the vocabulary of " + vocab);
            }
            float max = Float.NEGATIVE_INFINITY;
            double mean = 0;
            for (int c = 0; c < vocab; c++) {
                max = Math.max(max, z[o + c]);
                mean += z[o + c];
            }
            mean /= vocab;
            double sum = 0;
            for (int c = 0; c < vocab; c++) sum += Math.exp(z[o + c] - max);
            double logSumExp = max + Math.log(sum);
            double nll = logSumExp - z[o + target];
            double smooth = logSumExp - mean;          // −(1/V) Σ_v log p_v
            total += mask[r] * ((1 - eps) * nll + eps * smooth);
            if (gradient != null) {
                // dL/dz = m_i/Σm · (softmax(z) − q)
                float scale = (float) (mask[r] / weight);
                float uniform = (float) (eps / vocab);
                for (int c = 0; c < vocab; c++) {
                    float p = (float) Math.exp(z[o + c] - logSumExp);
                    z[o + c] = scale * (p - uniform);
                }
                z[o + target] -= scale * (float) (1 - eps);
            }
        }
        if (gradient != null) Host.write(z, gradient);
        return total / weight;
    }
}
