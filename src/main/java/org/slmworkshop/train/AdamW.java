package org.slmworkshop.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.slmworkshop.model.ParameterStore;

/**
 * AdamW (Loshchilov and Hutter) over a model's flat parameter vector, with decoupled weight decay
 * applied only where the store's decay mask is 1, and global gradient-norm clipping.
 * The moments and the step count are its whole state, saved in checkpoints.
 */
public final class AdamW {
    private final ParameterStore store;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final INDArray firstMoment;   // m
    private final INDArray secondMoment;  // v
    private final INDArray scratch;
    private int step;

    public AdamW(ParameterStore store, double beta1, double beta2, double epsilon, double weightDecay) {
        this.store = store;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        long n = store.totalSize();
        firstMoment = Nd4j.zeros(DataType.FLOAT, n);
        secondMoment = Nd4j.zeros(DataType.FLOAT, n);
        scratch = Nd4j.create(DataType.FLOAT, n);
    }

    /** Scales the gradients so their global L2 norm is at most maxNorm (0 disables); returns the norm before. */
    public double clipGradients(double maxNorm) {
        double norm = store.gradients().norm2Number().doubleValue();
        if (maxNorm > 0 && norm > maxNorm) store.gradients().muli(maxNorm / (norm + 1e-6));
        return norm;
    }

    /**
     * One update with the given learning rate. The moments and the bias-corrected step run in ND4J's
     * fused Adam kernel (one pass over the vector; its ε sits outside the √(1−β2ᵗ) correction, a
     * difference from PyTorch below 1e-8·lr). It turns the gradient buffer into the update.
     */
    public void step(double learningRate) {
        INDArray g = store.gradients();
        INDArray p = store.values();
        // decoupled decay first, as PyTorch does: p −= lr·λ·mask·p
        if (weightDecay > 0) {
            Nd4j.exec(new MulOp(p, store.decayMask(), scratch));
            p.subi(scratch.muli(learningRate * weightDecay));
        }
        // m = β1·m + (1−β1)·g ;  v = β2·v + (1−β2)·g² ;  g ← lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)
        Nd4j.exec(new AdamUpdater(g, secondMoment, firstMoment, learningRate, beta1, beta2, epsilon, step));
        p.subi(g);
        step++;
    }

    public int stepCount() {
        return step;
    }

    public INDArray firstMoment() {
        return firstMoment;
    }

    public INDArray secondMoment() {
        return secondMoment;
    }

    /** Restores the state saved by a checkpoint. */
    public void restore(int stepCount, INDArray m, INDArray v) {
        if (m.length() != firstMoment.length() || v.length() != secondMoment.length()) {
            throw new IllegalArgumentException("optimizer state has " + m.length() + " entries, the model has "
                    + firstMoment.length());
        }
        this.step = stepCount;
        firstMoment.assign(m.reshape(firstMoment.shape()));
        secondMoment.assign(v.reshape(secondMoment.shape()));
    }
}
