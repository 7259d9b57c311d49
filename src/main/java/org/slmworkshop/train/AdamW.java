package org.slmworkshop.train;

import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Kernels.AdamWSettings;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.ParameterStore;

/**
 * AdamW (Loshchilov and Hutter) over a model's flat parameter vector, with decoupled weight decay
 * applied only where the store's decay mask is 1, and global gradient-norm clipping.
 * The moments and the step count are its whole state, saved in checkpoints.
 */
public final class AdamW {
    private final ParameterStore store;
    private final Kernels kernels;
    private final AdamWSettings settings;
    private final Tensor firstMoment;   // m
    private final Tensor secondMoment;  // v
    private int step;

    public AdamW(ParameterStore store, double beta1, double beta2, double epsilon, double weightDecay) {
        this.store = store;
        this.kernels = store.kernels();
        this.settings = new AdamWSettings(beta1, beta2, epsilon, weightDecay);
        int n = Math.toIntExact(store.totalSize());
        firstMoment = kernels.zeros(n);
        secondMoment = kernels.zeros(n);
    }

    /** Scales the gradients so their global L2 norm is at most maxNorm (0 disables); returns the norm before. */
    public double clipGradients(double maxNorm) {
        double norm = kernels.norm(store.gradients());
        if (maxNorm > 0 && norm > maxNorm) kernels.scale(store.gradients(), (float) (maxNorm / (norm + 1e-6)));
        return norm;
    }

    /** One update with the given learning rate; the gradients are used up. */
    public void step(double learningRate) {
        kernels.adamW(store.values(), store.gradients(), firstMoment, secondMoment, store.decayMask(), settings,
                learningRate, step);
        step++;
    }

    public int stepCount() {
        return step;
    }

    public Tensor firstMoment() {
        return firstMoment;
    }

    public Tensor secondMoment() {
        return secondMoment;
    }

    /** Restores the state saved by a checkpoint: the step count and both moments, flat. */
    public void restore(int stepCount, Tensor m, Tensor v) {
        if (m.size() != firstMoment.size() || v.size() != secondMoment.size()) {
            throw new IllegalArgumentException("optimizer state has " + m.size() + " entries, the model has "
                    + firstMoment.size());
        }
        this.step = stepCount;
        if (m.backend() == kernels && v.backend() == kernels) {
            kernels.copy(m, firstMoment);
            kernels.copy(v, secondMoment);
        } else {
            firstMoment.copyFrom(m.toHost());
            secondMoment.copyFrom(v.toHost());
        }
    }
}
