package org.slmworkshop.kernels.cpu;

import static org.slmworkshop.kernels.cpu.CpuKernels.nd;

import java.util.Arrays;
import org.slmworkshop.kernels.Tensor;

/**
 * Attention's element-wise kernels: rearranging heads, the causal softmax and its backward, and one
 * query row against a KV cache. Heads are (B·H, T, hs) blocks, merged rows (B·T, C) with C = H·hs.
 */
final class CpuAttention {
    private final Parallel parallel;

    CpuAttention(Parallel parallel) {
        this.parallel = parallel;
    }

    /** (B·T, 3C) laid out as [q | k | v], each C split into H heads → three (B·H, T, hs) arrays. */
    void splitQkv(Tensor qkv, int heads, Tensor q, Tensor k, Tensor v) {
        int batch = q.dim(0) / heads, length = q.dim(1), headSize = q.dim(2), width = heads * headSize;
        int n = batch * length * width;      // values per (B·H, T, hs) array
        int perBatch = length * width;       // values of one sequence in each of q, k, v
        float[] in = Scratch.get(Scratch.A, 3L * n);
        float[] hq = Scratch.get(Scratch.B, n);
        float[] hk = Scratch.get(Scratch.C, n);
        float[] hv = Scratch.get(Scratch.D, n);
        parallel.rows(batch, 3L * n, (from, to) -> {
            Host.readRange(nd(qkv), 3 * from * perBatch, 3 * to * perBatch, in);
            for (int b = from; b < to; b++) {
                for (int t = 0; t < length; t++) {
                    int src = (b * length + t) * 3 * width;
                    for (int h = 0; h < heads; h++) {
                        int dst = ((b * heads + h) * length + t) * headSize;
                        int col = h * headSize;
                        System.arraycopy(in, src + col, hq, dst, headSize);
                        System.arraycopy(in, src + width + col, hk, dst, headSize);
                        System.arraycopy(in, src + 2 * width + col, hv, dst, headSize);
                    }
                }
            }
            Host.writeRange(hq, from * perBatch, to * perBatch, nd(q));
            Host.writeRange(hk, from * perBatch, to * perBatch, nd(k));
            Host.writeRange(hv, from * perBatch, to * perBatch, nd(v));
        });
    }

    /** dq, dk, dv (B·H, T, hs) → dQkv (B·T, 3C). */
    void joinQkv(Tensor dq, Tensor dk, Tensor dv, int heads, Tensor dQkv) {
        int batch = dq.dim(0) / heads, length = dq.dim(1), headSize = dq.dim(2), width = heads * headSize;
        int n = batch * length * width;
        int perBatch = length * width;
        float[] gq = Scratch.get(Scratch.B, n);
        float[] gk = Scratch.get(Scratch.C, n);
        float[] gv = Scratch.get(Scratch.D, n);
        float[] out = Scratch.get(Scratch.A, 3L * n);
        parallel.rows(batch, 3L * n, (from, to) -> {
            Host.readRange(nd(dq), from * perBatch, to * perBatch, gq);
            Host.readRange(nd(dk), from * perBatch, to * perBatch, gk);
            Host.readRange(nd(dv), from * perBatch, to * perBatch, gv);
            for (int b = from; b < to; b++) {
                for (int t = 0; t < length; t++) {
                    int dst = (b * length + t) * 3 * width;
                    for (int h = 0; h < heads; h++) {
                        int src = ((b * heads + h) * length + t) * headSize;
                        int col = h * headSize;
                        System.arraycopy(gq, src, out, dst + col, headSize);
                        System.arraycopy(gk, src, out, dst + width + col, headSize);
                        System.arraycopy(gv, src, out, dst + 2 * width + col, headSize);
                    }
                }
            }
            Host.writeRange(out, 3 * from * perBatch, 3 * to * perBatch, nd(dQkv));
        });
    }

    /** (B·H, T, hs) ↔ (B·T, C); {@code toMerged} says which way. */
    void permuteHeads(Tensor source, Tensor target, int heads, boolean toMerged) {
        Tensor perHead = toMerged ? source : target;
        int batch = perHead.dim(0) / heads, length = perHead.dim(1), headSize = perHead.dim(2);
        int width = heads * headSize;
        int n = batch * length * width;
        int perBatch = length * width;
        float[] src = Scratch.get(Scratch.B, n);
        float[] dst = Scratch.get(Scratch.C, n);
        parallel.rows(batch, n, (from, to) -> {
            Host.readRange(nd(source), from * perBatch, to * perBatch, src);
            for (int b = from; b < to; b++) {
                for (int h = 0; h < heads; h++) {
                    for (int t = 0; t < length; t++) {
                        int headOffset = ((b * heads + h) * length + t) * headSize;
                        int mergedOffset = (b * length + t) * width + h * headSize;
                        if (toMerged) System.arraycopy(src, headOffset, dst, mergedOffset, headSize);
                        else System.arraycopy(src, mergedOffset, dst, headOffset, headSize);
                    }
                }
            }
            Host.writeRange(dst, from * perBatch, to * perBatch, nd(target));
        });
    }

