package org.slmworkshop.kernels;

import java.util.Arrays;

/**
 * A handle on numbers that live with a backend: a shape, and storage only that backend reads.
 * Layers pass tensors to {@link Kernels} and never look inside; {@link #toHost()} and
 * {@link #copyFrom(float[])} are the two ways across.
 */
public final class Tensor {
    private final Kernels backend;
    private final Object storage;
    private final int[] shape;
    private final long size;

    public Tensor(Kernels backend, Object storage, int... shape) {
        if (shape.length == 0) throw new IllegalArgumentException("a tensor needs at least one dimension");
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        this.backend = backend;
        this.storage = storage;
        this.shape = shape.clone();
        this.size = n;
    }

    public Kernels backend() {
        return backend;
    }

    /** The backend's own storage; only that backend knows its type. */
    public Object storage() {
        return storage;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i}; negative counts from the end, so {@code dim(-1)} is the last one. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public long size() {
        return size;
    }

    public boolean hasShape(int... dims) {
        return Arrays.equals(shape, dims);
    }

    /** The product of all dimensions but the last: the row count of the tensor seen as a matrix. */
    public int rows() {
        return (int) (size / Math.max(1, dim(-1)));
    }

    /** A copy of all values, row-major. */
    public float[] toHost() {
        return backend.download(this);
    }

    /** Overwrites all values, row-major, with {@code values} (exactly {@link #size()} of them). */
    public void copyFrom(float[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException("expected " + size + " values for shape " + Arrays.toString(shape)
                    + ", got " + values.length);
        }
        backend.upload(values, 0, this, 0, values.length);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
