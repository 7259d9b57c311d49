package org.slmworkshop.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slmworkshop.util.Rng;

/**
 * Multi-head causal self-attention with a fused qkv projection, as in nanoGPT:
 * q, k, v = split(x·W_qkv); per head softmax(q·kᵀ/√d + causal mask)·v; heads merged and projected.
 * The masked softmax is a Java loop that never touches the upper triangle, so a future token
 * contributes exactly zero.
 */
final class CausalSelfAttention {
    private final Linear qkv;
    private final Linear proj;
    private final int heads;
    private final int width;
    private final int headSize;
    private final Dropout attentionDropout;
    private final float scale;

    private int batch;
    private int length;
    private INDArray qkvOut, q, k, v, scores, probs, attended, merged;   // forward caches
    private INDArray dMerged, dAttended, dProbs, dq, dk, dv, dQkv;     // backward buffers
    private float[] hostA = new float[0];
    private float[] hostB = new float[0];
    private float[] hostC = new float[0];
    private float[] hostD = new float[0];

    CausalSelfAttention(Linear qkv, Linear proj, int heads, int width, double dropout) {
        this.qkv = qkv;
        this.proj = proj;
        this.heads = heads;
        this.width = width;
        this.headSize = width / heads;
        this.attentionDropout = new Dropout(dropout);
        this.scale = (float) (1.0 / Math.sqrt(headSize));
    }

    private void ensure(int batch, int length) {
        if (qkvOut != null && this.batch == batch && this.length == length) return;
        this.batch = batch;
        this.length = length;
        int rows = batch * length;
        int groups = batch * heads;
        qkvOut = Nd4j.create(DataType.FLOAT, rows, 3 * width);
        dQkv = Nd4j.create(DataType.FLOAT, rows, 3 * width);
        merged = Nd4j.create(DataType.FLOAT, rows, width);
        dMerged = Nd4j.create(DataType.FLOAT, rows, width);
        q = Nd4j.create(DataType.FLOAT, groups, length, headSize);
        k = Nd4j.create(DataType.FLOAT, groups, length, headSize);
        v = Nd4j.create(DataType.FLOAT, groups, length, headSize);
        dq = Nd4j.create(DataType.FLOAT, groups, length, headSize);
        dk = Nd4j.create(DataType.FLOAT, groups, length, headSize);
        dv = Nd4j.create(DataType.FLOAT, groups, length, headSize);
        attended = Nd4j.create(DataType.FLOAT, groups, length, headSize);
        dAttended = Nd4j.create(DataType.FLOAT, groups, length, headSize);
        scores = Nd4j.create(DataType.FLOAT, groups, length, length);
        probs = Nd4j.create(DataType.FLOAT, groups, length, length);
        dProbs = Nd4j.create(DataType.FLOAT, groups, length, length);
    }

    /** x (B·T, C) → y (B·T, C). */
    void forward(INDArray x, INDArray y, int batch, int length, Rng rng, boolean training) {
        ensure(batch, length);
        qkv.forward(x, qkvOut);                                        // (B·T, 3C)
        splitHeads();                                                  // q, k, v: (B·H, T, hs)
        Nd4j.matmul(q, k, scores, false, true, false);                 // (B·H, T, T)
        maskedSoftmax();                                               // probs (B·H, T, T)
        INDArray used = probs;
        if (attentionDropout.appliesWhen(training)) {
            // dropout on the attention weights; the saved probs stay undropped for the heatmaps
            INDArray dropped = dProbs;                                 // borrowed as a buffer
            dropped.assign(probs);
            attentionDropout.forwardInPlace(dropped, rng, true);
            used = dropped;
        } else {
            attentionDropout.deactivate();
        }
        Nd4j.matmul(used, v, attended, false, false, false);           // (B·H, T, hs)
        mergeHeads(attended, merged);                                  // (B·T, C)
        proj.forward(merged, y);                                       // (B·T, C)
    }

    /** dy (B·T, C) → dx (B·T, C). Must follow a forward on the same input. */
    void backward(INDArray x, INDArray dy, INDArray dx) {
        proj.backward(merged, dy, dMerged);                            // (B·T, C)
        splitMerged(dMerged, dAttended);                               // (B·H, T, hs)
        Nd4j.matmul(dAttended, v, dProbs, false, true, false);         // (B·H, T, T)
        attentionDropout.backwardInPlace(dProbs);
        // dv needs the probabilities that were actually used, dropout included
        INDArray used = probs;
        if (attentionDropoutWasActive()) {
            used = scores;                                              // reuse the scores buffer
            used.assign(probs);
            attentionDropout.reapply(used);
        }
        Nd4j.matmul(used, dAttended, dv, true, false, false);          // (B·H, T, hs)
        softmaxBackward();                                             // dProbs is now dL/dscores, scale included
        Nd4j.matmul(dProbs, k, dq, false, false, false);               // (B·H, T, hs)
        Nd4j.matmul(dProbs, q, dk, true, false, false);                // (B·H, T, hs)
        joinHeads();                                                   // dQkv (B·T, 3C)
        qkv.backward(x, dQkv, dx);
    }

    private boolean attentionDropoutWasActive() {
        return attentionDropout.isActive();
    }