    /** probs = softmax of scale·scores over each row, restricted to columns ≤ row (the causal triangle). */
    void causalSoftmax(Tensor scores, float scale, Tensor probs) {
        int groups = scores.dim(0), length = scores.dim(1);
        int square = length * length;
        float[] s = Scratch.get(Scratch.A, (long) groups * square);
        parallel.rows(groups, (long) groups * square, (from, to) -> {
            Host.readRange(nd(scores), from * square, to * square, s);
            for (int i = from * length; i < to * length; i++) {
                int row = i * length;
                int visible = i % length + 1;   // the query's position: keys 0 … position are visible
                float max = RowMath.max(s, row, visible) * scale;   // scale > 0, so max(scale·s) = scale·max(s)
                for (int j = 0; j < visible; j++) s[row + j] = FastExp.expNonPositive(s[row + j] * scale - max);
                float inv = 1f / RowMath.sum(s, row, visible);
                for (int j = 0; j < visible; j++) s[row + j] *= inv;
                Arrays.fill(s, row + visible, row + length, 0f);
            }
            Host.writeRange(s, from * square, to * square, nd(probs));
        });
    }

    /** dProbs ← scale · p ⊙ (dProbs − Σ_j p·dProbs): the softmax Jacobian applied row by row. */
    void causalSoftmaxBackward(Tensor probs, Tensor dProbs, float scale) {
        int groups = probs.dim(0), length = probs.dim(1);
        int square = length * length;
        float[] p = Scratch.get(Scratch.A, (long) groups * square);
        float[] g = Scratch.get(Scratch.B, (long) groups * square);
        parallel.rows(groups, (long) groups * square, (from, to) -> {
            Host.readRange(nd(probs), from * square, to * square, p);
            Host.readRange(nd(dProbs), from * square, to * square, g);
            for (int r = from * length; r < to * length; r++) {
                int last = r % length;
                int row = r * length;
                float dot = RowMath.dot(p, row, g, row, last + 1);
                for (int j = 0; j <= last; j++) g[row + j] = scale * p[row + j] * (g[row + j] - dot);
                Arrays.fill(g, row + last + 1, row + length, 0f);
            }
            Host.writeRange(g, from * square, to * square, nd(dProbs));
        });
    }

    /** For each row r: caches its key and value at p = positions[r], then per head softmax(q·K[0…p]ᵀ·scale)·V[0…p]. */
    void cached(Tensor qkv, Tensor[] keys, Tensor[] values, int[] positions, int heads, float scale, Tensor out) {
        int rows = qkv.rows(), width = qkv.dim(-1) / 3, headSize = width / heads;
        float[] in = Host.read(nd(qkv), Scratch.get(Scratch.A, 3L * rows * width));
        float[] attended = Scratch.get(Scratch.B, (long) rows * width);
        for (int r = 0; r < rows; r++) {
            int visible = positions[r] + 1;
            int row = r * 3 * width;
            Host.writeRange(in, row + width, row + 2 * width, nd(keys[r]), positions[r] * width);
            Host.writeRange(in, row + 2 * width, row + 3 * width, nd(values[r]), positions[r] * width);
            float[] k = Scratch.get(Scratch.C, (long) visible * width);
            float[] v = Scratch.get(Scratch.D, (long) visible * width);
            Host.readRange(nd(keys[r]), 0, visible * width, k);
            Host.readRange(nd(values[r]), 0, visible * width, v);
            float[] scores = new float[visible];
            for (int h = 0; h < heads; h++) {
                int qo = row + h * headSize;
                int ao = r * width + h * headSize;
                float max = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < visible; t++) {                        // scores_t = q·k_t·scale     (p + 1)
                    scores[t] = RowMath.dot(in, qo, k, t * width + h * headSize, headSize) * scale;
                    max = Math.max(max, scores[t]);
                }
                float sum = 0;
                for (int t = 0; t < visible; t++) {
                    scores[t] = FastExp.expNonPositive(scores[t] - max);
                    sum += scores[t];
                }
                float inverse = 1f / sum;
                Arrays.fill(attended, ao, ao + headSize, 0f);
                for (int t = 0; t < visible; t++) {                        // attended_h = Σ_t p_t·v_t   (hs)
                    float weight = scores[t] * inverse;
                    int vo = t * width + h * headSize;
                    for (int d = 0; d < headSize; d++) attended[ao + d] += weight * v[vo + d];
                }
            }
        }
        Host.writeRange(attended, 0, rows * width, nd(out));
    }
}
