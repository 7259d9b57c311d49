package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slmworkshop.kernels.cuda.CudaKernelsTest.ELEMENTWISE;
import static org.slmworkshop.kernels.cuda.CudaKernelsTest.LOSS;
import static org.slmworkshop.kernels.cuda.CudaKernelsTest.PRODUCT;
import static org.slmworkshop.kernels.cuda.CudaKernelsTest.REDUCTION;
import static org.slmworkshop.kernels.cuda.TensorChecks.assertExact;
import static org.slmworkshop.kernels.cuda.TensorChecks.assertWithin;
import static org.slmworkshop.kernels.cuda.TensorChecks.gaussian;
import static org.slmworkshop.kernels.cuda.TensorChecks.matrixShape;
import static org.slmworkshop.kernels.cuda.TensorChecks.widen;

import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Kernels.AdamWSettings;
import org.slmworkshop.kernels.Philox;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.kernels.cuda.KernelReference.Expected;
import org.slmworkshop.util.Rng;

/**
 * Every kernel of {@link Kernels} on the GPU against {@link KernelReference}'s loops, on awkward sizes. Run by
 * {@link CudaKernelsTest} once on fresh tensors and once on views at odd offsets (see {@link TensorChecks.Placement}).
 */
abstract class CudaKernelChecks {
    private static final boolean[] BOTH = {false, true};
    private static final float JUNK = 123.5f;   // what outputs hold before a kernel that overwrites them

    private final Function<Kernels, TensorChecks.Placement> placing;
    final Kernels gpu;
    TensorChecks.Placement place;

    CudaKernelChecks(Kernels gpu, Function<Kernels, TensorChecks.Placement> placing) {
        this.gpu = gpu;
        this.placing = placing;
    }

    @BeforeEach
    void newPlacement() {
        place = placing.apply(gpu);
    }

    @AfterEach
    void nothingWrittenOutsideTheTensors() {
        if (place != null) place.assertNothingWrittenOutside();   // null: the test was skipped before it began
    }

    Tensor tensor(float[] values, int... shape) {
        return place.of(values, shape);
    }

    Tensor zeros(int... shape) {
        return place.zeros(shape);
    }

    /** An output tensor full of junk, so that a kernel that forgets to overwrite a value is caught. */
    Tensor junk(int... shape) {
        float[] values = new float[TensorChecks.count(shape)];
        Arrays.fill(values, JUNK);
        return place.of(values, shape);
    }

    // ---------------------------------------------------------------- memory and element-wise arithmetic

    @Test
    void fillCopyAddMultiplyAndScaleAreExact() {
        for (int n : new int[] {1, 31, 100_003}) {
            float[] x = gaussian(n, 1), y = gaussian(n, 2);
            Tensor a = tensor(x, n), b = tensor(y, n);
            float[] sum = new float[n], product = new float[n], scaled = new float[n], filled = new float[n];
            for (int i = 0; i < n; i++) {                 // one IEEE operation each: the GPU must round the same way
                sum[i] = x[i] + y[i];
                product[i] = sum[i] * y[i];
                scaled[i] = product[i] * -0.37f;
                filled[i] = 2.75f;
            }
            gpu.add(a, b);
            assertExact("add n=" + n, sum, a.toHost());
            gpu.multiply(a, b);
            assertExact("multiply n=" + n, product, a.toHost());
            gpu.scale(a, -0.37f);
            assertExact("scale n=" + n, scaled, a.toHost());
            Tensor copy = junk(n);
            gpu.copy(a, copy);
            assertExact("copy n=" + n, scaled, copy.toHost());
            gpu.fill(a, 2.75f);
            assertExact("fill n=" + n, filled, a.toHost());
            gpu.fill(a, 0f);
            assertExact("fill 0 n=" + n, new float[n], a.toHost());
        }
    }

    @Test
    void normIsTheSquareRootOfTheSumOfSquares() {
        for (int n : new int[] {1, 1000, 1_000_003}) {
            float[] x = gaussian(n, 3, 0.1, 2);
            double sum = 0;
            for (float v : x) sum += (double) v * v;
            double norm = gpu.norm(tensor(x, n));
            assertWithin("norm n=" + n, Expected.of(new double[] {Math.sqrt(sum)}), new float[] {(float) norm}, REDUCTION);
        }
    }

