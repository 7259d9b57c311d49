package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.cpu.CpuKernels;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.model.RowGradient;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * The bigram's row-sparse training: its gradient equals the dense one on the rows a batch touched, and its AdamW
 * step is PyTorch's SparseAdam written out here in doubles, with decoupled weight decay on every row.
 */
class SparseBigramTest {
    private static final int V = 40;

    private static BigramModel bigram(BigramConfig.RowUpdates updates, float[] table, Kernels kernels) {
        BigramModel model = new BigramModel(new BigramConfig(V, 6, updates), new Rng(1), kernels);
        model.setTransitionLogits(table);
        return model;
    }

    private static float[] randomTable(long seed) {
        Rng rng = new Rng(seed);
        float[] t = new float[V * V];
        for (int i = 0; i < t.length; i++) t[i] = (float) rng.nextGaussian();
        return t;
    }

    /** Two windows of six tokens that repeat rows 3 and 7 and touch 8 of the 40 rows. */
    private static TokenBatch batch(int shift) {
        int[] inputs = {3, 7, 3, 11, 20, 7, 5, 3, 39, 0, 7, 3};
        int[] targets = {7, 3, 11, 20, 7, 5, 3, 39, 0, 7, 3, 1};
        float[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (inputs[i] + shift) % V;
            targets[i] = (targets[i] + shift) % V;
        }
        return new TokenBatch(2, 6, inputs, targets, mask);
    }

    /** The CPU backend but with {@link Kernels#adamWRows}'s host default, the route a backend without a kernel takes. */
    private static Kernels withHostRowSteps() {
        Kernels cpu = Backends.cpu();
        return (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[] {Kernels.class}, (proxy, method, args) -> {
                    if (method.getName().equals("adamWRows")) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(cpu, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void largeVocabulariesTrainSparseRowsByDefaultAndSmallOnesDense() {
        assertFalse(new BigramConfig(BigramConfig.SPARSE_ABOVE, 8).sparseRows());
        assertTrue(new BigramConfig(BigramConfig.SPARSE_ABOVE + 1, 8).sparseRows());
        assertTrue(new BigramConfig(67, 8, BigramConfig.RowUpdates.SPARSE).sparseRows());
        assertFalse(new BigramConfig(50_000, 8, BigramConfig.RowUpdates.DENSE).sparseRows());
        assertEquals(BigramConfig.RowUpdates.AUTO, new BigramConfig(67, 8, null).rowUpdates(), "old checkpoints");
    }

    @Test
    void theRowGradientIsTheDenseGradientOnTheTouchedRowsAndTheRestIsZero() {
        for (Kernels k : new Kernels[] {Backends.cpu(), CpuKernels.alwaysParallel()}) {
            float[] table = randomTable(2);
            BigramModel dense = bigram(BigramConfig.RowUpdates.DENSE, table, k);
            BigramModel sparse = bigram(BigramConfig.RowUpdates.SPARSE, table, k);
            dense.store().zeroGradients();
            sparse.store().zeroGradients();
            double denseLoss = dense.lossAndGradients(batch(0), 0.1, new Rng(3));
            double sparseLoss = sparse.lossAndGradients(batch(0), 0.1, new Rng(3));
            assertEquals(denseLoss, sparseLoss, 0, "the forward pass is the same");

            float[] full = dense.store().get("transition.logits").gradient().toHost();
            RowGradient rows = sparse.store().rowGradient("transition.logits");
            assertArrayEquals(new int[] {0, 3, 5, 7, 11, 20, 39}, rows.rows());
            float[] compact = rows.values().toHost();
            boolean[] touched = new boolean[V];
            for (int i = 0; i < rows.rows().length; i++) {
                int r = rows.rows()[i];
                touched[r] = true;
                for (int c = 0; c < V; c++) {
                    assertEquals(full[r * V + c], compact[i * V + c], 1e-7f, "row " + r + ", column " + c);
                }
            }
            for (int r = 0; r < V; r++) {
                if (touched[r]) continue;
                for (int c = 0; c < V; c++) assertEquals(0f, full[r * V + c], "untouched row " + r);
            }
            // the clip sees the same global norm
            AdamW denseAdam = new AdamW(dense.store(), 0.9, 0.99, 1e-8, 0);
            AdamW sparseAdam = new AdamW(sparse.store(), 0.9, 0.99, 1e-8, 0);
            assertEquals(denseAdam.clipGradients(0), sparseAdam.clipGradients(0), 1e-6);
        }
    }

    @Test
    void threeSparseStepsMatchSparseAdamWrittenOutInDoubles() {
        double lr = 0.05, b1 = 0.9, b2 = 0.99, eps = 1e-8, wd = 0.1;
        for (Kernels k : new Kernels[] {Backends.cpu(), CpuKernels.alwaysParallel(), withHostRowSteps()}) {
            float[] table = randomTable(4);
            BigramModel model = bigram(BigramConfig.RowUpdates.SPARSE, table, k);
            AdamW adam = new AdamW(model.store(), b1, b2, eps, wd);
            double[] p = new double[V * V], m = new double[V * V], v = new double[V * V];
            for (int i = 0; i < p.length; i++) p[i] = table[i];
            for (int t = 1; t <= 3; t++) {
                model.store().zeroGradients();
                model.lossAndGradients(batch(5 * t), 0, new Rng(1));
                RowGradient rows = model.store().rowGradient("transition.logits");
                float[] g = rows.values().toHost();
                int[] touched = rows.rows().clone();
                float[] mBefore = adam.firstMoment().toHost();
                adam.step(lr);
                for (int i = 0; i < p.length; i++) p[i] -= lr * wd * p[i];        // decay: every row
                for (int i = 0; i < touched.length; i++) {                           // Adam: touched rows only
                    for (int c = 0; c < V; c++) {
                        int at = touched[i] * V + c;
                        double grad = g[i * V + c];
                        m[at] = b1 * m[at] + (1 - b1) * grad;
                        v[at] = b2 * v[at] + (1 - b2) * grad * grad;
                        p[at] -= lr * (m[at] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[at] / (1 - Math.pow(b2, t))) + eps);
                    }
                }
                float[] actual = model.store().values().toHost();
                float[] moments = adam.firstMoment().toHost();
                for (int i = 0; i < p.length; i++) {
                    assertEquals(p[i], actual[i], 2e-6, "weight " + i + " at step " + t);
                    assertEquals(m[i], moments[i], 1e-7, "first moment " + i + " at step " + t);
                }
                for (int r = 0; r < V; r++) {
                    if (java.util.Arrays.binarySearch(touched, r) >= 0) continue;
                    for (int c = 0; c < V; c++) {
                        assertEquals(mBefore[r * V + c], moments[r * V + c], 0f, "an untouched row's moment stays");
                    }
                }
            }
            assertEquals(3, adam.stepCount());
        }
    }
}
