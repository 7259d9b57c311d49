package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.util.Rng;

/** The KV-cache scorer against full recomputation ({@link ContextScorer}, i.e. Gpt.logits on the window). */
class CachedGptScorerTest {
    private static final float TOLERANCE = 1e-5f;

    /** A GPT whose every weight, gains and biases included, is random, so no term of the network is trivially 1 or 0. */
    static Gpt randomGpt(int contextLength, boolean bias, boolean tied, long seed) {
        Gpt model = new Gpt(new GptConfig(11, contextLength, 32, 4, 2, 0.0, bias, tied), new Rng(seed));
        Rng rng = new Rng(seed + 1);
        float[] values = new float[(int) model.store().totalSize()];
        for (int i = 0; i < values.length; i++) values[i] = (float) (0.3 * rng.nextGaussian());
        model.store().values().copyFrom(values);
        return model;
    }

    /** Max |a - b| between the two scorers over a prompt and {@code steps} tokens sampled from the reference. */
    private static float maxDifference(Gpt model, int[] prompt, int steps, long seed) {
        NextTokenScorer reference = new ContextScorer(model, model.config().contextLength());
        NextTokenScorer cached = new CachedGptScorer(model);
        float[] expected = reference.reset(prompt);
        float worst = difference(expected, cached.reset(prompt));
        Rng rng = new Rng(seed);
        for (int step = 0; step < steps; step++) {
            int token = LogitTransforms.draw(LogitTransforms.softmax(LockstepDecoder.toDouble(expected)), rng.nextDouble());
            expected = reference.next(token);
            worst = Math.max(worst, difference(expected, cached.next(token)));
            assertArrayEquals(reference.context(), cached.context());
        }
        return worst;
    }

    private static float difference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst;
    }

    @Test
    void cachedLogitsEqualFullRecomputationOverFiftyTokensWithBiasesAndAnUntiedHead() {
        Gpt model = randomGpt(64, true, false, 1);
        float worst = maxDifference(model, new int[] {1, 4, 7, 2, 9}, 50, 11);
        assertTrue(worst < TOLERANCE, "max |cached - recomputed| = " + worst);
    }

    @Test
    void cachedLogitsEqualFullRecomputationOverFiftyTokensWithoutBiasesAndWithATiedHead() {
        Gpt model = randomGpt(64, false, true, 2);
        float worst = maxDifference(model, new int[] {3}, 50, 12);
        assertTrue(worst < TOLERANCE, "max |cached - recomputed| = " + worst);
    }

    @Test
    void pastTheContextLengthTheCacheIsRefilledFromTheLastContextLengthTokens() {
        Gpt model = randomGpt(12, true, false, 3);
        float worst = maxDifference(model, new int[] {5, 6, 7, 8, 9, 10, 1, 2, 3}, 50, 13);   // 59 tokens through a 12-token window
        assertTrue(worst < TOLERANCE, "max |cached - recomputed| = " + worst);
        Gpt tied = randomGpt(12, false, true, 4);
        int[] longPrompt = new int[20];                                                      // a prompt already longer than the context
        for (int i = 0; i < longPrompt.length; i++) longPrompt[i] = (3 * i + 1) % 11;
        worst = maxDifference(tied, longPrompt, 30, 14);
        assertTrue(worst < TOLERANCE, "max |cached - recomputed| = " + worst);
    }

    @Test
    void advancingAForkLeavesTheOriginalUnchanged() {
        Gpt model = randomGpt(16, true, false, 5);
        NextTokenScorer original = new CachedGptScorer(model);
        original.reset(new int[] {1, 2, 3, 4});
        NextTokenScorer fork = original.fork();
        for (int token : new int[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4}) fork.next(token);   // into the refill regime
        float[] originalNext = original.next(5);
        NextTokenScorer reference = new ContextScorer(model, 16);
        reference.reset(new int[] {1, 2, 3, 4});
        assertArrayEquals(reference.next(5), originalNext, TOLERANCE, "the original is where it was before the fork");
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, original.context());

        NextTokenScorer second = original.fork();
        assertArrayEquals(original.next(6), second.next(6), 0f, "a fork continues exactly like its original");

        // inside the context: one batched step of several forks equals separate steps
        NextTokenScorer a = original.fork(), b = original.fork(), c = original.fork();
        float[][] together = a.nextAll(List.of(a, b, c), new int[] {1, 2, 3});
        for (int i = 0; i < 3; i++) assertArrayEquals(original.fork().next(i + 1), together[i], 0f, "row " + i);

        // past the context: forks and one batched step of several scorers
        NextTokenScorer third = fork.fork();
        float[][] batched = fork.nextAll(List.of(fork, third), new int[] {2, 7});
        NextTokenScorer slidingReference = new ContextScorer(model, 16);
        slidingReference.reset(new int[] {1, 2, 3, 4, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4});
        NextTokenScorer slidingFork = slidingReference.fork();
        assertArrayEquals(slidingReference.next(2), batched[0], TOLERANCE);
        assertArrayEquals(slidingFork.next(7), batched[1], TOLERANCE);
        assertArrayEquals(slidingFork.context(), third.context());
    }

    @Test
    void theGeneratorUsesTheCacheForTheGptAndGivesTheSameTextsAsWithout() {
        Gpt model = randomGpt(64, false, true, 6);
        assertInstanceOf(CachedGptScorer.class, Scorers.forModel(model).get());
        var tokenizer = org.slmworkshop.text.Tokenizers.restore(java.util.Map.of("kind", "char",
                "symbols", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i")));
        Generator cached = new Generator(model, tokenizer);
        Generator uncached = new Generator(model, tokenizer, () -> new ContextScorer(model, 64));
        List<DecodingSettings> settings = List.of(DecodingSettings.greedy(), DecodingSettings.sample(0.8),
                SettingsSpec.parse("top-k=3"), SettingsSpec.parse("top-p=0.9"), DecodingSettings.beam(3, false));
        Comparison withCache = cached.compare(cached.prompt("abc"), settings, 40, 7, TokenListener.NONE);
        Comparison without = uncached.compare(uncached.prompt("abc"), settings, 40, 7, TokenListener.NONE);
        for (int i = 0; i < settings.size(); i++) {
            assertArrayEquals(without.samples().get(i).tokens(), withCache.samples().get(i).tokens(), settings.get(i).label());
            assertEquals(without.samples().get(i).logProbability(), withCache.samples().get(i).logProbability(), 1e-3);
        }
    }
}
