package org.slmworkshop.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slmworkshop.util.Rng;

/** A pre-LayerNorm transformer block: x += attn(ln_1(x)); x += mlp(ln_2(x)). */
final class Block {
    private final LayerNorm norm1;
    private final CausalSelfAttention attention;
    private final LayerNorm norm2;
    private final Mlp mlp;
    private final Dropout attentionOutDropout;
    private final Dropout mlpOutDropout;
    private final int width;
    private INDArray normed1, attended, normed2, mlpOut, dNormed, dBranch;   // (N, C)

    Block(LayerNorm norm1, CausalSelfAttention attention, LayerNorm norm2, Mlp mlp, int width, double dropout) {
        this.norm1 = norm1;
        this.attention = attention;
        this.norm2 = norm2;
        this.mlp = mlp;
        this.width = width;
        this.attentionOutDropout = new Dropout(dropout);
        this.mlpOutDropout = new Dropout(dropout);
    }

    private void ensure(int rows) {
        if (normed1 != null && normed1.size(0) == rows) return;
        normed1 = Nd4j.create(DataType.FLOAT, rows, width);
        attended = Nd4j.create(DataType.FLOAT, rows, width);
        normed2 = Nd4j.create(DataType.FLOAT, rows, width);
        mlpOut = Nd4j.create(DataType.FLOAT, rows, width);
        dNormed = Nd4j.create(DataType.FLOAT, rows, width);
        dBranch = Nd4j.create(DataType.FLOAT, rows, width);
    }

    /** Updates the residual stream x (B·T, C) in place. */
    void forward(INDArray x, int batch, int length, Rng rng, boolean training) {
        ensure(batch * length);
        norm1.forward(x, normed1);
        attention.forward(normed1, attended, batch, length, rng, training);
        dropout(attentionOutDropout, attended, rng, training);
        norm2.addAndForward(x, attended, normed2);           // x += attended; normed2 = ln_2(x)
        mlp.forward(normed2, mlpOut);
        dropout(mlpOutDropout, mlpOut, rng, training);
        x.addi(mlpOut);
    }

    private static void dropout(Dropout dropout, INDArray x, Rng rng, boolean training) {
        if (dropout.appliesWhen(training)) dropout.forwardInPlace(x, rng, true);
        else dropout.deactivate();
    }

    /** dx (B·T, C): the gradient at the block's output, turned in place into the gradient at its input. */
    void backward(INDArray dx) {
        // each branch reads its incoming gradient before dx is updated, so without dropout dx itself serves
        mlp.backward(normed2, branchGradient(mlpOutDropout, dx), dNormed);           // through the MLP branch
        norm2.backwardAccumulate(dNormed, dx);
        attention.backward(normed1, branchGradient(attentionOutDropout, dx), dNormed); // through attention
        norm1.backwardAccumulate(dNormed, dx);
    }

    /** The gradient entering a branch: dx, masked by the branch's dropout when it was active. */
    private INDArray branchGradient(Dropout dropout, INDArray dx) {
        if (!dropout.isActive()) return dx;
        dBranch.assign(dx);
        dropout.backwardInPlace(dBranch);
        return dBranch;
    }

    float[][][][] attentionMaps() {
        return attention.attentionMaps();
    }
}