    /** probs = softmax of scale·scores over each row, restricted to columns ≤ row (the causal triangle). */
    private void maskedSoftmax() {
        int groups = batch * heads;
        int square = length * length;
        float[] s = hostA = Host.ensure(hostA, groups * square);
        Parallel.rows(groups, (long) groups * square, (from, to) -> {
            Host.readRange(scores, from * square, to * square, s);
            for (int i = from * length; i < to * length; i++) {
                int row = i * length;
                int last = i % length;   // the query's position: keys 0 … last are visible
                int visible = last + 1;
                float max = RowMath.max(s, row, visible) * scale;   // scale > 0, so max(scale·s) = scale·max(s)
                for (int j = 0; j < visible; j++) s[row + j] = expNonPositive(s[row + j] * scale - max);
                float inv = 1f / RowMath.sum(s, row, visible);
                for (int j = 0; j < visible; j++) s[row + j] *= inv;
                java.util.Arrays.fill(s, row + visible, row + length, 0f);
            }
            Host.writeRange(s, from * square, to * square, probs);
        });
    }

    /**
     * e^y for y ≤ 0 in float, about 4× faster than Math.exp: y = −(k + f)·ln 2 with k an integer and
     * |f| ≤ ½, so e^y = 2^−k · e^(−f·ln 2), the second factor from its Taylor series (relative error
     * below 1e-7). Underflows to 0 below −87.
     */
    static float expNonPositive(float y) {
        float t = Math.min(-y, 87f) * 1.44269504f;       // −y·log2 e, in [0, 125.6]
        int k = (int) (t + 0.5f);                         // nearest integer
        float r = (k - t) * 0.693147181f;                 // in [−ln2/2, ln2/2]
        float p = 1f + r * (1f + r * (0.5f + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720 + r * (1f / 5040)))))));
        return y < -87f ? 0f : p * Float.intBitsToFloat((127 - k) << 23);
    }

    /** dProbs ← scale · p ⊙ (dProbs − Σ_j p·dProbs): the softmax Jacobian applied row by row. */
    private void softmaxBackward() {
        int groups = batch * heads;
        int square = length * length;
        float[] p = hostA = Host.ensure(hostA, groups * square);
        float[] g = hostB = Host.ensure(hostB, groups * square);
        Parallel.rows(groups, (long) groups * square, (from, to) -> {
            Host.readRange(probs, from * square, to * square, p);
            Host.readRange(dProbs, from * square, to * square, g);
            for (int r = from * length; r < to * length; r++) {
                int last = r % length;
                int row = r * length;
                float dot = RowMath.dot(p, row, g, row, last + 1);
                for (int j = 0; j <= last; j++) g[row + j] = scale * p[row + j] * (g[row + j] - dot);
                java.util.Arrays.fill(g, row + last + 1, row + length, 0f);
            }
            Host.writeRange(g, from * square, to * square, dProbs);
        });
    }

    /** (B·T, 3C) laid out as [q | k | v], each C split into H heads → three (B·H, T, hs) arrays. */
    private void splitHeads() {
        int n = batch * length * width;      // values per (B·H, T, hs) array
        int perBatch = length * width;       // values of one sequence in each of q, k, v
        float[] in = hostA = Host.ensure(hostA, 3 * n);
        float[] hq = hostB = Host.ensure(hostB, n);
        float[] hk = hostC = Host.ensure(hostC, n);
        float[] hv = hostD = Host.ensure(hostD, n);
        Parallel.rows(batch, 3L * n, (from, to) -> {
            Host.readRange(qkvOut, 3 * from * perBatch, 3 * to * perBatch, in);
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
            Host.writeRange(hq, from * perBatch, to * perBatch, q);
            Host.writeRange(hk, from * perBatch, to * perBatch, k);
            Host.writeRange(hv, from * perBatch, to * perBatch, v);
        });
    }

    /** (B·H, T, hs) → (B·T, C). */
    private void mergeHeads(INDArray perHead, INDArray out) {
        permuteHeads(perHead, out, true);
    }

    /** (B·T, C) → (B·H, T, hs). */
    private void splitMerged(INDArray in, INDArray perHead) {
        permuteHeads(in, perHead, false);
    }

    private void permuteHeads(INDArray source, INDArray target, boolean toMerged) {
        int n = batch * length * width;
        int perBatch = length * width;
        float[] src = hostB = Host.ensure(hostB, n);
        float[] dst = hostC = Host.ensure(hostC, n);
        Parallel.rows(batch, n, (from, to) -> {
            Host.readRange(source, from * perBatch, to * perBatch, src);
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
            Host.writeRange(dst, from * perBatch, to * perBatch, target);
        });
    }

    /** dq, dk, dv (B·H, T, hs) → dQkv (B·T, 3C). */
    private void joinHeads() {
        int n = batch * length * width;
        int perBatch = length * width;
        float[] gq = hostB = Host.ensure(hostB, n);
        float[] gk = hostC = Host.ensure(hostC, n);
        float[] gv = hostD = Host.ensure(hostD, n);
        float[] out = hostA = Host.ensure(hostA, 3 * n);
        Parallel.rows(batch, 3L * n, (from, to) -> {
            Host.readRange(dq, from * perBatch, to * perBatch, gq);
            Host.readRange(dk, from * perBatch, to * perBatch, gk);
            Host.readRange(dv, from * perBatch, to * perBatch, gv);
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
            Host.writeRange(out, 3 * from * perBatch, 3 * to * perBatch, dQkv);
        });
    }

    /** The attention probabilities of the last forward pass, (B·H, T, T), copied. */
    float[][][][] attentionMaps() {
        float[] p = Host.read(probs);
        float[][][][] maps = new float[batch][heads][length][length];
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < length; i++)
                    System.arraycopy(p, ((b * heads + h) * length + i) * length, maps[b][h][i], 0, length);
        return maps;
    }
}