    // ---------------------------------------------------------------- embeddings

    @Test
    void embeddingGathersTokenRowsAndAddsPositionRows() {
        int width = 33, maxLength = 8;
        for (int vocab : new int[] {17, 6931}) {
            for (int[] batchAndLength : new int[][] {{3, 5}, {1, 1}, {4, 1}}) {
                for (boolean withPositions : BOTH) {
                    int batch = batchAndLength[0], length = batchAndLength[1], n = batch * length;
                    int[] tokens = tokens(n, vocab, 5);
                    float[] table = gaussian(vocab * width, 6), positions = gaussian(maxLength * width, 7);
                    Tensor out = junk(n, width);
                    gpu.embedding(tokens, length, tensor(table, vocab, width),
                            withPositions ? tensor(positions, maxLength, width) : null, out);
                    float[] expected = new float[n * width];
                    for (int i = 0; i < n; i++)
                        for (int c = 0; c < width; c++)
                            expected[i * width + c] = table[tokens[i] * width + c]
                                    + (withPositions ? positions[(i % length) * width + c] : 0f);
                    assertExact(String.format("embedding V=%d B=%d T=%d positions=%s", vocab, batch, length, withPositions),
                            expected, out.toHost());
                }
            }
        }
    }

    @Test
    void embeddingBackwardAddsEveryRowOfARepeatedTokenIntoGradientsThatAreNotZero() {
        int width = 33, maxLength = 8;
        for (int vocab : new int[] {17, 6931}) {
            for (int[] batchAndLength : new int[][] {{3, 5}, {1, 1}, {64, 7}}) {
                for (boolean withPositions : BOTH) {
                    int batch = batchAndLength[0], length = batchAndLength[1], n = batch * length;
                    int[] tokens = tokens(n, vocab, 8);
                    float[] dOut = gaussian(n * width, 9), table0 = gaussian(vocab * width, 10);
                    float[] positions0 = gaussian(maxLength * width, 11);
                    Tensor dTable = tensor(table0, vocab, width);
                    Tensor dPositions = withPositions ? tensor(positions0, maxLength, width) : null;
                    gpu.embeddingBackward(tensor(dOut, n, width), tokens, length, dTable, dPositions);
                    Expected table = Expected.of(widen(table0)), positions = Expected.of(widen(positions0));
                    for (int i = 0; i < n; i++) {
                        for (int c = 0; c < width; c++) {
                            double g = dOut[i * width + c];
                            table.value()[tokens[i] * width + c] += g;
                            table.magnitude()[tokens[i] * width + c] += Math.abs(g);
                            positions.value()[(i % length) * width + c] += g;
                            positions.magnitude()[(i % length) * width + c] += Math.abs(g);
                        }
                    }
                    String what = String.format(" V=%d B=%d T=%d", vocab, batch, length);
                    assertWithin("embeddingBackward dTable" + what, table, dTable.toHost(), REDUCTION);
                    if (withPositions) assertWithin("embeddingBackward dPositions" + what, positions, dPositions.toHost(), REDUCTION);
                }
            }
        }
    }

