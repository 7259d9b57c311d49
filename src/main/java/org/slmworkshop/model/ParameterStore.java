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
 *
 * <p>A table declared with {@link #declareRowSparse} is laid out after every dense parameter and has no part in the
 * flat gradient: its gradient is a {@link RowGradient} holding only the rows a batch touched (the bigram's V×V table,
 * where a batch reaches a few hundred of V rows). The flat values still hold it, so checkpoints and the optimizer's
 * moments see one vector; {@link #denseSize()} is where the dense part ends.
 */
public final class ParameterStore {
    private record Spec(String name, int[] shape, boolean decay, Init init, double std, boolean rowSparse) {}

    /** How a parameter starts: nanoGPT uses N(0, 0.02) for matrices, zeros for biases, ones for gains. */
    public enum Init { NORMAL, ZEROS, ONES }

    private final Kernels kernels;
    private final List<Spec> specs = new ArrayList<>();
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private Tensor values;
    private Tensor gradients;
    private Tensor decayMask;
    private final Map<String, RowGradient> rowGradients = new LinkedHashMap<>();

    public ParameterStore(Kernels kernels) {
        this.kernels = kernels;
    }

    public Kernels kernels() {
        return kernels;
    }

    public ParameterStore declare(String name, int[] shape, boolean decay, Init init, double std) {
        if (values != null) throw new IllegalStateException("parameters already allocated");
        if (specs.stream().anyMatch(Spec::rowSparse)) {
            throw new IllegalStateException("declare dense parameters before row-sparse ones (" + name + ")");
        }
        specs.add(new Spec(name, shape.clone(), decay, init, std, false));
        return this;
    }

    /** A (rows, width) table whose gradient is kept only on the rows a batch touched; see {@link RowGradient}. */
    public ParameterStore declareRowSparse(String name, int rows, int width, boolean decay, Init init, double std) {
        if (values != null) throw new IllegalStateException("parameters already allocated");
        specs.add(new Spec(name, new int[] {rows, width}, decay, init, std, true));
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

    /** The values of the dense parameters: [0, denseSize()) of the flat vector, and the flat gradient's size. */
    public long denseSize() {
        long n = 0;
        for (Spec s : specs) if (!s.rowSparse) n += count(s.shape);
        return n;
    }

    /**
     * Allocates the flat tensors and initialises every parameter from {@code rng}; with a null
     * {@code rng} the values stay zero, for a model whose weights are about to be copied in.
     */
    public void allocate(Rng rng) {
        int total = Math.toIntExact(totalSize());
        int dense = Math.toIntExact(denseSize());
        values = kernels.zeros(total);
        gradients = kernels.zeros(Math.max(1, dense));
        // a mask only where decay differs between dense parameters; none means "decay all of them"
        boolean mixed = specs.stream().filter(s -> !s.rowSparse).map(Spec::decay).distinct().count() > 1;
        decayMask = mixed ? kernels.zeros(dense) : null;
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
            if (s.rowSparse) {
                rowGradients.put(s.name, new RowGradient(kernels, s.shape[0], s.shape[1]));
                byName.put(s.name, new Parameter(s.name, value, null, s.decay, offset));
            } else {
                if (s.decay && decayMask != null) kernels.fill(kernels.view(decayMask, offset, n), 1);
                byName.put(s.name, new Parameter(s.name, value, kernels.view(gradients, offset, s.shape), s.decay, offset));
            }
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

    /** The dense parameters' gradients, flat ({@link #denseSize()} values; one unused value if there are none). */
    public Tensor gradients() {
        return gradients;
    }

    /** The dense parameters' values, flat: the first {@link #denseSize()} of {@link #values()}, or null if none. */
    public Tensor denseValues() {
        long dense = denseSize();
        return dense == 0 ? null : dense == totalSize() ? values : kernels.view(values, 0, Math.toIntExact(dense));
    }

    /**
     * 1 where weight decay applies and 0 elsewhere, over the dense parameters; null when they all decay alike
     * (then {@link #anyDenseDecay()} says whether they do).
     */
    public Tensor decayMask() {
        return decayMask;
    }

    /** Whether any dense parameter takes weight decay. */
    public boolean anyDenseDecay() {
        return specs.stream().anyMatch(s -> !s.rowSparse && s.decay);
    }

    /** The row-sparse gradient of table {@code name} (declared with {@link #declareRowSparse}). */
    public RowGradient rowGradient(String name) {
        RowGradient g = rowGradients.get(name);
        if (g == null) throw new IllegalArgumentException(name + " is not a row-sparse parameter");
        return g;
    }

    /** The row-sparse parameters, in declaration order. */
    public List<Parameter> rowSparseParameters() {
        List<Parameter> out = new ArrayList<>();
        for (String name : rowGradients.keySet()) out.add(byName.get(name));
        return out;
    }

    public void zeroGradients() {
        if (denseSize() > 0) kernels.fill(gradients, 0);
        for (RowGradient g : rowGradients.values()) g.clear();
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
