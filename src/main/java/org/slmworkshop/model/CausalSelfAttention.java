package org.slmworkshop.model;

import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.ForwardProbe.Site;

/**
 * Multi-head causal self-attention with a fused qkv projection, as in nanoGPT:
 * q, k, v = split(x·W_qkv); per head softmax(q·kᵀ/√hs + causal mask)·v; heads merged and projected.
 * The masked softmax never reads the upper triangle, so a future token contributes exactly zero.
 */
final class CausalSelfAttention {
    private final Kernels k;
    private final Linear qkv;
    private final Linear proj;
    private final int heads;
    private final int headSize;
    private final Dropout attentionDropout;
    private final float scale;
    private final Buffers buffers;
    private Tensor q, key, value, probs, used, merged;   // kept for the backward

    CausalSelfAttention(Kernels kernels, Linear qkv, Linear proj, int heads, int width, Dropout attentionDropout) {
        this.k = kernels;
        this.qkv = qkv;
        this.proj = proj;
        this.heads = heads;
        this.headSize = width / heads;
        this.attentionDropout = attentionDropout;
        this.scale = (float) (1.0 / Math.sqrt(headSize));
        this.buffers = new Buffers(kernels);
    }

    /** x (B·T, C) → y (B·T, C). */
    void forward(Tensor x, Tensor y, int batch, int length, long seed, boolean training) {
        int n = batch * length, groups = batch * heads, width = heads * headSize;
        Tensor qkvOut = buffers.of("qkv", n, 3 * width);
        q = buffers.of("q", groups, length, headSize);
        key = buffers.of("k", groups, length, headSize);
        value = buffers.of("v", groups, length, headSize);
        Tensor scores = buffers.of("scores", groups, length, length);
        probs = buffers.of("probs", groups, length, length);
        Tensor attended = buffers.of("attended", groups, length, headSize);
        merged = buffers.of("merged", n, width);

        qkv.forward(x, qkvOut);                                         // (B·T, 3C)
        k.splitQkv(qkvOut, heads, q, key, value);                       // q, k, v  (B·H, T, hs)
        k.batchedMatmul(q, false, key, true, scores);                   // q·kᵀ     (B·H, T, T)
        k.causalSoftmax(scores, scale, probs);                          // softmax(q·kᵀ/√hs), zero above the diagonal
        used = attentionDropout.appliesWhen(training)                   // the saved probs stay undropped for heatmaps
                ? attentionDropout.forward(probs, buffers.of("dropped", groups, length, length), seed, true)
                : attentionDropout.forward(probs, probs, seed, false);
        k.batchedMatmul(used, false, value, false, attended);           // p·v      (B·H, T, hs)
        k.mergeHeads(attended, heads, merged);                          //          (B·T, C)
        proj.forward(merged, y);                                        //          (B·T, C)
    }

    /** dy (B·T, C) → dx (B·T, C). Must follow a forward on the same input. */
    void backward(Tensor x, Tensor dy, Tensor dx) {
        int n = x.rows(), groups = q.dim(0), length = q.dim(1), width = heads * headSize;
        Tensor dMerged = buffers.of("dMerged", n, width);
        Tensor dAttended = buffers.of("dAttended", groups, length, headSize);
        Tensor dProbs = buffers.of("dProbs", groups, length, length);
        Tensor dq = buffers.of("dq", groups, length, headSize);
        Tensor dk = buffers.of("dk", groups, length, headSize);
        Tensor dv = buffers.of("dv", groups, length, headSize);
        Tensor dQkv = buffers.of("dQkv", n, 3 * width);

        proj.backward(merged, dy, dMerged);                             //          (B·T, C)
        k.splitHeads(dMerged, heads, dAttended);                        //          (B·H, T, hs)
        k.batchedMatmul(dAttended, false, value, true, dProbs);         // dA·vᵀ    (B·H, T, T)
        attentionDropout.backward(dProbs);
        k.batchedMatmul(used, true, dAttended, false, dv);              // pᵀ·dA    (B·H, T, hs)
        k.causalSoftmaxBackward(probs, dProbs, scale);                  // dL/dscores, scale included
        k.batchedMatmul(dProbs, false, key, false, dq);                 // dS·k     (B·H, T, hs)
        k.batchedMatmul(dProbs, true, q, false, dk);                    // dSᵀ·q    (B·H, T, hs)
        k.joinQkv(dq, dk, dv, heads, dQkv);                             //          (B·T, 3C)
        qkv.backward(x, dQkv, dx);                                      //          (B·T, C)
    }

    /** The attention probabilities of the last forward pass, (B·H, T, T), on the host. */
    float[] probabilities() {
        return probs.toHost();
    }

    /** For the stepper: what the last forward pass made, per head (B·H, T, ·), and the weighted sums merged (B·T, C). */
    void show(ForwardProbe probe, int block) {
        probe.saw(Site.QUERY, block, q);
        probe.saw(Site.KEY, block, key);
        probe.saw(Site.VALUE, block, value);
        probe.saw(Site.ATTENTION, block, probs);
        probe.saw(Site.WEIGHTED_SUM, block, merged);
    }
}
