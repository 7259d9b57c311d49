package org.slmworkshop.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slmworkshop.TestArrays;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.LowRankModel;
import org.slmworkshop.util.Rng;

/**
 * The forward-pass trace against the model itself: its logits are the model's, and every stage is what its formula
 * says, recomputed on the host from the stage before it and the model's weights.
 */
class ForwardTraceTest {
    static final GptConfig TIED_WITH_BIAS = new GptConfig(23, 12, 16, 4, 2, 0.0, true, true);
    static final GptConfig UNTIED_NO_BIAS = new GptConfig(19, 10, 12, 3, 2, 0.0, false, false);
    static final int[] PROMPT = {3, 7, 1, 9, 18, 4, 0, 5, 8, 13};

    /** A GPT whose every weight is drawn N(0, 0.3²): LayerNorm gains and biases far from 1 and 0, attention not uniform. */
    static Gpt randomGpt(GptConfig config, long seed) {
        Gpt gpt = new Gpt(config, new Rng(seed));
        randomize(gpt, seed);
        return gpt;
    }

    static void randomize(LanguageModel model, long seed) {
        Rng rng = new Rng(seed);
        float[] values = new float[(int) model.parameterCount()];
        for (int i = 0; i < values.length; i++) values[i] = (float) (rng.nextGaussian() * 0.3);
        model.store().values().copyFrom(values);
    }

    @Test
    void traceLogitsEqualTheModelsOwnLogitsAtEveryPosition() {
        List<LanguageModel> models = List.of(randomGpt(TIED_WITH_BIAS, 1), randomGpt(UNTIED_NO_BIAS, 2),
                randomized(new LowRankModel(new LowRankConfig(23, 5, 0.1, 12), new Rng(3))),
                randomized(new BigramModel(new BigramConfig(23, 12), new Rng(4))));
        for (LanguageModel model : models) {
            float[][] expected = model.logits(PROMPT, 1, PROMPT.length);
            ForwardTrace trace = ForwardTrace.of(model, PROMPT);
            assertEquals(model.config().kind(), trace.modelKind());
            Stage logits = trace.logits();
            assertEquals("(T, V) = (10, " + model.config().vocabSize() + ")", logits.shapeText());
            for (int t = 0; t < PROMPT.length; t++) {
                double diff = TestArrays.maxAbsDifference(expected[t], logits.row(t));
                assertTrue(diff <= 1e-6, model.config().kind() + ": logits at " + t + " differ by " + diff);
            }
        }
    }

    private static LanguageModel randomized(LanguageModel model) {
        randomize(model, 17);
        return model;
    }

    @Test
    void aGptTraceHasEveryStageInTheOrderTheModelComputesThem() {
        ForwardTrace trace = ForwardTrace.of(randomGpt(UNTIED_NO_BIAS, 5), new int[] {1, 2, 3});
        List<String> labels = trace.stages().stream().map(Stage::label).toList();
        List<String> expected = new ArrayList<>(List.of("wte", "wpe", "embedding"));
        for (int block = 0; block < 2; block++) {
            String p = "h" + block + ".";
            expected.add(p + "ln_1");
            for (int head = 0; head < 3; head++) {
                for (String part : List.of("q", "k", "v", "weights", "weighted_sum")) expected.add(p + "attn." + part + "[head " + head + "]");
            }
            expected.addAll(List.of(p + "attn.c_proj", p + "residual_mid", p + "ln_2", p + "mlp.c_fc", p + "mlp.gelu",
                    p + "mlp.c_proj", p + "residual"));
        }
        expected.addAll(List.of("ln_f", "logits"));
        assertEquals(expected, labels);
        assertEquals("(T, hs) = (3, 4)", trace.stage("h1.attn.q", 2).shapeText());
        assertEquals("(T, T) = (3, 3)", trace.stage("h0.attn.weights", 0).shapeText());
        assertEquals("(T, 4C) = (3, 48)", trace.stage("h0.mlp.gelu", -1).shapeText());
        assertEquals("(T, C) = (3, 12)", trace.stage("h1.residual", -1).shapeText());
    }

