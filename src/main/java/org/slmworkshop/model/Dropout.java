package org.slmworkshop.model;

import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;

/**
 * Inverted dropout: kept units are scaled by 1/(1−p), so evaluation needs no rescaling. The mask is keyed by
 * the step's seed, this site's stream and the element index (Philox), so a step is repeatable on any backend.
 */
final class Dropout {
    private final Kernels k;
    private final float probability;
    private final long stream;
    private final Buffers buffers;
    private Tensor mask;
    private boolean active;

    /** @param stream this dropout site's number within its model, so no two sites share a mask */
    Dropout(Kernels kernels, double probability, long stream) {
        this.k = kernels;
        this.probability = (float) probability;
        this.stream = stream;
        this.buffers = new Buffers(kernels);
    }

    /**
     * When training with p > 0: out = x ⊙ mask (out may be x itself) and returns out; otherwise drops nothing
     * and returns x.
     */
    Tensor forward(Tensor x, Tensor out, long seed, boolean training) {
        active = appliesWhen(training);
        if (!active) return x;
        if (out != x) k.copy(x, out);
        mask = buffers.of("mask", x.shape());
        k.dropout(out, mask, probability, seed, stream);
        return out;
    }

    /** dx ⊙= the mask of the last forward pass, in place; nothing when it dropped nothing. */
    void backward(Tensor dx) {
        if (active) k.multiply(dx, mask);
    }

    /** True when a forward pass in this mode would drop anything. */
    boolean appliesWhen(boolean training) {
        return training && probability > 0;
    }

    boolean isActive() {
        return active;
    }
}
