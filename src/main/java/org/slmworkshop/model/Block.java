package org.slmworkshop.model;

import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.ForwardProbe.Site;

/** A pre-LayerNorm transformer block: x += attn(ln_1(x)); x += mlp(ln_2(x)). */
final class Block {
    private final int index;           // h0, h1, …: the block's place in the stack
    private final Kernels k;
    private final LayerNorm norm1;
    private final CausalSelfAttention attention;
    private final LayerNorm norm2;
    private final Mlp mlp;
    private final Dropout attentionOutDropout;
    private final Dropout mlpOutDropout;
    private final int width;
    private final Buffers buffers;
    private Tensor normed1, normed2;   // (N, C) the branches' inputs, kept for the backward

    Block(int index, Kernels kernels, LayerNorm norm1, CausalSelfAttention attention, LayerNorm norm2, Mlp mlp, int width,
          Dropout attentionOutDropout, Dropout mlpOutDropout) {
        this.index = index;
        this.k = kernels;
        this.norm1 = norm1;
        this.attention = attention;
        this.norm2 = norm2;
        this.mlp = mlp;
        this.width = width;
        this.attentionOutDropout = attentionOutDropout;
        this.mlpOutDropout = mlpOutDropout;
        this.buffers = new Buffers(kernels);
    }

    /** Updates the residual stream x (B·T, C) in place. */
    void forward(Tensor x, int batch, int length, long seed, boolean training, ForwardProbe probe) {
        int n = batch * length;
        normed1 = buffers.of("normed1", n, width);
        normed2 = buffers.of("normed2", n, width);
        Tensor branch = buffers.of("branch", n, width);
        norm1.forward(x, normed1);                                     // ln_1(x)                (B·T, C)
        attention.forward(normed1, branch, batch, length, seed, training);
        attentionOutDropout.forward(branch, branch, seed, training);
        norm2.addAndForward(x, branch, normed2);                       // x += attn; ln_2(x)     (B·T, C)
        showAttention(probe, branch, x);
        mlp.forward(normed2, branch);                                  //                        (B·T, C)
        mlpOutDropout.forward(branch, branch, seed, training);
        k.add(x, branch);                                              // x += mlp
        showMlp(probe, branch, x);
    }

    /** dx (B·T, C): the gradient at the block's output, turned in place into the gradient at its input. */
    void backward(Tensor dx) {
        Tensor dNormed = buffers.of("dNormed", dx.shape());
        // each branch reads its incoming gradient before dx is updated, so without dropout dx itself serves
        mlp.backward(normed2, branchGradient(mlpOutDropout, dx), dNormed);
        norm2.backward(dNormed, dx);
        attention.backward(normed1, branchGradient(attentionOutDropout, dx), dNormed);
        norm1.backward(dNormed, dx);
    }

    /** The gradient entering a branch: dx, masked by the branch's dropout when it was active. */
    private Tensor branchGradient(Dropout dropout, Tensor dx) {
        if (!dropout.isActive()) return dx;
        Tensor dBranch = buffers.of("dBranch", dx.shape());
        k.copy(dx, dBranch);
        dropout.backward(dBranch);
        return dBranch;
    }

    /** The attention probabilities of the last forward pass, (B·H, T, T), on the host. */
    float[] attentionProbabilities() {
        return attention.probabilities();
    }

    /** For the stepper: the attention half of the block, once x holds x + attn. */
    private void showAttention(ForwardProbe probe, Tensor attentionOut, Tensor x) {
        if (probe == ForwardProbe.NONE) return;
        probe.saw(Site.LN_1, index, normed1);
        attention.show(probe, index);
        probe.saw(Site.ATTENTION_OUT, index, attentionOut);
        probe.saw(Site.RESIDUAL_MID, index, x);
        probe.saw(Site.LN_2, index, normed2);
    }

    /** For the stepper: the MLP half, once x holds the block's output. */
    private void showMlp(ForwardProbe probe, Tensor mlpOut, Tensor x) {
        if (probe == ForwardProbe.NONE) return;
        mlp.show(probe, index);
        probe.saw(Site.MLP_OUT, index, mlpOut);
        probe.saw(Site.RESIDUAL, index, x);
    }
}