    @Test
    void everyStageIsItsFormulaAppliedToTheStageBefore() {
        for (GptConfig config : List.of(TIED_WITH_BIAS, UNTIED_NO_BIAS)) {
            Gpt gpt = randomGpt(config, 7);
            ForwardTrace trace = ForwardTrace.of(gpt, PROMPT);
            Weights w = new Weights(gpt);
            int c = config.width(), hs = config.headSize(), length = PROMPT.length;
            for (int t = 0; t < length; t++) {
                float[] x = add(w.row("wte", PROMPT[t]), w.row("wpe", t));
                assertArrayEquals(w.row("wte", PROMPT[t]), trace.stage("wte", -1).row(t), "wte[token] at " + t);
                assertArrayEquals(w.row("wpe", t), trace.stage("wpe", -1).row(t), "wpe[t] at " + t);
                assertClose(x, trace.stage("embedding", -1).row(t), 1e-7, "embedding at " + t);
                for (int block = 0; block < config.layers(); block++) {
                    String p = "h" + block + ".";
                    float[] ln1 = w.layerNorm(p + "ln_1", x);
                    assertClose(ln1, trace.stage(p + "ln_1", -1).row(t), 1e-5, p + "ln_1 at " + t);
                    float[] qkv = w.linear(p + "attn.c_attn", trace.stage(p + "ln_1", -1).row(t));
                    float[] merged = new float[c];
                    for (int head = 0; head < config.heads(); head++) {
                        assertClose(slice(qkv, head * hs, hs), trace.stage(p + "attn.q", head).row(t), 1e-5, p + "q " + head);
                        assertClose(slice(qkv, c + head * hs, hs), trace.stage(p + "attn.k", head).row(t), 1e-5, p + "k " + head);
                        assertClose(slice(qkv, 2 * c + head * hs, hs), trace.stage(p + "attn.v", head).row(t), 1e-5, p + "v " + head);
                        float[] weights = softmaxOfScores(trace, p, head, t, hs);
                        assertClose(weights, trace.stage(p + "attn.weights", head).row(t), 1e-6, p + "weights " + head + " at " + t);
                        float[] sum = new float[hs];
                        for (int j = 0; j <= t; j++) {
                            float[] v = trace.stage(p + "attn.v", head).row(j);
                            for (int i = 0; i < hs; i++) sum[i] += weights[j] * v[i];
                        }
                        assertClose(sum, trace.stage(p + "attn.weighted_sum", head).row(t), 1e-5, p + "weighted sum " + head);
                        System.arraycopy(trace.stage(p + "attn.weighted_sum", head).row(t), 0, merged, head * hs, hs);
                    }
                    float[] attention = w.linear(p + "attn.c_proj", merged);
                    assertClose(attention, trace.stage(p + "attn.c_proj", -1).row(t), 1e-5, p + "attn out at " + t);
                    x = add(x, attention);
                    assertClose(x, trace.stage(p + "residual_mid", -1).row(t), 1e-5, p + "x + attn at " + t);
                    assertClose(w.layerNorm(p + "ln_2", trace.stage(p + "residual_mid", -1).row(t)),
                            trace.stage(p + "ln_2", -1).row(t), 1e-5, p + "ln_2 at " + t);
                    float[] hidden = w.linear(p + "mlp.c_fc", trace.stage(p + "ln_2", -1).row(t));
                    assertClose(hidden, trace.stage(p + "mlp.c_fc", -1).row(t), 1e-5, p + "c_fc at " + t);
                    assertClose(gelu(trace.stage(p + "mlp.c_fc", -1).row(t)), trace.stage(p + "mlp.gelu", -1).row(t), 1e-5,
                            p + "gelu at " + t);
                    float[] mlp = w.linear(p + "mlp.c_proj", trace.stage(p + "mlp.gelu", -1).row(t));
                    assertClose(mlp, trace.stage(p + "mlp.c_proj", -1).row(t), 1e-5, p + "mlp out at " + t);
                    x = add(trace.stage(p + "residual_mid", -1).row(t), mlp);
                    assertClose(x, trace.stage(p + "residual", -1).row(t), 1e-5, p + "residual at " + t);
                    x = trace.stage(p + "residual", -1).row(t);
                }
                float[] normed = w.layerNorm("ln_f", x);
                assertClose(normed, trace.stage("ln_f", -1).row(t), 1e-5, "ln_f at " + t);
                float[] logits = config.tiedWeights() ? w.timesTransposed("wte", normed) : w.linear("lm_head", normed);
                assertClose(logits, trace.logits().row(t), 1e-4, "logits at " + t);
            }
        }
    }

