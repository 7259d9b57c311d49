package org.slmworkshop.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The block's feed-forward part: Linear(C, 4C) → GELU → Linear(4C, C). */
final class Mlp {
    private final Linear fc;
    private final Linear proj;
    private final int hidden;
    private INDArray preActivation;  // (N, 4C)
    private INDArray activation;     // (N, 4C)
    private INDArray dHidden;        // (N, 4C)
    private float[] pre = new float[0];
    private float[] act = new float[0];

    Mlp(Linear fc, Linear proj, int hidden) {
        this.fc = fc;
        this.proj = proj;
        this.hidden = hidden;
    }

    private void ensure(int rows) {
        if (preActivation == null || preActivation.size(0) != rows) {
            preActivation = Nd4j.create(DataType.FLOAT, rows, hidden);
            activation = Nd4j.create(DataType.FLOAT, rows, hidden);
            dHidden = Nd4j.create(DataType.FLOAT, rows, hidden);
        }
    }

    /** x (N, C) → y (N, C). */
    void forward(INDArray x, INDArray y) {
        int rows = (int) x.size(0);
        ensure(rows);
        fc.forward(x, preActivation);                         // (N, 4C)
        pre = Host.ensure(pre, rows * hidden);
        act = Host.ensure(act, rows * hidden);
        Gelu.forward(preActivation, activation, pre, act);     // (N, 4C); keeps the pre-activation in pre
        proj.forward(activation, y);                           // (N, C)
    }

    /** dy (N, C) → dx (N, C), accumulating the weight gradients. */
    void backward(INDArray x, INDArray dy, INDArray dx) {
        proj.backward(activation, dy, dHidden);                // (N, 4C)
        Gelu.backwardInPlace(pre, dHidden, act);               // (N, 4C); act is free to reuse as scratch
        fc.backward(x, dHidden, dx);                           // (N, C)
    }
}
