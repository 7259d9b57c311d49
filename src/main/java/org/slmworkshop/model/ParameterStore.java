package org.slmworkshop.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.util.Rng;

/**
 * All parameters of a model in two flat tensors (values and gradients). Parameters are declared
 * first, then {@link #allocate} lays them out; optimizers and checkpoints see one vector.
 */
public final class ParameterStore {
    private record Spec(String name, int[] shape, boolean decay, Init init, double std) {}

    /** How a parameter starts: nanoGPT uses N(0, 0.02) for matrices, zeros for biases, ones for gains. */
    public enum Init { NORMAL, ZEROS, ONES }

    private final Kernels kernels;
    private final List<Spec> specs = new ArrayList<>();
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private Tensor values;
    private Tensor gradients;
    private Tensor decayMask;

    public ParameterStore(Kernels kernels) {
        this.kernels = kernels;
    }

    public Kernels kernels() {
        return kernels;
    }

    public ParameterStore declare(String name, int[] shape, boolean decay, Init init, double std) {
        if (values != null) throw new IllegalStateException("parameters already allocated");
        specs.add(new Spec(name, shape.clone(), decay, init, std));
        return this;
    }

    public static long count(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    public long totalSize() {
        long n = 0;
        for (Spec s : specs) n += count(s.shape);
        return n;
    }

    /**
     * Allocates the flat tensors and initialises every parameter from {@code rng}; with a null
     * {@code rng} the values stay zero, for a model whose weights are about to be copied in.
     */
    public void allocate(Rng rng) {
        int total = Math.toIntExact(totalSize());
        values = kernels.zeros(total);
        gradients = kernels.zeros(total);
        decayMask = kernels.zeros(total);
        long offset = 0;
        for (Spec s : specs) {
            int n = Math.toIntExact(count(s.shape));
            Tensor value = kernels.view(values, offset, s.shape);
            switch (s.init) {
                case ZEROS -> { }
                case ONES -> kernels.fill(value, 1);
                case NORMAL -> {
                    if (rng != null) value.copyFrom(gaussian(rng, n, s.std));
                }
            }
            if (s.decay) kernels.fill(kernels.view(decayMask, offset, n), 1);
            byName.put(s.name, new Parameter(s.name, value, kernels.view(gradients, offset, s.shape), s.decay, offset));
            offset += n;
        }
    }

    private static float[] gaussian(Rng rng, int n, double std) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float) (rng.nextGaussian() * std);
        return data;
    }

    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) throw new IllegalArgumentException("no parameter named " + name);
        return p;
    }

    public List<Parameter> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** All values as one flat tensor (the optimizer's and the checkpoint's view). */
    public Tensor values() {
        return values;
    }

    public Tensor gradients() {
        return gradients;
    }

    /** 1 where weight decay applies, 0 elsewhere. */
    public Tensor decayMask() {
        return decayMask;
    }

    public void zeroGradients() {
        kernels.fill(gradients, 0);
    }

    /** Overwrites every value with {@code other}'s (a model of the same shape, on any backend). */
    public void copyFrom(ParameterStore other) {
        if (other.totalSize() != totalSize()) {
            throw new IllegalArgumentException("parameter counts differ: " + other.totalSize() + " and " + totalSize());
        }
        if (other.kernels == kernels) kernels.copy(other.values, values);
        else values.copyFrom(other.values.toHost());
    }

    /** False when any value is NaN or infinite (a run that diverged). */
    public boolean allFinite() {
        return Double.isFinite(kernels.norm(values));
    }
}
