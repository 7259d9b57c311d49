package org.slmworkshop.model;

import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;

/** y = x·W + b with W stored (in, out), so forward and both backward products are single GEMMs. */
final class Linear {
    private final Kernels k;
    private final Parameter weight; // (in, out)
    private final Parameter bias;   // (out) or null

    Linear(Kernels kernels, Parameter weight, Parameter bias) {
        this.k = kernels;
        this.weight = weight;
        this.bias = bias;
    }

    /** x (N, in) → y (N, out). */
    void forward(Tensor x, Tensor y) {
        k.matmul(x, false, weight.value(), false, y, 0);              // (N, out) = x·W
        if (bias != null) k.addBias(y, bias.value());                 // (N, out) + b
    }

    /** Accumulates dW += xᵀ·dy and db += Σ_rows dy; writes dx = dy·Wᵀ when dx is not null. */
    void backward(Tensor x, Tensor dy, Tensor dx) {
        k.matmul(x, true, dy, false, weight.gradient(), 1);           // (in, out)
        if (bias != null) k.biasBackward(dy, bias.gradient());        // (out)
        if (dx != null) k.matmul(dy, false, weight.value(), true, dx, 0);   // (N, in)
    }
}