    /** Token ids in [0, vocab) where every third one is the last id: repeats, and the table's last row. */
    static int[] tokens(int n, int vocab, long seed) {
        Rng rng = new Rng(seed);
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) tokens[i] = i % 3 == 0 ? vocab - 1 : rng.nextInt(vocab);
        return tokens;
    }

    // ---------------------------------------------------------------- products

    @Test
    void matmulMatchesLoopsForEveryTransposeBetaAndRank() {
        int[][] sizes = {{35, 29, 45}, {1, 29, 17}, {300, 257, 129}};   // (M, K, N): odd; one row (T = 1); several tiles
        long seed = 20;
        for (int[] size : sizes) {
            int m = size[0], inner = size[1], n = size[2];
            for (boolean transposeA : BOTH) for (boolean transposeB : BOTH) for (boolean rank3 : BOTH) {
                for (float beta : new float[] {0f, 1f, 0.5f}) {
                    int aRows = transposeA ? inner : m, aColumns = transposeA ? m : inner;
                    int bRows = transposeB ? n : inner, bColumns = transposeB ? inner : n;
                    float[] a = gaussian(aRows * aColumns, seed++), b = gaussian(bRows * bColumns, seed++);
                    float[] c0 = gaussian(m * n, seed++);
                    Tensor c = tensor(c0, matrixShape(m, n, rank3));
                    gpu.matmul(tensor(a, matrixShape(aRows, aColumns, rank3)), transposeA,
                            tensor(b, matrixShape(bRows, bColumns, false)), transposeB, c, beta);
                    Expected expected = new Expected(m * n);
                    KernelReference.matmul(a, 0, aRows, aColumns, transposeA, b, 0, bRows, bColumns, transposeB,
                            c0, 0, beta, expected);
                    assertWithin(String.format("matmul %s%s·%s%s M=%d K=%d N=%d beta=%s rank %d", "a",
                            transposeA ? "ᵀ" : "", "b", transposeB ? "ᵀ" : "", m, inner, n, beta, rank3 ? 3 : 2),
                            expected, c.toHost(), PRODUCT);
                }
            }
        }
    }

    @Test
    void batchedMatmulMatchesLoopsForEveryTranspose() {
        int[][] sizes = {{6, 37, 13, 45}, {24, 37, 7, 37}, {4, 1, 29, 1}};   // (G, M, K, N)
        long seed = 40;
        for (int[] size : sizes) {
            int groups = size[0], m = size[1], inner = size[2], n = size[3];
            for (boolean transposeA : BOTH) for (boolean transposeB : BOTH) {
                int aRows = transposeA ? inner : m, aColumns = transposeA ? m : inner;
                int bRows = transposeB ? n : inner, bColumns = transposeB ? inner : n;
                float[] a = gaussian(groups * aRows * aColumns, seed++), b = gaussian(groups * bRows * bColumns, seed++);
                Tensor c = junk(groups, m, n);
                gpu.batchedMatmul(tensor(a, groups, aRows, aColumns), transposeA, tensor(b, groups, bRows, bColumns),
                        transposeB, c);
                Expected expected = new Expected(groups * m * n);
                for (int g = 0; g < groups; g++) {
                    KernelReference.matmul(a, g * aRows * aColumns, aRows, aColumns, transposeA,
                            b, g * bRows * bColumns, bRows, bColumns, transposeB, new float[groups * m * n], g * m * n, 0,
                            expected);
                }
                assertWithin(String.format("batchedMatmul G=%d M=%d K=%d N=%d transposes %s %s", groups, m, inner, n,
                        transposeA, transposeB), expected, c.toHost(), PRODUCT);
            }
        }
    }

    @Test
    void addBiasAddsToEveryRowAndBiasBackwardSumsTheRows() {
        for (int[] shape : new int[][] {{37, 45}, {3, 7, 45}, {1, 1, 45}, {1000, 17}}) {
            int width = shape[shape.length - 1], rows = TensorChecks.count(shape) / width;
            float[] y0 = gaussian(rows * width, 50), bias = gaussian(width, 51), dBias0 = gaussian(width, 52);
            Tensor y = tensor(y0, shape);
            gpu.addBias(y, tensor(bias, width));
            float[] expected = new float[rows * width];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < width; c++) expected[r * width + c] = y0[r * width + c] + bias[c];
            assertExact("addBias " + Arrays.toString(shape), expected, y.toHost());

            Tensor dBias = tensor(dBias0, width);
            gpu.biasBackward(tensor(y0, shape), dBias);
            Expected sums = Expected.of(widen(dBias0));
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < width; c++) {
                    sums.value()[c] += y0[r * width + c];
                    sums.magnitude()[c] += Math.abs(y0[r * width + c]);
                }
            }
            assertWithin("biasBackward " + Arrays.toString(shape), sums, dBias.toHost(), REDUCTION);
        }
    }

    // ---------------------------------------------------------------- LayerNorm

    private static final int[][] NORM_SHAPES = {{37, 45}, {1, 45}, {2, 5, 384}, {3, 1025}};

    @Test
    void layerNormNormalisesEachRowWithAndWithoutBias() {
        for (int[] shape : NORM_SHAPES) {
            for (boolean withBias : BOTH) {
                int width = shape[shape.length - 1], rows = TensorChecks.count(shape) / width;
                float[] x = gaussian(rows * width, 60, 0.5, 2), gain = gaussian(width, 61, 1, 0.3);
                float[] bias = gaussian(width, 62, 0, 0.3);
                Tensor y = junk(shape), xhat = junk(shape), rstd = junk(rows);
                gpu.layerNorm(tensor(x, shape), tensor(gain, width), withBias ? tensor(bias, width) : null, y, xhat, rstd);
                var expected = KernelReference.layerNorm(x, rows, width, gain, withBias ? bias : null);
                String what = Arrays.toString(shape) + (withBias ? " with bias" : " without bias");
                assertWithin("layerNorm y " + what, expected.y(), y.toHost(), REDUCTION);
                assertWithin("layerNorm xhat " + what, expected.xhat(), xhat.toHost(), REDUCTION);
                assertWithin("layerNorm rstd " + what, expected.rstd(), rstd.toHost(), REDUCTION);
            }
        }
    }

    @Test
    void residualLayerNormAddsTheBranchInPlaceThenNormalises() {
        for (int[] shape : NORM_SHAPES) {
            for (boolean withBias : BOTH) {
                int width = shape[shape.length - 1], rows = TensorChecks.count(shape) / width;
                float[] x0 = gaussian(rows * width, 63, 0.5, 2), branch = gaussian(rows * width, 64);
                float[] gain = gaussian(width, 65, 1, 0.3), bias = gaussian(width, 66, 0, 0.3);
                float[] sum = new float[rows * width];
                for (int i = 0; i < sum.length; i++) sum[i] = x0[i] + branch[i];
                Tensor x = tensor(x0, shape), y = junk(shape), xhat = junk(shape), rstd = junk(rows);
                gpu.residualLayerNorm(x, tensor(branch, shape), tensor(gain, width), withBias ? tensor(bias, width) : null,
                        y, xhat, rstd);
                String what = Arrays.toString(shape) + (withBias ? " with bias" : " without bias");
                assertExact("residualLayerNorm x += branch " + what, sum, x.toHost());
                var expected = KernelReference.layerNorm(sum, rows, width, gain, withBias ? bias : null);
                assertWithin("residualLayerNorm y " + what, expected.y(), y.toHost(), REDUCTION);
                assertWithin("residualLayerNorm xhat " + what, expected.xhat(), xhat.toHost(), REDUCTION);
                assertWithin("residualLayerNorm rstd " + what, expected.rstd(), rstd.toHost(), REDUCTION);
            }
        }
    }

    @Test
    void layerNormBackwardAccumulatesIntoGradientsThatAreNotZero() {
        for (int[] shape : NORM_SHAPES) {
            for (boolean withBias : BOTH) {
                int width = shape[shape.length - 1], rows = TensorChecks.count(shape) / width;
                float[] x = gaussian(rows * width, 70, 0.5, 2), gain = gaussian(width, 71, 1, 0.3);
                var forward = KernelReference.layerNorm(x, rows, width, gain, null);
                float[] xhat = toFloats(forward.xhat().value()), rstd = toFloats(forward.rstd().value());
                float[] dy = gaussian(rows * width, 72), dx0 = gaussian(rows * width, 73);
                float[] dGain0 = gaussian(width, 74), dBias0 = gaussian(width, 75);
                Tensor dx = tensor(dx0, shape), dGain = tensor(dGain0, width), dBias = withBias ? tensor(dBias0, width) : null;
                gpu.layerNormBackward(tensor(dy, shape), tensor(xhat, shape), tensor(rstd, rows), tensor(gain, width),
                        dx, dGain, dBias);
                var expected = KernelReference.layerNormBackward(dy, xhat, rstd, gain, rows, width, dx0, dGain0, dBias0);
                String what = Arrays.toString(shape) + (withBias ? " with dBias" : " without dBias");
                assertWithin("layerNormBackward dx " + what, expected.dx(), dx.toHost(), REDUCTION);
                assertWithin("layerNormBackward dGain " + what, expected.dGain(), dGain.toHost(), REDUCTION);
                if (withBias) assertWithin("layerNormBackward dBias " + what, expected.dBias(), dBias.toHost(), REDUCTION);
            }
        }
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (float) values[i];
        return out;
    }

    // ---------------------------------------------------------------- GELU

    /** Wide inputs, plus zero, the far tails and the point where erf rounds to ±1 in float. */
    private static float[] geluInputs() {
        float[] x = gaussian(100_003, 80, 0, 3);
        float[] special = {0f, -0f, 1e-30f, -1e-30f, 0.5f, -0.5f, 5.6f, -5.6f, 10f, -10f, 20f, -20f, 1e4f, -1e4f};
        System.arraycopy(special, 0, x, 0, special.length);
        return x;
    }

    /**
     * GELU to 1e-5 of its value, with a floor of 1e-6·max(1, |x|): for x < 0, 1 + erf(x/√2) cancels, and no
     * float32 implementation (PyTorch's included) resolves Φ(x) more finely than float's spacing near 1.
     */
    @Test
    void geluIsXTimesTheNormalCdfOfX() {
        float[] x = geluInputs();
        Tensor y = junk(x.length);
        gpu.gelu(tensor(x, x.length), y);
        Expected expected = new Expected(x.length);
        for (int i = 0; i < x.length; i++) {
            expected.value()[i] = KernelReference.gelu(x[i]);
            expected.magnitude()[i] = Math.abs(expected.value()[i]) + 0.1 * Math.max(1, Math.abs(x[i]));
        }
        assertWithin("gelu", expected, y.toHost(), ELEMENTWISE);
    }

    @Test
    void geluBackwardMultipliesByTheDerivativeInPlace() {
        float[] x = geluInputs(), dy0 = gaussian(x.length, 81);
        Tensor dy = tensor(dy0, 1, x.length);
        gpu.geluBackward(tensor(x, 1, x.length), dy);
        Expected expected = new Expected(x.length);
        for (int i = 0; i < x.length; i++) {
            // Φ(x) + x·φ(x) cancels near x = −0.75: the magnitude is that of its two terms, with the floor above
            double density = Math.exp(-0.5 * x[i] * x[i]) / Math.sqrt(2 * Math.PI);
            expected.value()[i] = dy0[i] * KernelReference.geluDerivative(x[i]);
            expected.magnitude()[i] = Math.abs(dy0[i]) * (KernelReference.normalCdf(x[i]) + Math.abs(x[i]) * density + 0.1);
        }
        assertWithin("geluBackward", expected, dy.toHost(), ELEMENTWISE);
    }

    // ---------------------------------------------------------------- attention

    private static final int[][] HEAD_SHAPES = {{3, 5, 3, 7}, {1, 1, 1, 5}, {2, 37, 4, 16}};   // (B, T, H, hs)

    @Test
    void splitQkvJoinQkvMergeHeadsAndSplitHeadsRearrangeExactly() {
        for (int[] s : HEAD_SHAPES) {
            int batch = s[0], length = s[1], heads = s[2], headSize = s[3], width = heads * headSize;
            int n = batch * length * width;
            float[] qkv = gaussian(3 * n, 90);
            float[][] expected = new float[3][n];                        // q, k, v (B·H, T, hs)
            float[] merged = new float[n];                               // q's heads side by side (B·T, C)
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < length; t++)
                    for (int h = 0; h < heads; h++)
                        for (int d = 0; d < headSize; d++) {
                            int perHead = ((b * heads + h) * length + t) * headSize + d;
                            int row = b * length + t, column = h * headSize + d;
                            for (int part = 0; part < 3; part++) {
                                expected[part][perHead] = qkv[row * 3 * width + part * width + column];
                            }
                            merged[row * width + column] = expected[0][perHead];
                        }
            String what = " B=" + batch + " T=" + length + " H=" + heads + " hs=" + headSize;
            Tensor q = junk(batch * heads, length, headSize), k = junk(batch * heads, length, headSize);
            Tensor v = junk(batch * heads, length, headSize);
            gpu.splitQkv(tensor(qkv, batch * length, 3 * width), heads, q, k, v);
            assertExact("splitQkv q" + what, expected[0], q.toHost());
            assertExact("splitQkv k" + what, expected[1], k.toHost());
            assertExact("splitQkv v" + what, expected[2], v.toHost());

            Tensor joined = junk(batch * length, 3 * width);
            gpu.joinQkv(q, k, v, heads, joined);
            assertExact("joinQkv" + what, qkv, joined.toHost());

            Tensor side = junk(batch * length, width);
            gpu.mergeHeads(q, heads, side);
            assertExact("mergeHeads" + what, merged, side.toHost());
            Tensor back = junk(batch * heads, length, headSize);
            gpu.splitHeads(side, heads, back);
            assertExact("splitHeads" + what, expected[0], back.toHost());
        }
    }

    /** (groups, T, scale, score spread): odd T past one warp; T = 1; scores large enough to overflow exp unshifted. */
    private static final float[][] SOFTMAX_CASES = {{4, 37, 0.35f, 3}, {3, 1, 0.5f, 3}, {2, 64, 1f, 100}, {6, 5, 0.25f, 1}};

    @Test
    void causalSoftmaxNormalisesEachRowUpToItsPositionAndLeavesTheRestExactlyZero() {
        for (float[] c : SOFTMAX_CASES) {
            int groups = (int) c[0], length = (int) c[1];
            float scale = c[2];
            float[] scores = gaussian(groups * length * length, 100, 0, c[3]);
            Tensor probs = junk(groups, length, length);
            gpu.causalSoftmax(tensor(scores, groups, length, length), scale, probs);
            String what = "causalSoftmax G=" + groups + " T=" + length + " scale=" + scale;
            float[] p = probs.toHost();
            assertWithin(what, KernelReference.causalSoftmax(scores, groups, length, scale), p, REDUCTION);
            assertUpperTriangleIsZero(what, p, groups, length);
        }
    }

    /** No future token contributes: every value above the diagonal is exactly 0 (or −0). */
    static void assertUpperTriangleIsZero(String what, float[] square, int groups, int length) {
        for (int row = 0; row < groups * length; row++) {
            for (int column = row % length + 1; column < length; column++) {
                float value = square[row * length + column];
                assertEquals(0f, value, 0f, what + ": row " + row % length + " of group " + row / length
                        + " has " + value + " in future column " + column);
            }
        }
    }

    @Test
    void causalSoftmaxBackwardAppliesTheSoftmaxJacobianRowByRow() {
        for (float[] c : SOFTMAX_CASES) {
            int groups = (int) c[0], length = (int) c[1];
            float scale = c[2];
            float[] probs = toFloats(KernelReference.causalSoftmax(gaussian(groups * length * length, 101, 0, c[3]),
                    groups, length, scale).value());
            float[] dProbs0 = gaussian(groups * length * length, 102);   // junk above the diagonal too
            Tensor dProbs = tensor(dProbs0, groups, length, length);
            gpu.causalSoftmaxBackward(tensor(probs, groups, length, length), dProbs, scale);
            String what = "causalSoftmaxBackward G=" + groups + " T=" + length + " scale=" + scale;
            float[] g = dProbs.toHost();
            assertWithin(what, KernelReference.causalSoftmaxBackward(probs, dProbs0, groups, length, scale), g, REDUCTION);
            assertUpperTriangleIsZero(what, g, groups, length);
        }
    }

    @Test
    void cachedAttentionWritesEachRowsKeyAndValueThenAttendsOverItsCache() {
        int heads = 3, headSize = 7, width = heads * headSize, maxLength = 37;
        for (int[] positions : new int[][] {{0, 5, 36, 17}, {0}, {12}}) {
            int rows = positions.length;
            float[] qkv = gaussian(rows * 3 * width, 110);
            float[][] keys0 = new float[rows][], values0 = new float[rows][];
            Tensor[] keys = new Tensor[rows], values = new Tensor[rows];
            for (int r = 0; r < rows; r++) {                   // every slot filled, also those after the position
                keys0[r] = gaussian(maxLength * width, 111 + r);
                values0[r] = gaussian(maxLength * width, 211 + r);
                keys[r] = tensor(keys0[r], maxLength, width);
                values[r] = tensor(values0[r], maxLength, width);
            }
            Tensor out = junk(rows, width);
            float scale = (float) (1 / Math.sqrt(headSize));
            gpu.cachedAttention(tensor(qkv, rows, 3 * width), keys, values, positions, heads, scale, out);
            Expected expected = new Expected(rows * width);
            String what = " positions " + Arrays.toString(positions);
            for (int r = 0; r < rows; r++) {
                float[] cachedKeys = keys0[r].clone(), cachedValues = values0[r].clone();
                System.arraycopy(qkv, r * 3 * width + width, cachedKeys, positions[r] * width, width);
                System.arraycopy(qkv, r * 3 * width + 2 * width, cachedValues, positions[r] * width, width);
                assertExact("cachedAttention key cache row " + r + what, cachedKeys, keys[r].toHost());
                assertExact("cachedAttention value cache row " + r + what, cachedValues, values[r].toHost());
                KernelReference.cachedAttentionRow(qkv, r, width, cachedKeys, cachedValues, positions[r], heads, scale,
                        expected);
            }
            assertWithin("cachedAttention out" + what, expected, out.toHost(), REDUCTION);
        }
    }

    // ---------------------------------------------------------------- dropout

    @Test
    void dropoutMaskIsPhiloxBitForBit() {
        long seed = 0x9E3779B97F4A7C15L, stream = 5L + (3L << 32);   // both words of the key and the stream in use
        for (int n : new int[] {1, 7, 1_000_003}) {
            float[] x0 = gaussian(n, 120), junk = new float[n];
            Arrays.fill(junk, JUNK);
            Tensor x = zeros(n), mask = zeros(n);
            for (float p : new float[] {0.1f, 0.2f, 0.5f}) {
                x.copyFrom(x0);
                mask.copyFrom(junk);
                gpu.dropout(x, mask, p, seed, stream);
                float keep = 1f / (1f - p);
                float[] expectedMask = new float[n], expectedX = new float[n];
                for (int i = 0; i < n; i++) {
                    expectedMask[i] = Philox.uniform(seed, stream, i) >= p ? keep : 0f;
                    expectedX[i] = x0[i] * expectedMask[i];
                }
                assertExact("dropout mask n=" + n + " p=" + p, expectedMask, mask.toHost());
                assertExact("dropout x n=" + n + " p=" + p, expectedX, x.toHost());
            }
        }
    }

    // ---------------------------------------------------------------- loss and optimizer

    @Test
    void crossEntropyMatchesTheMaskedSmoothedMeanAndItsGradient() {
        for (int[] size : new int[][] {{37, 6931}, {1, 17}, {64, 17}}) {
            int rows = size[0], vocab = size[1];
            float[] logits = gaussian(rows * vocab, 130, 0, 2);
            int[] targets = tokens(rows, vocab, 131);
            float[] mask = new float[rows];
            for (int r = 0; r < rows; r++) mask[r] = r % 5 == 3 ? 0f : 1f;        // padding rows
            if (rows > 2) mask[1] = 0.5f;                                         // a weighted row
            for (double smoothing : new double[] {0, 0.1}) {
                var expected = KernelReference.crossEntropy(logits, rows, vocab, targets, mask, smoothing);
                String what = String.format(" N=%d V=%d smoothing=%s", rows, vocab, smoothing);
                Tensor z = tensor(logits, rows, vocab), dLogits = junk(rows, vocab);
                double lossWithGradient = gpu.crossEntropy(z, targets, mask, smoothing, dLogits);
                double lossAlone = gpu.crossEntropy(z, targets, mask, smoothing, null);
                for (double loss : new double[] {lossWithGradient, lossAlone}) {
                    double error = Math.abs(loss - expected.loss());
                    assertTrue(error <= LOSS * Math.abs(expected.loss()), "crossEntropy loss" + what + ": "
                            + loss + " vs " + expected.loss() + " (relative tolerance " + LOSS + ")");
                }
                assertWithin("crossEntropy dLogits" + what, expected.dLogits(), dLogits.toHost(), REDUCTION);
                assertExact("crossEntropy logits unchanged" + what, logits, z.toHost());
            }
        }
    }

    /**
     * Five steps against torch.optim.AdamW's update (in double), decay masked per element: nanoGPT's settings,
     * then a large ε where its placement shows (ε added to √v̂, as PyTorch does, differs from ε added to √v by a
     * factor √(1−β2ᵗ)).
     */
    @Test
    void adamWFollowsPyTorchsAdamWForSeveralSteps() {
        checkFiveAdamWSteps(new AdamWSettings(0.9, 0.99, 1e-8, 0.1), 1);
        checkFiveAdamWSteps(new AdamWSettings(0.9, 0.99, 1e-3, 0.1), 1e-3);
    }

    /**
     * PyTorch passes 1 − β2 to its float kernels as a double-precision scalar, 0.001 for β2 = 0.999; the same
     * difference taken in float, 1 − 0.999f, is 1.3e-5 off, more than this test's 1e-5.
     */
    @Test
    void adamWTakesOneMinusBetaAtFullPrecisionAsPyTorchDoes() {
        checkFiveAdamWSteps(new AdamWSettings(0.9, 0.999, 1e-8, 0.0), 1);
    }

    private void checkFiveAdamWSteps(AdamWSettings settings, double gradientScale) {
        int n = 1003;
        float[] p0 = gaussian(n, 140), decay = new float[n];
        for (int i = 0; i < n; i++) decay[i] = i % 3 == 0 ? 0f : 1f;
        Tensor p = tensor(p0, n), g = junk(n), m = tensor(new float[n], n), v = tensor(new float[n], n);
        Tensor decayMask = tensor(decay, n);
        var reference = new KernelReference.AdamW(p0, decay, settings.beta1(), settings.beta2(), settings.epsilon(),
                settings.weightDecay());
        for (int step = 0; step < 5; step++) {
            float[] gradient = gaussian(n, 141 + step, 0, gradientScale);
            double lr = 1e-2 * (step + 1) / 5;
            g.copyFrom(gradient);                                   // the kernel may use it as scratch
            gpu.adamW(p, g, m, v, decayMask, settings, lr, step);
            reference.step(gradient, lr, step);
            String what = " " + settings + " step " + step;
            assertWithin("adamW parameters" + what, new Expected(reference.p, reference.pathLength), p.toHost(), ELEMENTWISE);
            assertWithin("adamW first moment" + what, new Expected(reference.m, reference.mSize), m.toHost(), ELEMENTWISE);
            assertWithin("adamW second moment" + what, Expected.of(reference.v), v.toHost(), ELEMENTWISE);
        }
    }

    /**
     * SparseAdam on rows 7, 2 and 30 of a (40, 77) table: those rows take the AdamW update written out on the host
     * ({@link org.slmworkshop.kernels.AdamWStep}, in the order PyTorch and adamw.cu use), the other 37 rows and their
     * moments stay bit for bit.
     */
    @Test
    void adamWRowsStepsOnlyTheListedRows() {
        int rows = 40, width = 77;
        int[] chosen = {7, 2, 30};
        float[] p0 = gaussian(rows * width, 150), m0 = gaussian(rows * width, 151), v0 = gaussian(rows * width, 152);
        for (int i = 0; i < v0.length; i++) v0[i] *= v0[i];
        float[] grads = gaussian(chosen.length * width, 153);
        Tensor p = tensor(p0, rows, width), m = tensor(m0, rows, width), v = tensor(v0, rows, width);
        Tensor g = tensor(grads, chosen.length, width);
        AdamWSettings settings = new AdamWSettings(0.9, 0.99, 1e-8, 0.1);
        gpu.adamWRows(p, chosen, g, m, v, settings, 3e-2, 6);
        float[] ep = p0.clone(), em = m0.clone(), ev = v0.clone();
        var step = org.slmworkshop.kernels.AdamWStep.of(settings, 3e-2, 6, false);
        for (int r = 0; r < chosen.length; r++) {
            float[] pr = Arrays.copyOfRange(ep, chosen[r] * width, (chosen[r] + 1) * width);
            float[] mr = Arrays.copyOfRange(em, chosen[r] * width, (chosen[r] + 1) * width);
            float[] vr = Arrays.copyOfRange(ev, chosen[r] * width, (chosen[r] + 1) * width);
            step.apply(pr, Arrays.copyOfRange(grads, r * width, (r + 1) * width), mr, vr, null, 0, width);
            System.arraycopy(pr, 0, ep, chosen[r] * width, width);
            System.arraycopy(mr, 0, em, chosen[r] * width, width);
            System.arraycopy(vr, 0, ev, chosen[r] * width, width);
        }
        assertWithin("adamWRows parameters", Expected.of(widen(ep)), p.toHost(), ELEMENTWISE);
        assertWithin("adamWRows first moment", Expected.of(widen(em)), m.toHost(), ELEMENTWISE);
        assertWithin("adamWRows second moment", Expected.of(widen(ev)), v.toHost(), ELEMENTWISE);
        float[] actual = p.toHost();
        for (int r = 0; r < rows; r++) {
            if (r == 2 || r == 7 || r == 30) continue;
            for (int c = 0; c < width; c++) assertEquals(p0[r * width + c], actual[r * width + c], 0f, "untouched row " + r);
        }
    }
}
