package org.slmworkshop.train;

import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Kernels.AdamWSettings;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.Parameter;
import org.slmworkshop.model.ParameterStore;
import org.slmworkshop.model.RowGradient;

/**
 * AdamW (Loshchilov and Hutter) over a model's flat parameter vector, with decoupled weight decay
 * applied only where the store's decay mask is 1, and global gradient-norm clipping.
 * The moments and the step count are its whole state, saved in checkpoints.
 *
 * <p>A row-sparse table (the bigram's, when V is large; see {@link ParameterStore#declareRowSparse}) follows
 * PyTorch's SparseAdam: only the rows the batch touched take a step, and every other row keeps its weights and
 * moments, where dense AdamW would keep moving them on their decaying moments. Weight decay, when asked for, still
 * shrinks the whole table every step, exactly as the dense rule does.
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
        boolean dense = store.denseSize() > 0;
        double norm = dense ? kernels.norm(store.gradients()) : 0;
        for (Parameter table : store.rowSparseParameters()) {
            Tensor rows = store.rowGradient(table.name()).values();
            if (rows != null) norm = Math.hypot(norm, kernels.norm(rows));
        }
        if (maxNorm > 0 && norm > maxNorm) {
            float factor = (float) (maxNorm / (norm + 1e-6));
            if (dense) kernels.scale(store.gradients(), factor);
            for (Parameter table : store.rowSparseParameters()) {
                Tensor rows = store.rowGradient(table.name()).values();
                if (rows != null) kernels.scale(rows, factor);
            }
        }
        return norm;
    }

    /** One update with the given learning rate; the gradients are used up. */
    public void step(double learningRate) {
        int dense = Math.toIntExact(store.denseSize());
        if (dense > 0) {
            Tensor p = store.denseValues();
            Tensor m = dense == firstMoment.size() ? firstMoment : kernels.view(firstMoment, 0, dense);
            Tensor v = dense == secondMoment.size() ? secondMoment : kernels.view(secondMoment, 0, dense);
            AdamWSettings denseSettings = store.decayMask() == null && !store.anyDenseDecay()
                    ? new AdamWSettings(settings.beta1(), settings.beta2(), settings.epsilon(), 0) : settings;
            kernels.adamW(p, store.gradients(), m, v, store.decayMask(), denseSettings, learningRate, step);
        }
        for (Parameter table : store.rowSparseParameters()) {
            if (table.decay() && settings.weightDecay() > 0) {     // p −= lr·λ·p on every row, as dense AdamW does
                kernels.scale(table.value(), (float) (1 - learningRate * settings.weightDecay()));
            }
            RowGradient gradient = store.rowGradient(table.name());
            if (gradient.rows().length == 0) continue;
            kernels.adamWRows(table.value(), gradient.rows(), gradient.values(),
                    kernels.view(firstMoment, table.offset(), table.shape()),
                    kernels.view(secondMoment, table.offset(), table.shape()), settings, learningRate, step);
        }
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
