package org.slmworkshop.kernels.cpu;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slmworkshop.kernels.AdamWStep;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Philox;
import org.slmworkshop.kernels.Tensor;

/**
 * The CPU backend: tensors are dense row-major ND4J float arrays; matrix products run in ND4J (attention's small
 * per-head ones straight in its OpenBLAS, see {@link Blas}), and the element-wise kernels and the optimizer run as
 * Java loops over heap copies, in fixed chunks shared among the cores by {@link Parallel}. Small kernels run faster that way than as chains of ND4J ops,
 * whose per-op cost dominates at these sizes (see ND4J-NOTES).
 */
public final class CpuKernels implements Kernels {
    private static final CpuKernels SHARED = new CpuKernels(Parallel.MIN_WORK);
    /** Element-wise work below this many values runs in Java: an ND4J op costs microseconds to dispatch. */
    private static final int SMALL = 4096;
    /** Products with at most this many rows against a constant run in Java. */
    private static final int FEW_ROWS = 16;

    final Parallel parallel;
    private final CpuNorms norms;
    private final CpuAttention attention;

    private CpuKernels(long minParallelWork) {
        this.parallel = new Parallel(minParallelWork);
        this.norms = new CpuNorms(parallel);
        this.attention = new CpuAttention(parallel);
    }

    /** The backend every model uses unless told otherwise. */
    public static CpuKernels shared() {
        return SHARED;
    }

    /** A backend that runs every loop on the calling thread, for tests that compare it with the threaded path. */
    static CpuKernels singleThreaded() {
        return new CpuKernels(Long.MAX_VALUE);
    }

    /** A backend that shares every loop between threads however small, so tests reach the threaded path. */
    public static CpuKernels alwaysParallel() {
        return new CpuKernels(0);
    }

    @Override
    public String name() {
        return "cpu";
    }

    /**
     * The storage of a {@link #constant}: the ND4J array and a heap copy of the same values from {@code offset},
     * so products with a few rows (the decoder's, one row per sequence) run as Java loops instead of paying
     * ND4J's per-call cost.
     */
    private record Constant(INDArray array, float[] heap, int offset) {}

    static INDArray nd(Tensor tensor) {
        if (tensor.storage() instanceof INDArray array) return array;
        if (tensor.storage() instanceof Constant constant) return constant.array;
        throw new IllegalArgumentException(tensor + " does not belong to the CPU backend");
    }

    private Tensor wrap(INDArray array, int... shape) {
        return new Tensor(this, array, shape);
    }

