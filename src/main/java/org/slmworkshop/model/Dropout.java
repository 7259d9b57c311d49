package org.slmworkshop.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.slmworkshop.util.Rng;

/** Inverted dropout: kept units are scaled by 1/(1-p) so evaluation needs no rescaling. */
final class Dropout {
    private final float probability;
    private float[] mask = new float[0];
    private float[] scratch = new float[0];
    private boolean active;

    Dropout(double probability) {
        this.probability = (float) probability;
    }

    /** Applies dropout in place when training with p > 0; otherwise does nothing. */
    void forwardInPlace(INDArray x, Rng rng, boolean training) {
        active = training && probability > 0;
        if (!active) return;
        int n = (int) x.length();
        if (mask.length < n) mask = new float[n];
        float keep = 1f / (1f - probability);
        float[] v = scratch = Host.read(x, scratch);
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextFloat() < probability ? 0f : keep;
            v[i] *= mask[i];
        }
        Host.write(v, x);
    }

    /** Marks that the last forward pass dropped nothing. */
    void deactivate() {
        active = false;
    }

    boolean isActive() {
        return active;
    }

    /** True when a training forward pass would drop anything. */
    boolean appliesWhen(boolean training) {
        return training && probability > 0;
    }

    /** Applies the mask of the last forward pass again to another array of the same size, in place. */
    void reapply(INDArray x) {
        backwardInPlace(x);
    }

    /** Multiplies the incoming gradient by the same mask, in place. */
    void backwardInPlace(INDArray dx) {
        if (!active) return;
        int n = (int) dx.length();
        float[] v = scratch = Host.read(dx, scratch);
        for (int i = 0; i < n; i++) v[i] *= mask[i];
        Host.write(v, dx);
    }
}
