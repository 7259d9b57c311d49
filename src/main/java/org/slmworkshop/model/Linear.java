package org.slmworkshop.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** y = x·W + b with W stored (in, out), so forward and both backward products are single GEMMs. */
final class Linear {
    private final Parameter weight; // (in, out)
    private final Parameter bias;   // (out) or null
    private INDArray ones = Nd4j.empty(DataType.FLOAT);

    Linear(Parameter weight, Parameter bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /** x (N, in) → y (N, out). */
    void forward(INDArray x, INDArray y) {
        Nd4j.gemm(x, weight.value(), y, false, false, 1.0, 0.0);   // (N, out)
        if (bias != null) y.addiRowVector(bias.value());
    }

    /**
     * Accumulates dW += xᵀ·dy and db += Σ_rows dy; writes dx = dy·Wᵀ when dx is not null.
     */
    void backward(INDArray x, INDArray dy, INDArray dx) {
        Nd4j.gemm(x, dy, weight.gradient(), true, false, 1.0, 1.0);     // (in, out)
        if (bias != null) {
            int rows = (int) dy.size(0);
            if (ones.length() != rows) ones = Nd4j.ones(DataType.FLOAT, 1, rows);
            Nd4j.gemm(ones, dy, bias.gradient().reshape(1, bias.size()), false, false, 1.0, 1.0); // (1, out)
        }
        if (dx != null) Nd4j.gemm(dy, weight.value(), dx, false, true, 1.0, 0.0);  // (N, in)
    }
}
