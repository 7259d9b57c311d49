package org.slmworkshop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * The numbers of lesson 04b ("How training moves a weight"), computed with the engine's bigram:
 * the gradient ∂L/∂Z = (n_β T − n_αβ)/M on "banana", one plain gradient-descent step by hand, and
 * the softmax's shift invariance and log-sum-exp. If a lesson number changes, change it here too.
 */
class WeightByHandTest {
    private static final int A = 0, B = 1, N = 2;   // the lesson's tokens a, b, n (V = 3)

    /** "banana": inputs b a n a n, targets a n a n a, so M = 5 predictions. */
    private static TokenBatch banana() {
        return new TokenBatch(1, 5, new int[] {B, A, N, A, N}, new int[] {A, N, A, N, A}, new float[] {1, 1, 1, 1, 1});
    }

    private static BigramModel untrained() {
        return new BigramModel(new BigramConfig(3, 8), new Rng(0));
    }

    @Test
    void theEngineGradientOnBananaIsNbetaTMinusNalphabetaOverM() {
        BigramModel model = untrained();
        model.store().zeroGradients();
        double loss = model.lossAndGradients(banana(), 0.0, new Rng(0));
        assertEquals(Math.log(3), loss, 1e-6, "all logits zero: the uniform loss ln 3");
        assertEquals(1.0986, loss, 0.00005, "as the lesson writes it");

        float[] gradient = model.store().get("transition.logits").gradient().toHost();   // (V, V): row previous, column next
        // the lesson's numbers, one row per previous token: (n_β/3 − n_αβ)/5
        double[][] lesson = {
                {0.1333, 0.1333, -0.2667},   // after a: n_a = 2, both followed by n
                {-0.1333, 0.0667, 0.0667},   // after b: n_b = 1, followed by a
                {-0.2667, 0.1333, 0.1333}};  // after n: n_n = 2, both followed by a
        for (int previous = 0; previous < 3; previous++) {
            for (int next = 0; next < 3; next++) {
                assertEquals(lesson[previous][next], gradient[previous * 3 + next], 0.00005,
                        "∂L/∂Z for next " + next + " after " + previous);
            }
        }
        // each row of the gradient sums to zero: a softmax cannot raise every logit of a row at once
        for (int previous = 0; previous < 3; previous++) {
            assertEquals(0, gradient[previous * 3] + gradient[previous * 3 + 1] + gradient[previous * 3 + 2], 1e-6);
        }
    }

    @Test
    void oneStepOfGradientDescentByHandLowersTheLossTo0point8743() {
        BigramModel model = untrained();
        model.store().zeroGradients();
        model.lossAndGradients(banana(), 0.0, new Rng(0));
        float[] gradient = model.store().get("transition.logits").gradient().toHost();
        float[] stepped = new float[9];
        double learningRate = 1.0;
        for (int i = 0; i < 9; i++) stepped[i] = (float) (0 - learningRate * gradient[i]);   // Z ← Z − η ∂L/∂Z
        model.setTransitionLogits(stepped);

        double[] afterA = softmax(model.transitionRow(A));
        assertArrayEquals(new double[] {-0.1333, -0.1333, 0.2667}, doubles(model.transitionRow(A)), 0.00005);
        assertEquals(0.4272, afterA[N], 0.00005, "p(n | a) after one step");
        assertEquals(0.2864, afterA[A], 0.00005, "p(a | a) after one step");
        assertEquals(0.4272, softmax(model.transitionRow(N))[A], 0.00005, "p(a | n) after one step");
        assertEquals(0.3792, softmax(model.transitionRow(B))[A], 0.00005, "p(a | b) after one step");
        assertEquals(0.8743, model.loss(banana(), 0.0), 0.00005, "the loss after one step");
    }

    @Test
    void shiftingARowOfLogitsChangesNothingAndHugeLogitsDoNotOverflow() {
        BigramModel model = untrained();
        TokenBatch afterA = new TokenBatch(1, 1, new int[] {A}, new int[] {A}, new float[] {1});
        model.setTransitionLogits(new float[] {2, 1, 0, 0, 0, 0, 0, 0, 0});
        double small = model.loss(afterA, 0.0);
        double[] p = softmax(model.transitionRow(A));
        assertArrayEquals(new double[] {0.665, 0.245, 0.090}, p, 0.0005, "softmax(2, 1, 0)");
        assertEquals(0.4076, small, 0.00005, "−ln 0.665 = ln(1 + e^−1 + e^−2)");

        model.setTransitionLogits(new float[] {1000, 999, 998, 0, 0, 0, 0, 0, 0});
        double huge = model.loss(afterA, 0.0);
        assertTrue(Double.isInfinite(Math.exp(1000.0)), "e^1000 overflows even a double");
        assertEquals(small, huge, 1e-5, "shift invariance: (1000, 999, 998) is (2, 1, 0) plus 998");
        assertEquals(1000.4076, 1000 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), 0.00005, "log-sum-exp of (1000, 999, 998)");
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }
}
