package org.slmworkshop.model;

import java.util.HashMap;
import java.util.Map;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;

/** A layer's activations and gradient buffers by name, allocated on first use and again when a shape changes. */
final class Buffers {
    private final Kernels kernels;
    private final Map<String, Tensor> byName = new HashMap<>();

    Buffers(Kernels kernels) {
        this.kernels = kernels;
    }

    Tensor of(String name, int... shape) {
        Tensor tensor = byName.get(name);
        if (tensor == null || !tensor.hasShape(shape)) {
            tensor = kernels.zeros(shape);
            byName.put(name, tensor);
        }
        return tensor;
    }
}
