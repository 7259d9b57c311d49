package org.slmworkshop.model;

import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;

/** LayerNorm over the last dimension: y = (x − mean) / √(var + ε) · gain + bias, ε = 1e-5. */
final class LayerNorm {
    private final Kernels k;
    private final Parameter gain;   // (C)
    private final Parameter bias;   // (C) or null when the model has no biases
    private final Buffers buffers;
    private Tensor xhat;            // (N, C) the normalised input, kept for the backward
    private Tensor rstd;            // (N) 1/σ per row

    LayerNorm(Kernels kernels, Parameter gain, Parameter bias) {
        this.k = kernels;
        this.gain = gain;
        this.bias = bias;
        this.buffers = new Buffers(kernels);
    }

    /** x (N, C) → y (N, C). */
    void forward(Tensor x, Tensor y) {
        keep(x.rows());
        k.layerNorm(x, gain.value(), bias == null ? null : bias.value(), y, xhat, rstd);
    }

    /** x += branch, the residual add, then y = LayerNorm(x): one pass over x. */
    void addAndForward(Tensor x, Tensor branch, Tensor y) {
        keep(x.rows());
        k.residualLayerNorm(x, branch, gain.value(), bias == null ? null : bias.value(), y, xhat, rstd);
    }

    /** dy (N, C) → adds dL/dx into dx (N, C) and accumulates the gain and bias gradients. */
    void backward(Tensor dy, Tensor dx) {
        k.layerNormBackward(dy, xhat, rstd, gain.value(), dx, gain.gradient(), bias == null ? null : bias.gradient());
    }

    private void keep(int rows) {
        xhat = buffers.of("xhat", rows, (int) gain.size());
        rstd = buffers.of("rstd", rows);
    }
}
