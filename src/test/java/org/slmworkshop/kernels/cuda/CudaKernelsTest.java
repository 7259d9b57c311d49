package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.slmworkshop.kernels.cuda.TensorChecks.assertExact;
import static org.slmworkshop.kernels.cuda.TensorChecks.assertWithin;
import static org.slmworkshop.kernels.cuda.TensorChecks.gaussian;

import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Kernels.AdamWSettings;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.kernels.cuda.KernelReference.Expected;

/**
 * The CUDA backend against plain loops in double precision ({@link KernelReference}), every method of
 * {@link Kernels}, on awkward sizes: odd widths, row counts that are not multiples of 32, T = 1, vocabularies of 17
 * and 6931. The kernel checks ({@link CudaKernelChecks}) run twice: on fresh tensors, and on views at odd offsets
 * inside one buffer whose margins no kernel may touch, as the parameter store's views are. Then determinism and
 * causality. Needs an NVIDIA GPU; anywhere else every test is skipped with the reason. Loads no ND4J class (the
 * GPU machine cannot carry its natives), so it compares against no other backend.
 *
 * <p>Tolerances, each relative to the magnitude of what was summed (|value| for a single operation, Σ|a·b| for a
 * product; see {@link KernelReference}):
 * <ul>
 *   <li>exact, bit for bit: copies and single IEEE operations (fill, copy, add, multiply, scale, addBias, the
 *       embedding, the head rearrangements, the caches' writes), and dropout, whose mask is Philox's;</li>
 *   <li>{@link #ELEMENTWISE} 1e-5: GELU and its derivative (with a floor of 1e-6·max(1, |x|) where float cannot
 *       resolve Φ(x) near 0), AdamW;</li>
 *   <li>{@link #PRODUCT} 1e-4: matmul and batchedMatmul in exact fp32 (TF32, which rounds the inputs to 10 bits,
 *       exceeds it);</li>
 *   <li>{@link #REDUCTION} 1e-4: norm, LayerNorm, softmax, cached attention, column sums, the loss gradient;</li>
 *   <li>{@link #LOSS} 1e-5: the cross-entropy value, summed in double.</li>
 * </ul>
 */
class CudaKernelsTest {
    static final double ELEMENTWISE = 1e-5;
    static final double PRODUCT = 1e-4;
    static final double REDUCTION = 1e-4;
    static final double LOSS = 1e-5;

    static Kernels gpu;
    private static CudaStatus status;

    @BeforeAll
    static void openTheGpu() {
        status = CudaRuntime.status();
        if (!status.usable()) {
            System.out.println("CudaKernelsTest skipped: no GPU: " + status.problem());
            return;
        }
        System.setProperty("slm.cuda.tf32", "false");   // exact fp32 products (also the backend's default)
        gpu = CudaKernels.open();
        System.out.println("CudaKernelsTest on " + status.describeDevice());
    }

    /** Per test rather than per class, so that every skipped test carries the reason in the reports. */
    @BeforeEach
    void needsAGpu() {
        assumeTrue(gpu != null, () -> "no GPU: " + status.problem());
    }

    @AfterAll
    static void reportMargins() {
        if (gpu != null) System.out.println("CudaKernelsTest " + TensorChecks.marginReport());
    }

    @Nested
    class OnFreshTensors extends CudaKernelChecks {
        OnFreshTensors() {
            super(CudaKernelsTest.gpu, TensorChecks.Fresh::new);
        }
    }

    @Nested
    class OnViewsAtOddOffsets extends CudaKernelChecks {
        OnViewsAtOddOffsets() {
            super(CudaKernelsTest.gpu, TensorChecks.OddOffsets::new);
        }
    }

    private static Tensor tensor(float[] values, int... shape) {
        Tensor tensor = gpu.zeros(shape);
        tensor.copyFrom(values);
        return tensor;
    }

    // ---------------------------------------------------------------- memory

    @Test
    void backendHasANameOtherThanCpu() {
        assertFalse(gpu.name().isBlank(), "a backend names itself");
        assertNotEquals("cpu", gpu.name(), "the CUDA backend must not call itself cpu (BackendChoice.onGpu reads it)");
    }

    @Test
    void zerosHaveTheirShapeAndHoldZeros() {
        for (int[] shape : new int[][] {{1}, {17}, {3, 5, 7}, {2, 1, 6931}}) {
            Tensor t = gpu.zeros(shape);
            assertSame(gpu, t.backend());
            assertArrayEquals(shape, t.shape());
            assertEquals(TensorChecks.count(shape), t.size());
            assertExact("memory: zeros " + Arrays.toString(shape), new float[TensorChecks.count(shape)], t.toHost());
        }
    }

    @Test
    void uploadAndDownloadRoundTripEveryBitAtAnyOffset() {
        float[] values = gaussian(1000, 1);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE,
                -Float.MIN_NORMAL, Float.MAX_VALUE, 1e-40f};
        System.arraycopy(special, 0, values, 0, special.length);
        Tensor whole = tensor(values, 8, 125);
        assertExact("memory: round trip", values, whole.toHost());

