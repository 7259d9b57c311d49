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
        double[] partial = new double[2];   // per half of the rows, added in a fixed order
        int split = Parallel.split(rows);
        for (int r = 0; r < rows; r++) {
            if (mask[r] != 0 && (targets[r] < 0 || targets[r] >= vocab)) {
                throw new IllegalArgumentException("target id " + targets[r] + " outside the vocabulary of " + vocab);
            }
        }
        double totalWeight = weight;
        Parallel.rows(rows, (long) rows * vocab * 4, (from, to) -> {
            partial[from < split ? 0 : 1] = rowsLoss(z, targets, mask, eps, totalWeight, vocab, from, to,
                    gradient != null);
        });
        double total = partial[0] + partial[1];
        if (gradient != null) Host.write(z, gradient);
        return total / weight;
    }

    /**
     * Σ_i m_i·loss_i over rows [from, to); with {@code gradient}, overwrites those rows of z with
     * dL/dz. Each e^(z − max) is computed once and reused for the gradient.
     */
    private static double rowsLoss(float[] z, int[] targets, float[] mask, double eps, double weight, int vocab,
                                   int from, int to, boolean gradient) {
        double total = 0;
        for (int r = from; r < to; r++) {
            int o = r * vocab;
            int target = targets[r];
            if (mask[r] == 0) {
                if (gradient) java.util.Arrays.fill(z, o, o + vocab, 0f);
                continue;
            }
            float max = RowMath.max(z, o, vocab);
            double mean = (double) RowMath.sum(z, o, vocab) / vocab;
            float zTarget = z[o + target];
            double sum = 0;
            for (int c = 0; c < vocab; c++) {
                float e = CausalSelfAttention.expNonPositive(z[o + c] - max);   // (V): kept for the gradient
                z[o + c] = e;
                sum += e;
            }
            double logSumExp = max + Math.log(sum);
            double nll = logSumExp - zTarget;
            double smooth = logSumExp - mean;          // −(1/V) Σ_v log p_v
            total += mask[r] * ((1 - eps) * nll + eps * smooth);
            if (gradient) {
                // dL/dz = m_i/Σm · (softmax(z) − q), softmax(z) = e / Σe
                float scale = (float) (mask[r] / weight);
                float perExp = (float) (scale / sum);
                float uniform = (float) (scale * eps / vocab);
                for (int c = 0; c < vocab; c++) z[o + c] = perExp * z[o + c] - uniform;
                z[o + target] -= scale * (float) (1 - eps);
            }
        }
        return total;
    }
}
