package org.slmworkshop.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slmworkshop.util.Rng;

/**
 * All parameters of a model in two flat float buffers (values and gradients). Parameters are
 * declared first, then {@link #allocate()} lays them out; optimizers and checkpoints see one vector.
 */
public final class ParameterStore {
    private record Spec(String name, long[] shape, boolean decay, Init init, double std) {}

    /** How a parameter starts: nanoGPT uses N(0, 0.02) for matrices, zeros for biases, ones for gains. */
    public enum Init { NORMAL, ZEROS, ONES }

    private final List<Spec> specs = new ArrayList<>();
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private INDArray values;
    private INDArray gradients;
    private INDArray decayMask;

    public ParameterStore declare(String name, long[] shape, boolean decay, Init init, double std) {
        if (values != null) throw new IllegalStateException("parameters already allocated");
        specs.add(new Spec(name, shape.clone(), decay, init, std));
        return this;
    }

    public static long count(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public long totalSize() {
        long n = 0;
        for (Spec s : specs) n += count(s.shape);
        return n;
    }

    /**
     * Allocates the flat buffers and initialises every parameter from {@code rng}; with a null
     * {@code rng} the values stay zero, for a model whose weights are about to be copied in.
     */
    public void allocate(Rng rng) {
        long total = totalSize();
        values = Nd4j.create(DataType.FLOAT, total);
        gradients = Nd4j.create(DataType.FLOAT, total);
        decayMask = Nd4j.create(DataType.FLOAT, total);
        long offset = 0;
        for (Spec s : specs) {
            long n = count(s.shape);
            INDArray value = view(values, offset, s.shape);
            INDArray gradient = view(gradients, offset, s.shape);
            switch (s.init) {
                case ZEROS -> value.assign(0);
                case ONES -> value.assign(1);
                case NORMAL -> {
                    if (rng != null) value.assign(gaussian(rng, (int) n, s.std).reshape(s.shape));
                }
            }
            if (s.decay) view(decayMask, offset, s.shape).assign(1);
            byName.put(s.name, new Parameter(s.name, value, gradient, s.decay, offset));
            offset += n;
        }
    }

    private static INDArray gaussian(Rng rng, int n, double std) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float) (rng.nextGaussian() * std);
        return Nd4j.createFromArray(data);
    }

    /** A c-ordered array of the given shape over flat[offset, offset + count(shape)), sharing memory. */
    private static INDArray view(INDArray flat, long offset, long[] shape) {
        long[] stride = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = step;
            step *= shape[i];
        }
        return Nd4j.create(flat.data(), shape, stride, offset, 'c');
    }

    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) throw new IllegalArgumentException("no parameter named " + name);
        return p;
    }

    public List<Parameter> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public INDArray values() {
        return values;
    }

    public INDArray gradients() {
        return gradients;
    }

    /** 1 where weight decay applies, 0 elsewhere. */
    public INDArray decayMask() {
        return decayMask;
    }

    public void zeroGradients() {
        gradients.assign(0);
    }
}
