package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slmworkshop.util.Rng;

/** The transforms against values worked out by hand, and the draw against its distribution. */
class LogitTransformsTest {
    private static final double NEG = Double.NEGATIVE_INFINITY;

    private static double[] logs(double... probabilities) {
        return Arrays.stream(probabilities).map(Math::log).toArray();
    }

    private static int[] kept(double[] logits) {
        return IntStream.range(0, logits.length).filter(i -> logits[i] > NEG).toArray();
    }

    @Test
    void topKKeepsExactlyKTokensAndBreaksTiesTowardsTheLowerId() {
        double[] logits = {1, 3, 3, 2, 3, 0};
        assertArrayEquals(new int[] {1, 2}, kept(LogitTransforms.topK(logits, 2)), "three tied at 3: ids 1 and 2 win");
        assertArrayEquals(new int[] {1}, kept(LogitTransforms.topK(logits, 1)));
        assertArrayEquals(new int[] {1, 2, 3, 4}, kept(LogitTransforms.topK(logits, 4)));
        assertEquals(6, kept(LogitTransforms.topK(logits, 99)).length, "k beyond V keeps everything");
        double[] cut = LogitTransforms.topK(logits, 3);
        assertEquals(3.0, cut[4], "kept logits are unchanged");
        assertEquals(NEG, cut[3]);
        Rng rng = new Rng(5);
        for (int trial = 0; trial < 200; trial++) {
            double[] random = new double[20];
            for (int i = 0; i < random.length; i++) random[i] = rng.nextInt(6);   // many ties
            int k = 1 + rng.nextInt(20);
            int[] keptIds = kept(LogitTransforms.topK(random, k));
            assertEquals(k, keptIds.length);
            double smallestKept = Arrays.stream(keptIds).mapToDouble(i -> random[i]).min().orElseThrow();
            for (int i = 0; i < random.length; i++) {
                if (Arrays.binarySearch(keptIds, i) < 0) assertTrue(random[i] <= smallestKept, "a dropped token beat a kept one");
            }
        }
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] logits = logs(0.1, 0.4, 0.2, 0.3);
        assertArrayEquals(new int[] {1, 3}, kept(LogitTransforms.topP(logits, 0.6)), "0.4 + 0.3 = 0.7 ≥ 0.6; 0.4 alone is not");
        assertArrayEquals(new int[] {1, 3}, kept(LogitTransforms.topP(logits, 0.7)), "exactly reaching p is enough");
        assertArrayEquals(new int[] {1, 2, 3}, kept(LogitTransforms.topP(logits, 0.71)));
        assertArrayEquals(new int[] {1}, kept(LogitTransforms.topP(logits, 0.01)), "at least one token");
        assertArrayEquals(new int[] {0, 1, 2, 3}, kept(LogitTransforms.topP(logits, 1.0)));
        Rng rng = new Rng(9);
        for (int trial = 0; trial < 300; trial++) {
            double[] random = new double[12];
            for (int i = 0; i < random.length; i++) random[i] = 3 * rng.nextGaussian();
            double p = 0.05 + 0.95 * rng.nextDouble();
            double[] probabilities = LogitTransforms.softmax(random);
            int[] keptIds = kept(LogitTransforms.topP(random, p));
            double mass = Arrays.stream(keptIds).mapToDouble(i -> probabilities[i]).sum();
            double smallest = Arrays.stream(keptIds).mapToDouble(i -> probabilities[i]).min().orElseThrow();
            assertTrue(mass >= p - 1e-12, "the set reaches p");
            assertTrue(mass - smallest < p, "without its least likely token the set falls short: minimal");
            for (int i = 0; i < random.length; i++) {
                if (Arrays.binarySearch(keptIds, i) < 0) assertTrue(probabilities[i] <= smallest, "the set is the most likely tokens");
            }
        }
    }

    @Test
    void minPDropsTokensBelowAFractionOfTheTopProbability() {
        double[] logits = logs(0.5, 0.25, 0.15, 0.1);
        assertArrayEquals(new int[] {0, 1, 2}, kept(LogitTransforms.minP(logits, 0.25)), "threshold 0.125");
        assertArrayEquals(new int[] {0}, kept(LogitTransforms.minP(logits, 1.0)));
        assertArrayEquals(new int[] {0, 1, 2, 3}, kept(LogitTransforms.minP(logits, 0.0)));
    }

    @Test
    void repetitionPenaltyFollowsHuggingFace() {
        double[] penalised = LogitTransforms.repetitionPenalty(new double[] {2, -1, 0.5, 0}, new int[] {0, 1, 0, 3}, 2.0);
        assertArrayEquals(new double[] {1, -2, 0.5, 0}, penalised, 0, "seen: 2/2, -1·2, 0·2; unseen 0.5 unchanged");
    }

    @Test
    void temperatureDividesLogProbabilityDifferencesByT() {
        double[] logits = {1.5, -0.3, 0.2, 2.7, -4.0};
        double[] base = LogitTransforms.logSoftmax(logits);
        for (double temperature : new double[] {0.25, 0.7, 1.0, 2.0, 10.0}) {
            double[] scaled = LogitTransforms.logSoftmax(LogitTransforms.temperature(logits, temperature));
            double logZ = Math.log(Arrays.stream(base).map(x -> Math.exp(x / temperature)).sum());
            for (int i = 0; i < logits.length; i++) {
                assertEquals(base[i] / temperature - logZ, scaled[i], 1e-12, "log q_i = (log p_i)/T − log Σ_j p_j^(1/T)");
                assertEquals((base[i] - base[0]) / temperature, scaled[i] - scaled[0], 1e-12);
            }
        }
    }

    @Test
    void greedyEqualsArgmax() {
        Rng rng = new Rng(3);
        DecodingSettings greedy = DecodingSettings.greedy();
        for (int trial = 0; trial < 200; trial++) {
            float[] logits = new float[30];
            for (int i = 0; i < logits.length; i++) logits[i] = (float) rng.nextGaussian();
            int expected = 0;
            for (int i = 1; i < logits.length; i++) if (logits[i] > logits[expected]) expected = i;
            assertEquals(expected, LockstepDecoder.choose(logits, new int[0], greedy, rng.nextDouble()));
        }
        assertEquals(1, LogitTransforms.argmax(new double[] {0, 2, 2}), "a tie goes to the lower id");
    }

    @Test
    void inverseCdfDrawFollowsTokenOrderAndSkipsRemovedTokens() {
        double[] probabilities = {0, 0.25, 0, 0.5, 0.25, 0};
        assertEquals(1, LogitTransforms.draw(probabilities, 0.0));
        assertEquals(1, LogitTransforms.draw(probabilities, 0.2499));
        assertEquals(3, LogitTransforms.draw(probabilities, 0.25));
        assertEquals(4, LogitTransforms.draw(probabilities, 0.9999999));
    }

    /** Over 100k draws the frequencies match the truncated, renormalised distribution (χ², fixed seed). */
    @Test
    void drawsMatchTheTruncatedRenormalisedDistribution() {
        float[] logits = {0.1f, 1.2f, -0.5f, 2.0f, 0.7f, 1.9f, -1.0f, 0.0f, 1.5f, -2.0f};
        DecodingSettings settings = DecodingSettings.sample(0.8).withTopK(5).withTopP(0.9);
        // by hand: T = 0.8, then the five largest (ids 3, 5, 8, 1, 4), then the nucleus of 0.9 within them
        double[] tempered = new double[logits.length];
        for (int i = 0; i < logits.length; i++) tempered[i] = Math.exp(logits[i] / 0.8);
        int[] topFive = {3, 5, 8, 1, 4};
        double topFiveMass = Arrays.stream(topFive).mapToDouble(i -> tempered[i]).sum();
        double[] expected = new double[logits.length];
        double cumulative = 0;
        int nucleusSize = 0;
        while (cumulative < 0.9) cumulative += tempered[topFive[nucleusSize++]] / topFiveMass;
        double nucleusMass = 0;
        for (int r = 0; r < nucleusSize; r++) nucleusMass += tempered[topFive[r]];
        for (int r = 0; r < nucleusSize; r++) expected[topFive[r]] = tempered[topFive[r]] / nucleusMass;
        assertEquals(4, nucleusSize, "this example cuts one token with top-p after top-k cut five");

        double[] probabilities = LogitTransforms.probabilities(logits, new int[0], settings);
        assertArrayEquals(expected, probabilities, 1e-12);
        int draws = 100_000;
        int[] counts = new int[logits.length];
        Rng rng = new Rng(2024);
        for (int i = 0; i < draws; i++) counts[LogitTransforms.draw(probabilities, rng.nextDouble())]++;
        double chiSquare = 0;
        for (int token = 0; token < logits.length; token++) {
            if (expected[token] == 0) {
                assertEquals(0, counts[token], "token " + token + " was cut but drawn");
                continue;
            }
            double e = draws * expected[token];
            chiSquare += (counts[token] - e) * (counts[token] - e) / e;
        }
        assertTrue(chiSquare < 16.27, "χ² = " + chiSquare + " exceeds the 0.999 quantile for 3 degrees of freedom");
    }
}
