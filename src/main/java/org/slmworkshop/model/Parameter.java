package org.slmworkshop.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One named weight tensor and its gradient. Both are views into the flat buffers of a
 * {@link ParameterStore}, so the optimizer can treat all parameters as one vector.
 *
 * @param decay whether AdamW applies weight decay (matrices yes; biases, gains and norms no, as in nanoGPT)
 */
public record Parameter(String name, INDArray value, INDArray gradient, boolean decay, long offset) {
    public long size() {
        return value.length();
    }

    public long[] shape() {
        return value.shape();
    }
}
