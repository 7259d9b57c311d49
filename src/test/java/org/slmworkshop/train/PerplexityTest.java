package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.util.Rng;

/**
 * What each stride of the sliding window means, checked against a second path that scores every
 * target on its own window through {@link LanguageModel#logits}: stride 1 gives each target the
 * full context before it, stride = context is the text cut into windows side by side, and for a
 * bigram, which reads one token, every stride gives the same cross-entropy.
 */
class PerplexityTest {
    private static final int CONTEXT = 8;

    private static int[] tokens(int count, int vocab, long seed) {
        Rng rng = new Rng(seed);
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++) tokens[i] = rng.nextInt(vocab);
        return tokens;
    }

    /** −log p(tokens[target] | tokens[from … target − 1]), the window fed alone and read at its last row. */
    private static double loss(LanguageModel model, int[] tokens, int from, int target) {
        int length = target - from;
        int[] window = java.util.Arrays.copyOfRange(tokens, from, target);
        float[] row = model.logits(window, 1, length)[length - 1];
        return TokenLosses.negativeLogSoftmax(row, tokens[target]);
    }

    @Test
    void aBigramScoresTheSameCrossEntropyWithEveryStride() {
        int vocab = 11;
        LanguageModel bigram = Models.create(new BigramConfig(vocab, CONTEXT), new Rng(5));
        randomise(bigram, 6);
        int[] text = tokens(77, vocab, 7);
        double byPairs = 0;
        for (int t = 1; t < text.length; t++) byPairs += loss(bigram, text, t - 1, t);
        byPairs /= text.length - 1;
        for (int stride = 1; stride <= CONTEXT; stride++) {
            Perplexity.Result result = Perplexity.slidingWindow(bigram, text, CONTEXT, stride, 3);
            assertEquals(text.length - 1, result.tokensScored(), "stride " + stride);
            assertEquals(byPairs, result.crossEntropy(), 1e-6, "stride " + stride);
        }
    }

    @Test
    void strideOneScoresEveryTargetWithTheWholeContextBeforeIt() {
        int vocab = 13;
        LanguageModel gpt = Models.create(new GptConfig(vocab, CONTEXT, 16, 2, 2, 0.0, false, true), new Rng(8));
        randomise(gpt, 9);
        int[] text = tokens(50, vocab, 10);
        double expected = 0;
        for (int t = 1; t < text.length; t++) expected += loss(gpt, text, Math.max(0, t - CONTEXT), t);
        expected /= text.length - 1;
        assertEquals(expected, Perplexity.slidingWindow(gpt, text, CONTEXT, 1, 4).crossEntropy(), 1e-5);
    }

    @Test
    void strideEqualToTheContextIsTheTextCutIntoWindowsSideBySide() {
        int vocab = 13;
        LanguageModel gpt = Models.create(new GptConfig(vocab, CONTEXT, 16, 2, 2, 0.0, false, true), new Rng(8));
        randomise(gpt, 11);
        int[] text = tokens(45, vocab, 12);   // windows 0–8, 8–16, …, 40–44 (a short last one)
        double expected = 0;
        for (int t = 1; t < text.length; t++) expected += loss(gpt, text, (t - 1) / CONTEXT * CONTEXT, t);
        expected /= text.length - 1;
        assertEquals(expected, Perplexity.slidingWindow(gpt, text, CONTEXT, CONTEXT, 2).crossEntropy(), 1e-5);
        // and the strides differ for a model that reads more than one token: the context matters
        double strideOne = Perplexity.slidingWindow(gpt, text, CONTEXT, 1, 4).crossEntropy();
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(strideOne - expected) > 1e-4, strideOne + " vs " + expected);
    }

    /** Weights far from the near-uniform initialisation, so each prediction depends on what it reads. */
    private static void randomise(LanguageModel model, long seed) {
        Rng rng = new Rng(seed);
        for (var parameter : model.parameters()) {
            float[] values = parameter.value().toHost();
            for (int i = 0; i < values.length; i++) values[i] += (float) (0.5 * rng.nextGaussian());
            parameter.value().copyFrom(values);
        }
    }
}
