package org.slmworkshop.model;

import org.slmworkshop.kernels.Tensor;

/**
 * One named weight tensor and its gradient. Both are views into the flat tensors of a
 * {@link ParameterStore}, so the optimizer can treat all parameters as one vector.
 *
 * @param decay  whether AdamW applies weight decay (matrices yes; biases, gains and norms no, as in nanoGPT)
 * @param offset where the parameter starts in the flat vector
 */
public record Parameter(String name, Tensor value, Tensor gradient, boolean decay, long offset) {
    public long size() {
        return value.size();
    }

    public int[] shape() {
        return value.shape();
    }
}
