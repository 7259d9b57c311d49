package org.slmworkshop.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.util.Rng;

/**
 * The lesson's claim, edit a later token and nothing earlier moves, holds bit for bit for the real GPT, and the
 * check catches a model whose attention looks ahead.
 */
class CausalityCheckTest {
    private static final GptConfig CONFIG = ForwardTraceTest.TIED_WITH_BIAS;
    private static final int[] PROMPT = ForwardTraceTest.PROMPT;

    @Test
    void editingALaterTokenLeavesEveryStageAtEveryEarlierPositionBitIdentical() {
        Gpt gpt = ForwardTraceTest.randomGpt(CONFIG, 31);
        ForwardTrace before = ForwardTrace.of(gpt, PROMPT);
        for (int edited = 1; edited < PROMPT.length; edited++) {
            int[] changed = PROMPT.clone();
            changed[edited] = (changed[edited] + 5) % CONFIG.vocabSize();
            ForwardTrace after = ForwardTrace.of(gpt, changed);
            CausalityCheck check = CausalityCheck.compare(before, after);
            assertEquals(edited, check.firstEdited());
            assertEquals(before.stages().size(), check.stages().size());
            assertTrue(check.holds(), "editing token " + edited + " moved earlier positions of " + check.broken());
            for (CausalityCheck.StageChange change : check.stages()) assertEquals(0.0, change.maxDifference(), change.label());
            // and the edited position itself does move, from the embedding to the logits
            for (String stage : List.of("embedding", "h0.ln_1", "h1.residual", "logits")) {
                float[] a = before.stage(stage, -1).row(edited), b = after.stage(stage, -1).row(edited);
                assertFalse(java.util.Arrays.equals(a, b), stage + " at the edited position " + edited + " should change");
            }
        }
    }

    @Test
    void theCheckFailsWhenTheCausalMaskIsRemoved() {
        Gpt leaky = new Gpt(CONFIG, new Rng(31), withoutCausalMask(Backends.cpu()));
        ForwardTraceTest.randomize(leaky, 31);
        int edited = 6;
        int[] changed = PROMPT.clone();
        changed[edited] = (changed[edited] + 5) % CONFIG.vocabSize();
        CausalityCheck check = CausalityCheck.compare(ForwardTrace.of(leaky, PROMPT), ForwardTrace.of(leaky, changed));

        assertFalse(check.holds(), "a full softmax lets position " + edited + " reach earlier positions");
        List<String> broken = check.broken().stream().map(CausalityCheck.StageChange::label).toList();
        // the leak enters at the attention weights: what comes before them is per position and stays put
        for (String untouched : List.of("wte", "wpe", "embedding", "h0.ln_1", "h0.attn.q[head 0]", "h0.attn.k[head 0]",
                "h0.attn.v[head 3]")) {
            assertFalse(broken.contains(untouched), untouched + " does not depend on other positions");
        }
        for (String leaked : List.of("h0.attn.weights[head 0]", "h0.attn.weighted_sum[head 0]", "h0.residual", "h1.ln_1",
                "logits")) {
            assertTrue(broken.contains(leaked), leaked + " should see the later token; broken: " + broken);
        }
        double logitsMoved = check.stages().stream().filter(c -> c.label().equals("logits")).findFirst().orElseThrow().maxDifference();
        assertTrue(logitsMoved > 1e-4, "earlier logits moved by only " + logitsMoved);
    }

    @Test
    void inOneBlockTheMaskedModelAndTheLeakyOneAgreeOnTheLastPosition() {
        // the last query sees every key anyway, and with one block the keys are per position: the proxy changes the
        // mask and nothing else (with two blocks, block 1's keys would already carry the leak)
        GptConfig oneBlock = new GptConfig(23, 12, 16, 4, 1, 0.0, true, true);
        Gpt causal = ForwardTraceTest.randomGpt(oneBlock, 41);
        Gpt leaky = new Gpt(oneBlock, new Rng(41), withoutCausalMask(Backends.cpu()));
        ForwardTraceTest.randomize(leaky, 41);
        int last = PROMPT.length - 1;
        float[] a = ForwardTrace.of(causal, PROMPT).logits().row(last), b = ForwardTrace.of(leaky, PROMPT).logits().row(last);
        for (int v = 0; v < a.length; v++) assertEquals(a[v], b[v], 1e-5);
        float[] earlier = ForwardTrace.of(leaky, PROMPT).logits().row(0);
        assertFalse(java.util.Arrays.equals(ForwardTrace.of(causal, PROMPT).logits().row(0), earlier),
                "position 0 of the leaky model sees the whole prompt");
    }

    /** The CPU kernels with causalSoftmax replaced by a softmax over every key, future ones included. */
    static Kernels withoutCausalMask(Kernels real) {
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("causalSoftmax")) {
                        fullSoftmax((Tensor) args[0], (Float) args[1], (Tensor) args[2]);
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void fullSoftmax(Tensor scores, float scale, Tensor probs) {
        float[] s = scores.toHost(), p = new float[s.length];
        int width = scores.dim(-1);
        for (int row = 0; row < s.length / width; row++) {
            double max = Double.NEGATIVE_INFINITY, total = 0;
            for (int j = 0; j < width; j++) max = Math.max(max, scale * s[row * width + j]);
            for (int j = 0; j < width; j++) total += Math.exp(scale * s[row * width + j] - max);
            for (int j = 0; j < width; j++) p[row * width + j] = (float) (Math.exp(scale * s[row * width + j] - max) / total);
        }
        probs.copyFrom(p);
    }
}