    @Test
    void attentionWeightsOfAHeadSumToOneOverPositionsUpToIAndAreZeroBeyond() {
        ForwardTrace trace = ForwardTrace.of(randomGpt(TIED_WITH_BIAS, 9), PROMPT);
        assertEquals(TIED_WITH_BIAS.layers() * TIED_WITH_BIAS.heads(), trace.attentionWeights().size());
        for (Stage weights : trace.attentionWeights()) {
            for (int i = 0; i < PROMPT.length; i++) {
                float[] row = weights.row(i);
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    assertTrue(row[j] > 0, weights.label() + ": key " + j + " of query " + i + " has weight " + row[j]);
                    sum += row[j];
                }
                assertEquals(1.0, sum, 1e-6, weights.label() + " at " + i);
                for (int j = i + 1; j < row.length; j++) assertEquals(0f, row[j], weights.label() + ": future key " + j + " of " + i);
            }
            assertEquals(1f, weights.row(0)[0], weights.label() + ": the first position attends to itself only");
        }
    }

    @Test
    void topTokensAreTheSoftmaxOfTheLogitsInOrder() {
        ForwardTrace trace = ForwardTrace.of(randomGpt(TIED_WITH_BIAS, 11), PROMPT);
        int position = 6;
        float[] logits = trace.logits().row(position);
        double max = Double.NEGATIVE_INFINITY, total = 0;
        for (float z : logits) max = Math.max(max, z);
        for (float z : logits) total += Math.exp(z - max);
        List<ForwardTrace.TopToken> top = trace.topTokens(position, 5);
        assertEquals(5, top.size());
        for (int i = 0; i < top.size(); i++) {
            ForwardTrace.TopToken token = top.get(i);
            assertEquals(logits[token.id()], token.logit());
            assertEquals(Math.exp(logits[token.id()] - max) / total, token.probability(), 1e-12);
            if (i > 0) assertTrue(top.get(i - 1).logit() >= token.logit());
        }
        long higher = 0;
        for (float z : logits) if (z > top.get(4).logit()) higher++;
        assertEquals(4, higher, "nothing outside the top 5 scores higher than the fifth");
        assertEquals(1.0, trace.topTokens(position, 1000).stream().mapToDouble(ForwardTrace.TopToken::probability).sum(), 1e-9);
    }

    @Test
    void aLowRankTraceShowsTheEmbeddingRowItsLogitsComeFrom() {
        LowRankModel model = new LowRankModel(new LowRankConfig(23, 5, 0.1, 12), new Rng(3));
        randomize(model, 13);
        ForwardTrace trace = ForwardTrace.of(model, PROMPT);
        assertEquals(List.of("embedding", "logits"), trace.stages().stream().map(Stage::name).toList());
        float[] table = model.store().get("embedding.weight").value().toHost();
        float[] output = model.store().get("output.weight").value().toHost();   // (d, V)
        for (int t = 0; t < PROMPT.length; t++) {
            float[] h = trace.stage("embedding", -1).row(t);
            assertArrayEquals(slice(table, PROMPT[t] * 5, 5), h);
            for (int v = 0; v < 23; v++) {
                double z = 0;
                for (int d = 0; d < 5; d++) z += h[d] * output[d * 23 + v];
                assertEquals(z, trace.logits().row(t)[v], 1e-5);
            }
        }
    }

    @Test
    void badInputGetsOneClearMessage() {
        Gpt gpt = randomGpt(TIED_WITH_BIAS, 1);
        String empty = assertThrows(IllegalArgumentException.class, () -> ForwardTrace.of(gpt, new int[0])).getMessage();
        assertTrue(empty.contains("empty"), empty);
        String tooLong = assertThrows(IllegalArgumentException.class, () -> ForwardTrace.of(gpt, new int[13])).getMessage();
        assertTrue(tooLong.contains("13 tokens") && tooLong.contains("at most 12") && tooLong.contains("last 12"), tooLong);
        String outside = assertThrows(IllegalArgumentException.class, () -> ForwardTrace.of(gpt, new int[] {1, 23})).getMessage();
        assertTrue(outside.contains("23"), outside);
        ForwardTrace trace = ForwardTrace.of(gpt, PROMPT);
        String position = assertThrows(IllegalArgumentException.class, () -> trace.topTokens(10, 3)).getMessage();
        assertEquals("position 10 is outside the prompt: its 10 tokens are at positions 0..9", position);
    }

    @Test
    void aTraceWhileAnotherThreadRunsTheModelIsTheSameTrace() throws Exception {
        Gpt gpt = randomGpt(TIED_WITH_BIAS, 21);
        ForwardTrace alone = ForwardTrace.of(gpt, PROMPT);
        AtomicBoolean stop = new AtomicBoolean();
        Thread other = new Thread(() -> {   // the same buffers, other shapes and tokens: without the lock they would clash
            int[] tokens = {5, 5, 6, 1, 2, 3, 4};
            while (!stop.get()) gpt.logits(tokens, 1, tokens.length);
        });
        other.start();
        try {
            for (int i = 0; i < 20; i++) assertEquals(alone.stages(), ForwardTrace.of(gpt, PROMPT).stages(), "trace " + i);
        } finally {
            stop.set(true);
            other.join();
        }
    }

    // ---------------------------------------------------------------- host reference math

    /** softmax(q_t·k_j/√hs) over j ≤ t from the trace's own q and k, padded with zeros to T. */
    private static float[] softmaxOfScores(ForwardTrace trace, String prefix, int head, int t, int hs) {
        float[] q = trace.stage(prefix + "attn.q", head).row(t);
        double[] scores = new double[t + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= t; j++) {
            float[] k = trace.stage(prefix + "attn.k", head).row(j);
            for (int i = 0; i < hs; i++) scores[j] += (double) q[i] * k[i];
            scores[j] /= Math.sqrt(hs);
            max = Math.max(max, scores[j]);
        }
        double total = 0;
        for (int j = 0; j <= t; j++) total += Math.exp(scores[j] - max);
        float[] weights = new float[trace.length()];
        for (int j = 0; j <= t; j++) weights[j] = (float) (Math.exp(scores[j] - max) / total);
        return weights;
    }

    /** GELU(x) = x·Φ(x) with erf from Abramowitz and Stegun 7.1.26 (error below 1.5e-7). */
    private static float[] gelu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double z = x[i] / Math.sqrt(2), a = Math.abs(z), s = 1 / (1 + 0.3275911 * a);
            double erf = 1 - s * (0.254829592 + s * (-0.284496736 + s * (1.421413741 + s * (-1.453152027 + s * 1.061405429))))
                    * Math.exp(-a * a);
            y[i] = (float) (x[i] * 0.5 * (1 + Math.signum(z) * erf));
        }
        return y;
    }

    private static float[] add(float[] a, float[] b) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) sum[i] = a[i] + b[i];
        return sum;
    }

    private static float[] slice(float[] values, int from, int count) {
        return java.util.Arrays.copyOfRange(values, from, from + count);
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double diff = TestArrays.maxAbsDifference(expected, actual);
        assertTrue(diff <= tolerance, what + ": differs by " + diff);
    }

    /** The model's weights on the host, and the layers' formulas over them. */
    private record Weights(LanguageModel model) {
        float[] all(String name) {
            return model.store().get(name).value().toHost();
        }

        boolean has(String name) {
            return model.store().parameters().stream().anyMatch(p -> p.name().equals(name));
        }

        float[] row(String name, int row) {
            int width = model.store().get(name).value().dim(1);
            return slice(all(name), row * width, width);
        }

        /** y = x·W + b, W (in, out). */
        float[] linear(String name, float[] x) {
            String weightName = name.equals("lm_head") ? "lm_head.weight" : name + ".weight";
            int out = model.store().get(weightName).value().dim(1);
            float[] w = all(weightName);
            float[] b = has(name + ".bias") ? all(name + ".bias") : new float[out];
            float[] y = new float[out];
            for (int o = 0; o < out; o++) {
                double sum = b[o];
                for (int i = 0; i < x.length; i++) sum += (double) x[i] * w[i * out + o];
                y[o] = (float) sum;
            }
            return y;
        }

        /** y = x·Wᵀ, W (out, in): the tied head. */
        float[] timesTransposed(String name, float[] x) {
            float[] w = all(name);
            float[] y = new float[w.length / x.length];
            for (int o = 0; o < y.length; o++) {
                double sum = 0;
                for (int i = 0; i < x.length; i++) sum += (double) x[i] * w[o * x.length + i];
                y[o] = (float) sum;
            }
            return y;
        }

        /** (x − mean) / √(var + 1e-5) · gain + bias. */
        float[] layerNorm(String name, float[] x) {
            float[] gain = all(name + ".weight");
            float[] bias = has(name + ".bias") ? all(name + ".bias") : new float[x.length];
            double mean = 0, variance = 0;
            for (float v : x) mean += v;
            mean /= x.length;
            for (float v : x) variance += (v - mean) * (v - mean);
            variance /= x.length;
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) y[i] = (float) ((x[i] - mean) / Math.sqrt(variance + 1e-5) * gain[i] + bias[i]);
            return y;
        }
    }
}
