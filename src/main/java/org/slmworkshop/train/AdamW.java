package org.slmworkshop.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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
    private final INDArray scratch2;
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
        scratch2 = Nd4j.create(DataType.FLOAT, n);
    }

    /** Scales the gradients so their global L2 norm is at most maxNorm (0 disables); returns the norm before. */
    public double clipGradients(double maxNorm) {
        double norm = store.gradients().norm2Number().doubleValue();
        if (maxNorm > 0 && norm > maxNorm) store.gradients().muli(maxNorm / (norm + 1e-6));
        return norm;
    }

    /** One update with the given learning rate. */
    public void step(double learningRate) {
        step++;
        INDArray g = store.gradients();
        INDArray p = store.values();
        // m = β1·m + (1−β1)·g ;  v = β2·v + (1−β2)·g²
        firstMoment.muli(beta1).addi(scratch.assign(g).muli(1 - beta1));
        secondMoment.muli(beta2).addi(scratch.assign(g).muli(g).muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        // decoupled decay: p −= lr·λ·mask·p
        if (weightDecay > 0) p.subi(scratch.assign(p).muli(store.decayMask()).muli(learningRate * weightDecay));
        // p −= lr/(1−β1ᵗ) · m / (√(v/(1−β2ᵗ)) + ε)
        Transforms.sqrt(scratch.assign(secondMoment).divi(correction2), false).addi(epsilon);
        p.subi(scratch2.assign(firstMoment).divi(scratch).muli(learningRate / correction1));
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