        Tensor part = gpu.zeros(100);
        gpu.upload(values, 3, part, 11, 37);                      // values[3 … 40) → part[11 … 48)
        float[] expected = new float[100];
        System.arraycopy(values, 3, expected, 11, 37);
        assertExact("memory: upload at an offset", expected, part.toHost());
        float[] host = new float[50];
        gpu.download(part, 11, host, 5, 37);                      // part[11 … 48) → host[5 … 42)
        float[] expectedHost = new float[50];
        System.arraycopy(values, 3, expectedHost, 5, 37);
        assertExact("memory: download at an offset", expectedHost, host);
    }

    @Test
    void viewsShareTheirBufferAtTheirOffset() {
        Tensor flat = gpu.zeros(1000);
        Tensor view = gpu.view(flat, 13, 4, 5);
        float[] values = gaussian(20, 2);
        view.copyFrom(values);
        float[] expected = new float[1000];
        System.arraycopy(values, 0, expected, 13, 20);
        assertExact("memory: write through a view", expected, flat.toHost());

        Tensor inner = gpu.view(view, 7, 3);                      // a view of a view: flat[20 … 23)
        gpu.fill(inner, 2.5f);
        Arrays.fill(expected, 20, 23, 2.5f);
        assertExact("memory: a kernel on a view of a view", expected, flat.toHost());

        Tensor cube = gpu.view(flat, 501, 2, 3, 7);
        float[] more = gaussian(42, 3);
        gpu.upload(more, 0, flat, 501, 42);
        assertExact("memory: read through a rank-3 view", more, cube.toHost());
        assertArrayEquals(new int[] {2, 3, 7}, cube.shape());
    }

    @Test
    void aViewThatDoesNotFitIsRefused() {
        Tensor flat = gpu.zeros(100);
        assertThrows(RuntimeException.class, () -> gpu.view(flat, 90, 4, 5));
        assertThrows(RuntimeException.class, () -> gpu.view(flat, -1, 5));
    }

    @Test
    void constantKeepsTheValuesItWasMadeFromAndItsViewsReadThem() {
        float[] values = gaussian(42, 4);
        Tensor source = tensor(values, 6, 7);
        Tensor constant = gpu.constant(source);
        source.copyFrom(gaussian(42, 5));
        assertArrayEquals(new int[] {6, 7}, constant.shape());
        assertExact("memory: constant after its source changed", values, constant.toHost());
        assertExact("memory: view of a constant", Arrays.copyOfRange(values, 7, 12), gpu.view(constant, 7, 5).toHost());
    }

    /** The decoder multiplies by views of a constant snapshot of the weights, a few rows at a time. */
    @Test
    void productsWithAConstantOrAViewOfOneMatchLoops() {
        int inner = 29, n = 45, before = 5;
        float[] weights = gaussian(before + inner * n + 3, 6);
        Tensor snapshot = gpu.constant(tensor(weights, weights.length));
        for (boolean transposeB : new boolean[] {false, true}) {
            int bRows = transposeB ? n : inner, bColumns = transposeB ? inner : n;
            Tensor b = gpu.view(snapshot, before, bRows, bColumns);
            for (int m : new int[] {1, 3, 35}) {
                float[] a = gaussian(m * inner, 7 + m);
                Tensor c = tensor(gaussian(m * n, 8), m, n);
                gpu.matmul(tensor(a, m, inner), false, b, transposeB, c, 0);
                Expected expected = new Expected(m * n);
                KernelReference.matmul(a, 0, m, inner, false, weights, before, bRows, bColumns, transposeB,
                        new float[m * n], 0, 0, expected);
                assertWithin("matmul by a view of a constant M=" + m + " transposeB=" + transposeB, expected,
                        c.toHost(), PRODUCT);
            }
        }
    }

    // ---------------------------------------------------------------- determinism and causality

    /** Runs a kernel twice from the same inputs: every reduction must sum in a fixed order. */
    private static void twice(String what, Supplier<float[]> run) {
        float[] first = run.get(), second = run.get();
        assertExact("determinism: " + what + " twice", first, second);
    }

    @Test
    void reductionsGiveBitIdenticalResultsWhenRunTwice() {
        int rows = 4096, width = 33, vocab = 17;
        float[] a = gaussian(300 * 257, 10), b = gaussian(257 * 129, 11), x = gaussian(rows * width, 12);
        twice("matmul", () -> {
            Tensor c = gpu.zeros(300, 129);
            gpu.matmul(tensor(a, 300, 257), false, tensor(b, 257, 129), false, c, 0);
            return c.toHost();
        });
        twice("batchedMatmul", () -> {
            Tensor c = gpu.zeros(3, 100, 43);
            gpu.batchedMatmul(tensor(a, 3, 100, 257), false, tensor(b, 3, 43, 257), true, c);
            return c.toHost();
        });
        float[] big = gaussian(1_000_003, 13);
        assertEquals(Double.doubleToRawLongBits(gpu.norm(tensor(big, big.length))),
                Double.doubleToRawLongBits(gpu.norm(tensor(big, big.length))), "twice: norm, bit for bit");
        twice("biasBackward", () -> {
            Tensor dBias = gpu.zeros(width);
            gpu.biasBackward(tensor(x, rows, width), dBias);
            return dBias.toHost();
        });
        int[] tokens = CudaKernelChecks.tokens(rows, vocab, 14);   // each token about 240 times
        twice("embeddingBackward", () -> {
            Tensor dTable = gpu.zeros(vocab, width), dPositions = gpu.zeros(64, width);
            gpu.embeddingBackward(tensor(x, rows, width), tokens, 64, dTable, dPositions);
            return concat(dTable.toHost(), dPositions.toHost());
        });
        float[] gain = gaussian(width, 15, 1, 0.3), dy = gaussian(rows * width, 16);
        twice("layerNorm and its backward", () -> {
            Tensor y = gpu.zeros(rows, width), xhat = gpu.zeros(rows, width), rstd = gpu.zeros(rows);
            gpu.layerNorm(tensor(x, rows, width), tensor(gain, width), tensor(gain, width), y, xhat, rstd);
            Tensor dx = gpu.zeros(rows, width), dGain = gpu.zeros(width), dBias = gpu.zeros(width);
            gpu.layerNormBackward(tensor(dy, rows, width), xhat, rstd, tensor(gain, width), dx, dGain, dBias);
            return concat(y.toHost(), xhat.toHost(), rstd.toHost(), dx.toHost(), dGain.toHost(), dBias.toHost());
        });
        float[] scores = gaussian(8 * 64 * 64, 17);
        twice("causalSoftmax and its backward", () -> {
            Tensor probs = gpu.zeros(8, 64, 64), dProbs = tensor(scores, 8, 64, 64);
            gpu.causalSoftmax(tensor(scores, 8, 64, 64), 0.3f, probs);
            gpu.causalSoftmaxBackward(probs, dProbs, 0.3f);
            return concat(probs.toHost(), dProbs.toHost());
        });
        float[] logits = gaussian(37 * 6931, 18);
        int[] targets = CudaKernelChecks.tokens(37, 6931, 19);
        float[] mask = new float[37];
        Arrays.fill(mask, 1f);
        double[] losses = new double[2];
        int[] run = {0};
        twice("crossEntropy dLogits", () -> {
            Tensor dLogits = gpu.zeros(37, 6931);
            losses[run[0]++] = gpu.crossEntropy(tensor(logits, 37, 6931), targets, mask, 0.1, dLogits);
            return dLogits.toHost();
        });
        assertEquals(Double.doubleToRawLongBits(losses[0]), Double.doubleToRawLongBits(losses[1]),
                "twice: crossEntropy loss, bit for bit");
        twice("adamW", () -> {
            Tensor p = tensor(a, a.length), m = gpu.zeros(a.length), v = gpu.zeros(a.length);
            Tensor decay = gpu.zeros(a.length);
            gpu.fill(decay, 1f);
            for (int step = 0; step < 3; step++) {
                gpu.adamW(p, tensor(Arrays.copyOf(b, a.length), a.length), m, v, decay,
                        new AdamWSettings(0.9, 0.99, 1e-8, 0.1), 1e-3, step);
            }
            return concat(p.toHost(), m.toHost(), v.toHost());
        });
    }

    /** A future key cannot reach an earlier query: changing column j leaves rows 0 … j−1 bit for bit as they were. */
    @Test
    void causalSoftmaxRowsDoNotSeeLaterColumns() {
        int groups = 3, length = 37, column = 20;
        float[] scores = gaussian(groups * length * length, 20);
        Tensor before = gpu.zeros(groups, length, length), after = gpu.zeros(groups, length, length);
        gpu.causalSoftmax(tensor(scores, groups, length, length), 0.4f, before);
        float[] changed = scores.clone();
        for (int row = 0; row < groups * length; row++) changed[row * length + column] += 50f;
        gpu.causalSoftmax(tensor(changed, groups, length, length), 0.4f, after);
        float[] p = before.toHost(), q = after.toHost();
        for (int g = 0; g < groups; g++) {
            int from = g * length * length;
            assertExact("causality: softmax rows before column " + column + ", group " + g,
                    Arrays.copyOfRange(p, from, from + column * length), Arrays.copyOfRange(q, from, from + column * length));
            assertFalse(Arrays.equals(Arrays.copyOfRange(p, from + column * length, from + length * length),
                    Arrays.copyOfRange(q, from + column * length, from + length * length)),
                    "rows from " + column + " on see the changed column");
        }
    }

    private static float[] concat(float[]... parts) {
        int total = 0;
        for (float[] part : parts) total += part.length;
        float[] out = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