    private static long[] longs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) out[i] = shape[i];
        return out;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor zeros(int... shape) {
        return wrap(Nd4j.create(DataType.FLOAT, longs(shape)), shape);
    }

    @Override
    public Tensor constant(Tensor source) {
        INDArray array = nd(source).dup('c');
        return new Tensor(this, new Constant(array, Host.read(array), 0), source.shape());
    }

    @Override
    public Tensor view(Tensor flat, long offset, int... shape) {
        INDArray base = nd(flat);
        long[] longShape = longs(shape);
        long[] stride = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = step;
            step *= shape[i];
        }
        if (offset < 0 || offset + step > flat.size()) {
            throw new IllegalArgumentException("a view of " + step + " values at " + offset + " does not fit in " + flat);
        }
        INDArray view = Nd4j.create(base.data(), longShape, stride, base.offset() + offset, 'c');
        if (flat.storage() instanceof Constant constant) {
            return new Tensor(this, new Constant(view, constant.heap, constant.offset + Math.toIntExact(offset)), shape);
        }
        return wrap(view, shape);
    }

    @Override
    public void upload(float[] from, int at, Tensor to, long offset, int n) {
        if (to.storage() instanceof Constant) throw new IllegalArgumentException(to + " is a constant");
        FloatBuffer buffer = Host.buffer(nd(to));
        buffer.put(buffer.position() + Math.toIntExact(offset), from, at, n);
    }

    @Override
    public void download(Tensor from, long offset, float[] to, int at, int n) {
        FloatBuffer buffer = Host.buffer(nd(from));
        buffer.get(buffer.position() + Math.toIntExact(offset), to, at, n);
    }

    @Override
    public void fill(Tensor tensor, float value) {
        int n = Math.toIntExact(tensor.size());
        FloatBuffer values = Host.buffer(nd(tensor));
        parallel.rows(n, n, (from, to) -> {             // bulk copies of one block of the value
            float[] block = Scratch.get(Scratch.A, BLOCK);
            java.util.Arrays.fill(block, 0, BLOCK, value);
            for (int start = from; start < to; start += BLOCK) {
                values.put(values.position() + start, block, 0, Math.min(BLOCK, to - start));
            }
        });
    }

    @Override
    public void copy(Tensor from, Tensor to) {
        nd(to).assign(nd(from));
    }

    @Override
    public void add(Tensor x, Tensor y) {
        if (x.size() > SMALL) {
            nd(x).addi(nd(y));
            return;
        }
        int n = (int) x.size();                                    // below ND4J's per-call cost
        float[] sum = Host.read(nd(x)), other = Host.read(nd(y));
        for (int i = 0; i < n; i++) sum[i] += other[i];
        Host.write(sum, nd(x));
    }

    @Override
    public void multiply(Tensor x, Tensor y) {
        nd(x).muli(nd(y));
    }

    @Override
    public void scale(Tensor x, float factor) {
        nd(x).muli(factor);
    }

    @Override
    public double norm(Tensor x) {
        int n = Math.toIntExact(x.size());
        FloatBuffer values = Host.buffer(nd(x));
        double[] partial = new double[Parallel.chunks(n)];   // each chunk's Σ x², in double, added in chunk order
        parallel.chunks(n, n, (chunk, from, to) -> {
            float[] block = Scratch.get(Scratch.A, BLOCK);
            double sum = 0;
            for (int start = from; start < to; start += BLOCK) {
                int length = Math.min(BLOCK, to - start);
                values.get(values.position() + start, block, 0, length);
                sum += RowMath.squaredDeviation(block, 0, length, 0f);
            }
            partial[chunk] = sum;
        });
        double total = 0;
        for (double p : partial) total += p;
        return Math.sqrt(total);
    }

    /** Values per block of {@link #norm} and {@link #fill}: in the first-level cache, and few enough that float partial sums of squares stay accurate. */
    private static final int BLOCK = 1024;

    // ---------------------------------------------------------------- embeddings

    @Override
    public void embedding(int[] tokens, int length, Tensor table, Tensor positions, Tensor out) {
        int width = table.dim(-1);
        FloatBuffer source = Host.buffer(nd(table));
        FloatBuffer target = Host.buffer(nd(out));
        int sourceBase = source.position();
        int targetBase = target.position();
        for (int i = 0; i < tokens.length; i++) {                       // out[i] = table[token_i]
            target.put(targetBase + i * width, source, sourceBase + tokens[i] * width, width);
        }
        if (positions == null) return;
        int n = tokens.length * width;
        float[] x = Scratch.get(Scratch.A, n);
        float[] p = Scratch.get(Scratch.B, (long) length * width);
        Host.readRange(nd(out), 0, n, x);
        Host.readRange(nd(positions), 0, length * width, p);
        for (int i = 0; i < tokens.length; i++) {                       // out[b·T + t] += positions[t]
            int o = i * width;
            int t = (i % length) * width;
            for (int j = 0; j < width; j++) x[o + j] += p[t + j];
        }
        Host.writeRange(x, 0, n, nd(out));
    }

    @Override
    public void embeddingBackward(Tensor dOut, int[] tokens, int length, Tensor dTable, Tensor dPositions) {
        int width = dOut.dim(-1);
        float[] dx = Scratch.get(Scratch.A, dOut.size());
        Host.readRange(nd(dOut), 0, (int) dOut.size(), dx);
        Host.addToRows(nd(dTable), tokens, dx);
        if (dPositions == null) return;
        int window = length * width;
        float[] sum = new float[window];
        for (int b = 0; b < tokens.length / length; b++)
            for (int j = 0; j < window; j++) sum[j] += dx[b * window + j];
        int[] rows = new int[length];
        for (int t = 0; t < length; t++) rows[t] = t;
        Host.addToRows(nd(dPositions), rows, sum);
    }

    // ---------------------------------------------------------------- products

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float beta) {
        if (b.storage() instanceof Constant constant && !transposeA && beta == 0 && a.rows() <= FEW_ROWS) {
            SmallProducts.multiply(Host.read(nd(a)), a.rows(), a.dim(-1), constant.heap, constant.offset,
                    transposeB, b.dim(transposeB ? 0 : 1), c);
            return;
        }
        Nd4j.gemm(matrix(a), matrix(b), matrix(c), transposeA, transposeB, 1.0, beta);
    }

    private static INDArray matrix(Tensor tensor) {
        INDArray array = nd(tensor);
        return array.rank() == 2 ? array : array.reshape(tensor.rows(), tensor.dim(-1));
    }

    @Override
    public void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        Blas.batched(parallel, nd(a), transposeA, nd(b), transposeB, nd(c));
    }

    @Override
    public void addBias(Tensor y, Tensor bias) {
        if (y.size() > SMALL) {
            matrix(y).addiRowVector(nd(bias));
            return;
        }
        int width = y.dim(-1);                                     // below ND4J's per-call cost
        float[] values = Host.read(nd(y)), b = Host.read(nd(bias));
        for (int i = 0; i < values.length; i++) values[i] += b[i % width];
        Host.write(values, nd(y));
    }

    @Override
    public void biasBackward(Tensor dy, Tensor dBias) {
        int rows = dy.rows();
        int width = dy.dim(-1);
        float[] g = Scratch.get(Scratch.A, dy.size());
        Host.readRange(nd(dy), 0, (int) dy.size(), g);
        float[] sum = Host.read(nd(dBias));
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) sum[j] += g[r * width + j];
        Host.write(sum, nd(dBias));
    }

    // ---------------------------------------------------------------- normalisation and activation

    @Override
    public void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor y, Tensor xhat, Tensor rstd) {
        norms.forward(x, null, gain, bias, y, xhat, rstd);
    }

    @Override
    public void residualLayerNorm(Tensor x, Tensor branch, Tensor gain, Tensor bias, Tensor y, Tensor xhat, Tensor rstd) {
        norms.forward(x, branch, gain, bias, y, xhat, rstd);
    }

    @Override
    public void layerNormBackward(Tensor dy, Tensor xhat, Tensor rstd, Tensor gain, Tensor dx, Tensor dGain, Tensor dBias) {
        norms.backward(dy, xhat, rstd, gain, dx, dGain, dBias);
    }

    @Override
    public void gelu(Tensor x, Tensor y) {
        int n = Math.toIntExact(x.size());
        float[] in = Scratch.get(Scratch.A, n);
        float[] out = Scratch.get(Scratch.B, n);
        parallel.rows(n, n, (from, to) -> {
            Host.readRange(nd(x), from, to, in);
            Gelu.forward(in, out, from, to);
            Host.writeRange(out, from, to, nd(y));
        });
    }

    @Override
    public void geluBackward(Tensor x, Tensor dy) {
        int n = Math.toIntExact(x.size());
        float[] in = Scratch.get(Scratch.A, n);
        float[] grad = Scratch.get(Scratch.B, n);
        parallel.rows(n, n, (from, to) -> {
            Host.readRange(nd(x), from, to, in);
            Host.readRange(nd(dy), from, to, grad);
            Gelu.backwardInPlace(in, grad, from, to);
            Host.writeRange(grad, from, to, nd(dy));
        });
    }

    // ---------------------------------------------------------------- attention

    @Override
    public void splitQkv(Tensor qkv, int heads, Tensor q, Tensor k, Tensor v) {
        attention.splitQkv(qkv, heads, q, k, v);
    }

    @Override
    public void joinQkv(Tensor dq, Tensor dk, Tensor dv, int heads, Tensor dQkv) {
        attention.joinQkv(dq, dk, dv, heads, dQkv);
    }

    @Override
    public void mergeHeads(Tensor perHead, int heads, Tensor merged) {
        attention.permuteHeads(perHead, merged, heads, true);
    }

    @Override
    public void splitHeads(Tensor merged, int heads, Tensor perHead) {
        attention.permuteHeads(merged, perHead, heads, false);
    }

    @Override
    public void causalSoftmax(Tensor scores, float scale, Tensor probs) {
        attention.causalSoftmax(scores, scale, probs);
    }

    @Override
    public void causalSoftmaxBackward(Tensor probs, Tensor dProbs, float scale) {
        attention.causalSoftmaxBackward(probs, dProbs, scale);
    }

    @Override
    public void cachedAttention(Tensor qkv, Tensor[] keys, Tensor[] values, int[] positions, int heads, float scale,
                                Tensor out) {
        attention.cached(qkv, keys, values, positions, heads, scale, out);
    }

    // ---------------------------------------------------------------- dropout

    @Override
    public void dropout(Tensor x, Tensor mask, float probability, long seed, long stream) {
        int n = Math.toIntExact(x.size());
        float[] m = Scratch.get(Scratch.A, n);
        float[] v = Scratch.get(Scratch.B, n);
        float keep = 1f / (1f - probability);
        parallel.rows(n, n, (from, to) -> {
            Philox.fill(seed, stream, from, m, from, to - from);
            Host.readRange(nd(x), from, to, v);
            for (int i = from; i < to; i++) {
                m[i] = m[i] < probability ? 0f : keep;
                v[i] *= m[i];
            }
            Host.writeRange(m, from, to, nd(mask));
            Host.writeRange(v, from, to, nd(x));
        });
    }

    // ---------------------------------------------------------------- loss and optimizer

    @Override
    public double crossEntropy(Tensor logits, int[] targets, float[] mask, double labelSmoothing, Tensor dLogits) {
        return CpuLoss.crossEntropy(parallel, logits, targets, mask, labelSmoothing, dLogits);
    }

    /** One pass over the parameters; see {@link CpuAdamW}. */
    @Override
    public void adamW(Tensor parameters, Tensor gradients, Tensor firstMoment, Tensor secondMoment, Tensor decayMask,
                      AdamWSettings settings, double learningRate, int step) {
        CpuAdamW.dense(parallel, nd(parameters), nd(gradients), nd(firstMoment), nd(secondMoment),
                decayMask == null ? null : nd(decayMask), AdamWStep.of(settings, learningRate, step, true));
    }

    @Override
    public void adamWRows(Tensor table, int[] rows, Tensor rowGradients, Tensor firstMoment, Tensor secondMoment,
                          AdamWSettings settings, double learningRate, int step) {
        if (rowGradients.rows() < rows.length || rowGradients.dim(-1) != table.dim(-1)) {
            throw new IllegalArgumentException(rowGradients + " cannot hold the gradients of " + rows.length + " rows of " + table);
        }
        CpuAdamW.rows(parallel, nd(table), rows, nd(rowGradients), nd(firstMoment), nd(secondMoment),
                AdamWStep.of(settings, learningRate, step, false));
    }
}
