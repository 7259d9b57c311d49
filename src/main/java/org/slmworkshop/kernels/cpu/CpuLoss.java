package org.slmworkshop.kernels.cpu;

import static org.slmworkshop.kernels.cpu.CpuKernels.nd;

import java.util.Arrays;
import org.slmworkshop.kernels.Tensor;

/**
 * Masked cross-entropy with optional label smoothing:
 * L = Σ_i m_i · (−Σ_v q_iv · log softmax(z_i)_v) / Σ_i m_i, where q puts 1−ε on the target and
 * spreads ε uniformly. Rows with mask 0 (padding) add nothing to the loss or the gradient.
 */
final class CpuLoss {
    private CpuLoss() {}

    static double crossEntropy(Parallel parallel, Tensor logits, int[] targets, float[] mask, double labelSmoothing,
                               Tensor gradient) {
        int rows = logits.rows();
        int vocab = logits.dim(-1);
        if (targets.length != rows || mask.length != rows) {
            throw new IllegalArgumentException("targets and mask must have one entry per logits row (" + rows + ")");
        }
        for (int r = 0; r < rows; r++) {
            if (mask[r] != 0 && (targets[r] < 0 || targets[r] >= vocab)) {
                throw new IllegalArgumentException("target id " + targets[r] + " outside the vocabulary of " + vocab);
            }
        }
        double weight = 0;
        for (float m : mask) weight += m;
        if (weight == 0) {
            if (gradient != null) nd(gradient).assign(0);
            return 0;
        }
        float[] z = Scratch.get(Scratch.A, logits.size());
        double[] partial = new double[Parallel.chunks(rows)];   // per chunk of the rows, added in chunk order
        double totalWeight = weight;
        parallel.chunks(rows, (long) rows * vocab * 4, (chunk, from, to) -> {
            Host.readRange(nd(logits), from * vocab, to * vocab, z);
            partial[chunk] = rowsLoss(z, targets, mask, labelSmoothing, totalWeight, vocab, from, to,
                    gradient != null);
            if (gradient != null) Host.writeRange(z, from * vocab, to * vocab, nd(gradient));
        });
        double total = 0;
        for (double p : partial) total += p;
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
                if (gradient) Arrays.fill(z, o, o + vocab, 0f);
                continue;
            }
            float max = RowMath.max(z, o, vocab);
            double mean = (double) RowMath.sum(z, o, vocab) / vocab;
            float zTarget = z[o + target];
            double sum = 0;
            for (int c = 0; c < vocab; c++) {
                float e = FastExp.expNonPositive(z[o + c] - max);   // (V): kept for the gradient
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
