package org.slmworkshop.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Philox;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.util.Rng;

/** The CPU kernels against plain loops written out here, on both the one- and the two-thread path. */
class CpuKernelsTest {
    private static final Kernels[] BACKENDS = {CpuKernels.shared(), CpuKernels.alwaysParallel()};

    private static Tensor tensor(Kernels k, float[] values, int... shape) {
        Tensor t = k.zeros(shape);
        t.copyFrom(values);
        return t;
    }

    private static float[] random(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }

    @Test
    void dropoutKeepsExactlyTheElementsWhosePhiloxDrawIsAtLeastPAndScalesThem() {
        int n = 40_000;
        float p = 0.25f;
        float[] x = random(n, 1);
        for (Kernels k : BACKENDS) {
            Tensor t = tensor(k, x, 200, 200);
            Tensor mask = k.zeros(200, 200);
            k.dropout(t, mask, p, 1234L, 7L);
            float[] out = t.toHost(), m = mask.toHost();
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                boolean keep = Philox.uniform(1234L, 7L, i) >= p;
                assertEquals(keep ? 1 / (1 - p) : 0f, m[i], 0f, "mask at " + i);
                assertEquals(x[i] * m[i], out[i], 0f, "value at " + i);
                if (!keep) dropped++;
            }
            assertEquals(p, dropped / (double) n, 0.01, "share dropped");
        }
    }

    @Test
    void embeddingGathersRowsAddsPositionsAndItsBackwardScatterAddsRepeatedTokens() {
        int vocab = 5, width = 3, length = 2;
        int[] tokens = {4, 1, 4, 4};                                  // (B = 2, T = 2), token 4 three times
        float[] table = random(vocab * width, 2), positions = random(3 * width, 3), dOut = random(4 * width, 4);
        for (Kernels k : BACKENDS) {
            Tensor out = k.zeros(4, width);
            k.embedding(tokens, length, tensor(k, table, vocab, width), tensor(k, positions, 3, width), out);
            float[] x = out.toHost();
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < width; j++)
                    assertEquals(table[tokens[i] * width + j] + positions[(i % length) * width + j], x[i * width + j], 1e-6f);
            Tensor dTable = k.zeros(vocab, width), dPositions = k.zeros(3, width);
            k.embeddingBackward(tensor(k, dOut, 4, width), tokens, length, dTable, dPositions);
            float[] expectedTable = new float[vocab * width], expectedPositions = new float[3 * width];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < width; j++) {
                    expectedTable[tokens[i] * width + j] += dOut[i * width + j];
                    expectedPositions[(i % length) * width + j] += dOut[i * width + j];
                }
            assertArrayEquals(expectedTable, dTable.toHost(), 1e-6f);
            assertArrayEquals(expectedPositions, dPositions.toHost(), 1e-6f);
        }
    }

    @Test
    void batchedMatmulWithEitherOperandTransposedMatchesLoops() {
        int groups = 3, rows = 4, inner = 5, columns = 2;
        float[] a = random(groups * rows * inner, 5), b = random(groups * inner * columns, 6);
        float[] expected = batchedProduct(a, b, groups, rows, inner, columns);
        for (Kernels k : BACKENDS) {
            Tensor c = k.zeros(groups, rows, columns);
            k.batchedMatmul(tensor(k, a, groups, rows, inner), false, tensor(k, b, groups, inner, columns), false, c);
            assertArrayEquals(expected, c.toHost(), 1e-5f);
            // the same product as (aᵀ)ᵀ·(bᵀ)ᵀ
            Tensor at = tensor(k, transpose(a, groups, rows, inner), groups, inner, rows);
            Tensor bt = tensor(k, transpose(b, groups, inner, columns), groups, columns, inner);
            Tensor c2 = k.zeros(groups, rows, columns);
            k.batchedMatmul(at, true, bt, true, c2);
            assertArrayEquals(expected, c2.toHost(), 1e-5f);
        }
    }

    /**
     * Every transpose combination, on operands that are views at an offset into a larger tensor (as the model's
     * buffers can be), for heads small enough to split over two threads and for heads OpenBLAS threads itself.
     */
    @Test
    void batchedMatmulOnViewsMatchesLoopsForEveryTransposeAndSize() {
        int[][] sizes = {{4, 6, 7, 5}, {2, 70, 60, 70}};   // groups, rows, inner, columns; 70·60·70 > 65536·4
        for (int[] size : sizes) {
            int groups = size[0], rows = size[1], inner = size[2], columns = size[3];
            float[] a = random(groups * rows * inner, 11), b = random(groups * inner * columns, 12);
            float[] expected = batchedProduct(a, b, groups, rows, inner, columns);
            for (Kernels k : BACKENDS) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        float[] av = ta ? transpose(a, groups, rows, inner) : a;
                        float[] bv = tb ? transpose(b, groups, inner, columns) : b;
                        Tensor at = atOffset(k, av, 37, groups, ta ? inner : rows, ta ? rows : inner);
                        Tensor bt = atOffset(k, bv, 5, groups, tb ? columns : inner, tb ? inner : columns);
                        Tensor flatC = k.zeros(expected.length + 9);
                        Tensor c = k.view(flatC, 9, groups, rows, columns);
                        k.batchedMatmul(at, ta, bt, tb, c);
                        assertArrayEquals(expected, c.toHost(), 2e-4f, "transposes " + ta + ", " + tb + " at " + size[1]);
                        float[] before = new float[9];
                        k.download(flatC, 0, before, 0, 9);
                        assertArrayEquals(new float[9], before, "values before the view stay untouched");
                    }
                }
            }
        }
    }

    /**
     * The chunks of a loop depend on its rows only, and reductions add per-chunk partials in chunk order, so a kernel
     * gives the same bits on one thread as on every core, whichever thread ran which chunk.
     */
    @Test
    void everyReducingKernelGivesTheSameBitsOnOneThreadAndOnAllCores() {
        Kernels one = CpuKernels.singleThreaded(), all = CpuKernels.alwaysParallel();
        int rows = 300, width = 96, vocab = 70;
        float[] x = random(rows * width, 21), dy = random(rows * width, 22), z = random(rows * vocab, 23);
        int[] targets = new int[rows];
        float[] mask = new float[rows];
        for (int i = 0; i < rows; i++) {
            targets[i] = (i * 7) % vocab;
            mask[i] = i % 5 == 0 ? 0 : 1;
        }
        float[][] results = new float[2][];
        double[] losses = new double[2], norms = new double[2];
        Kernels[] both = {one, all};
        for (int b = 0; b < 2; b++) {
            Kernels k = both[b];
            Tensor input = tensor(k, x, rows, width), gain = tensor(k, random(width, 24), width);
            Tensor y = k.zeros(rows, width), xhat = k.zeros(rows, width), rstd = k.zeros(rows);
            k.layerNorm(input, gain, null, y, xhat, rstd);
            Tensor dx = k.zeros(rows, width), dGain = k.zeros(width);
            k.layerNormBackward(tensor(k, dy, rows, width), xhat, rstd, gain, dx, dGain, null);
            Tensor logits = tensor(k, z, rows, vocab), dLogits = k.zeros(rows, vocab);
            losses[b] = k.crossEntropy(logits, targets, mask, 0.1, dLogits);
            norms[b] = k.norm(dLogits);
            float[] out = new float[rows * width + width + rows * vocab];
            System.arraycopy(dx.toHost(), 0, out, 0, rows * width);
            System.arraycopy(dGain.toHost(), 0, out, rows * width, width);
            System.arraycopy(dLogits.toHost(), 0, out, rows * width + width, rows * vocab);
            results[b] = out;
        }
        assertArrayEquals(results[0], results[1], 0f);
        assertEquals(losses[0], losses[1], 0.0);
        assertEquals(norms[0], norms[1], 0.0);
    }

    /** c[g] = a[g]·b[g] for (groups, rows, inner) and (groups, inner, columns) arrays, summed in double. */
    private static float[] batchedProduct(float[] a, float[] b, int groups, int rows, int inner, int columns) {
        float[] c = new float[groups * rows * columns];
        for (int g = 0; g < groups; g++)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++) {
                    double sum = 0;
                    for (int l = 0; l < inner; l++) sum += a[(g * rows + i) * inner + l] * b[(g * inner + l) * columns + j];
                    c[(g * rows + i) * columns + j] = (float) sum;
                }
        return c;
    }

    /** A tensor of {@code shape} holding {@code values}, as a view {@code offset} values into a larger one. */
    private static Tensor atOffset(Kernels k, float[] values, int offset, int... shape) {
        Tensor flat = k.zeros(values.length + offset);
        Tensor view = k.view(flat, offset, shape);
        view.copyFrom(values);
        return view;
    }

    @Test
    void causalSoftmaxRowsSumToOneAndLeaveTheUpperTriangleExactlyZero() {
        int groups = 2, length = 6;
        float[] scores = random(groups * length * length, 7);
        float scale = 0.5f;
        for (Kernels k : BACKENDS) {
            Tensor probs = k.zeros(groups, length, length);
            k.causalSoftmax(tensor(k, scores, groups, length, length), scale, probs);
            float[] p = probs.toHost();
            for (int r = 0; r < groups * length; r++) {
                int query = r % length;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j <= query; j++) max = Math.max(max, scale * scores[r * length + j]);
                for (int j = 0; j <= query; j++) sum += Math.exp(scale * scores[r * length + j] - max);
                for (int j = 0; j < length; j++) {
                    double expected = j <= query ? Math.exp(scale * scores[r * length + j] - max) / sum : 0;
                    assertEquals(expected, p[r * length + j], 1e-6, "row " + r + " column " + j);
                    if (j > query) assertEquals(0f, p[r * length + j], 0f);
                }
            }
        }
    }

    private static float[] transpose(float[] m, int groups, int rows, int columns) {
        float[] t = new float[m.length];
        for (int g = 0; g < groups; g++)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++) t[(g * columns + j) * rows + i] = m[(g * rows + i) * columns + j];
        return t;
    }
}
