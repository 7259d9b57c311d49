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
        float[] s = hostA = Host.read(scores, hostA);
        maskedSoftmax(s);
        Host.write(s, probs);                                          // (B·H, T, T)
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
        float[] p = hostA = Host.read(probs, hostA);
        float[] g = hostB = Host.read(dProbs, hostB);
        softmaxBackward(p, g);
        Host.write(g, dProbs);                                         // now dL/dscores, scale included
        Nd4j.matmul(dProbs, k, dq, false, false, false);               // (B·H, T, hs)
        Nd4j.matmul(dProbs, q, dk, true, false, false);                // (B·H, T, hs)
        joinHeads();                                                   // dQkv (B·T, 3C)
        qkv.backward(x, dQkv, dx);
    }

    private boolean attentionDropoutWasActive() {
        return attentionDropout.isActive();
    }

    /** Softmax of scale·s over each row, restricted to columns ≤ row (the causal triangle). */
    private void maskedSoftmax(float[] s) {
        int groups = batch * heads;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < length; i++) {
                int row = (g * length + i) * length;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) max = Math.max(max, s[row + j] * scale);
                float sum = 0;
                for (int j = 0; j <= i; j++) {
                    float e = (float) Math.exp(s[row + j] * scale - max);
                    s[row + j] = e;
                    sum += e;
                }
                float inv = 1f / sum;
                for (int j = 0; j <= i; j++) s[row + j] *= inv;
                for (int j = i + 1; j < length; j++) s[row + j] = 0f;
            }
        }
    }

    /** g ← scale · p ⊙ (g − Σ_j p·g): the softmax Jacobian applied row by row. */
    private void softmaxBackward(float[] p, float[] g) {
        int rows = batch * heads * length;
        for (int r = 0; r < rows; r++) {
            int i = r % length;
            int row = r * length;
            float dot = 0;
            for (int j = 0; j <= i; j++) dot += p[row + j] * g[row + j];
            for (int j = 0; j <= i; j++) g[row + j] = scale * p[row + j] * (g[row + j] - dot);
            for (int j = i + 1; j < length; j++) g[row + j] = 0f;
        }
    }

    /** (B·T, 3C) laid out as [q | k | v], each C split into H heads → three (B·H, T, hs) arrays. */
    private void splitHeads() {
        float[] in = hostA = Host.read(qkvOut, hostA);
        int n = batch * heads * length * headSize;
        if (hostB.length < n) hostB = new float[n];
        if (hostC.length < n) hostC = new float[n];
        if (hostD.length < n) hostD = new float[n];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                int src = (b * length + t) * 3 * width;
                for (int h = 0; h < heads; h++) {
                    int dst = ((b * heads + h) * length + t) * headSize;
                    int col = h * headSize;
                    System.arraycopy(in, src + col, hostB, dst, headSize);
                    System.arraycopy(in, src + width + col, hostC, dst, headSize);
                    System.arraycopy(in, src + 2 * width + col, hostD, dst, headSize);
                }
            }
        }
        Host.write(hostB, q);
        Host.write(hostC, k);
        Host.write(hostD, v);
    }

    /** (B·H, T, hs) → (B·T, C). */
    private void mergeHeads(INDArray perHead, INDArray out) {
        float[] in = hostB = Host.read(perHead, hostB);
        int n = batch * length * width;
        if (hostC.length < n) hostC = new float[n];
        permuteHeads(in, hostC, true);
        Host.write(hostC, out);
    }

    /** (B·T, C) → (B·H, T, hs). */
    private void splitMerged(INDArray in, INDArray perHead) {
        float[] src = hostB = Host.read(in, hostB);
        int n = batch * length * width;
        if (hostC.length < n) hostC = new float[n];
        permuteHeads(src, hostC, false);
        Host.write(hostC, perHead);
    }

    private void permuteHeads(float[] src, float[] dst, boolean toMerged) {
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < length; t++) {
                    int headOffset = ((b * heads + h) * length + t) * headSize;
                    int mergedOffset = (b * length + t) * width + h * headSize;
                    if (toMerged) System.arraycopy(src, headOffset, dst, mergedOffset, headSize);
                    else System.arraycopy(src, mergedOffset, dst, headOffset, headSize);
                }
            }
        }
    }

    /** dq, dk, dv (B·H, T, hs) → dQkv (B·T, 3C). */
    private void joinHeads() {
        int n = batch * length * width;
        float[] gq = hostB = Host.read(dq, hostB);
        float[] gk = hostC = Host.read(dk, hostC);
        float[] gv = hostD = Host.read(dv, hostD);
        if (hostA.length < 3 * n) hostA = new float[3 * n];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                int dst = (b * length + t) * 3 * width;
                for (int h = 0; h < heads; h++) {
                    int src = ((b * heads + h) * length + t) * headSize;
                    int col = h * headSize;
                    System.arraycopy(gq, src, hostA, dst + col, headSize);
                    System.arraycopy(gk, src, hostA, dst + width + col, headSize);
                    System.arraycopy(gv, src, hostA, dst + 2 * width + col, headSize);
                }
            }
        }
        Host.write(hostA, dQkv);
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
