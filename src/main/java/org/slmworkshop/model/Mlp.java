package org.slmworkshop.model;

import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.ForwardProbe.Site;

/** The block's feed-forward part: Linear(C, 4C) → GELU → Linear(4C, C). */
final class Mlp {
    private final Kernels k;
    private final Linear fc;
    private final Linear proj;
    private final int hidden;
    private final Buffers buffers;
    private Tensor preActivation;  // (N, 4C)
    private Tensor activation;     // (N, 4C)

    Mlp(Kernels kernels, Linear fc, Linear proj, int hidden) {
        this.k = kernels;
        this.fc = fc;
        this.proj = proj;
        this.hidden = hidden;
        this.buffers = new Buffers(kernels);
    }

    /** x (N, C) → y (N, C). */
    void forward(Tensor x, Tensor y) {
        preActivation = buffers.of("pre", x.rows(), hidden);
        activation = buffers.of("act", x.rows(), hidden);
        fc.forward(x, preActivation);                          // (N, 4C)
        k.gelu(preActivation, activation);                     // (N, 4C)
        proj.forward(activation, y);                           // (N, C)
    }

    /** dy (N, C) → dx (N, C), accumulating the weight gradients. */
    void backward(Tensor x, Tensor dy, Tensor dx) {
        Tensor dHidden = buffers.of("dHidden", x.rows(), hidden);
        proj.backward(activation, dy, dHidden);                // (N, 4C)
        k.geluBackward(preActivation, dHidden);                // (N, 4C)
        fc.backward(x, dHidden, dx);                           // (N, C)
    }

    /** For the stepper: the hidden layer of the last forward pass, before and after the GELU (N, 4C). */
    void show(ForwardProbe probe, int block) {
        probe.saw(Site.MLP_HIDDEN, block, preActivation);
        probe.saw(Site.MLP_GELU, block, activation);
    }
}
