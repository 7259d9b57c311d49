package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.model.ParameterStore;
import org.slmworkshop.util.Rng;

/** AdamW against the update written out in doubles (PyTorch's torch.optim.AdamW). */
class AdamWTest {
    @Test
    void threeStepsMatchTheReferenceFormulaWithDecayOnlyOnMatrices() {
        ParameterStore store = new ParameterStore(Backends.cpu())
                .declare("w", new int[] {2, 2}, true, ParameterStore.Init.NORMAL, 1.0)
                .declare("b", new int[] {2}, false, ParameterStore.Init.NORMAL, 1.0);
        store.allocate(new Rng(1));
        double lr = 0.01, b1 = 0.9, b2 = 0.99, eps = 1e-8, wd = 0.1;
        AdamW adam = new AdamW(store, b1, b2, eps, wd);
        double[] p = doubles(store.values().toHost());
        double[] m = new double[6], v = new double[6];
        boolean[] decay = {true, true, true, true, false, false};
        double[][] grads = {{0.5, -1, 2, 0.1, -0.3, 0.7}, {0.4, -0.9, 1.5, 0.2, -0.1, 0.6}, {-0.2, 0.3, 1, -1, 0.5, 0.5}};
        for (int t = 1; t <= 3; t++) {
            store.gradients().copyFrom(floats(grads[t - 1]));
            adam.step(lr);
            for (int i = 0; i < 6; i++) {
                if (decay[i]) p[i] -= lr * wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * grads[t - 1][i];
                v[i] = b2 * v[i] + (1 - b2) * grads[t - 1][i] * grads[t - 1][i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
            double[] actual = doubles(store.values().toHost());
            for (int i = 0; i < 6; i++) assertEquals(p[i], actual[i], 1e-6, "parameter " + i + " at step " + t);
        }
        assertEquals(3, adam.stepCount());
    }

    @Test
    void clippingScalesTheGlobalNormDownToTheLimit() {
        ParameterStore store = new ParameterStore(Backends.cpu()).declare("w", new int[] {2}, true, ParameterStore.Init.ZEROS, 0);
        store.allocate(new Rng(1));
        store.gradients().copyFrom(new float[] {3f, 4f});
        AdamW adam = new AdamW(store, 0.9, 0.99, 1e-8, 0);
        assertEquals(5.0, adam.clipGradients(1.0), 1e-6);
        float[] clipped = store.gradients().toHost();
        assertEquals(1.0, Math.hypot(clipped[0], clipped[1]), 1e-5);
        assertEquals(0.6, clipped[0], 1e-5);
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (float) values[i];
        return out;
    }
}
