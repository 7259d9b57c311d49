package org.slmworkshop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slmworkshop.TestArrays;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

class GptBehaviourTest {
    private static final GptConfig SMALL = new GptConfig(23, 12, 16, 4, 2, 0.0, true, true);

    @Test
    void changingTokenTLeavesEveryEarlierLogitUnchanged() {
        Gpt gpt = new Gpt(SMALL, new Rng(11));
        int[] tokens = {3, 7, 1, 9, 22, 4, 0, 5, 8, 13, 2, 6};
        float[][] before = gpt.logits(tokens, 1, tokens.length);
        for (int t = 1; t < tokens.length; t++) {
            int[] changed = tokens.clone();
            changed[t] = (changed[t] + 5) % SMALL.vocabSize();
            float[][] after = gpt.logits(changed, 1, tokens.length);
            for (int position = 0; position < t; position++) {
                double diff = TestArrays.maxAbsDifference(before[position], after[position]);
                assertTrue(diff <= 1e-6, "logits at " + position + " moved by " + diff + " when token " + t + " changed");
            }
            double moved = TestArrays.maxAbsDifference(before[t], after[t]);
            assertTrue(moved > 1e-4, "changing token " + t + " should change its own logits");
        }
    }

    @Test
    void untrainedLossIsCloseToLnV() {
        GptConfig config = new GptConfig(65, 16, 32, 4, 2, 0.0, false, true);
        Gpt gpt = new Gpt(config, new Rng(1));
        Rng rng = new Rng(2);
        int n = 4 * 16;
        int[] inputs = new int[n], targets = new int[n];
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = rng.nextInt(65);
            targets[i] = rng.nextInt(65);
            mask[i] = 1;
        }
        double loss = gpt.loss(new TokenBatch(4, 16, inputs, targets, mask));
        assertEquals(Math.log(65), loss, 0.02);
    }

    @Test
    void attentionRowsAreCausalDistributions() {
        Gpt gpt = new Gpt(SMALL, new Rng(5));
        float[][][][] maps = gpt.attentionMaps(new int[] {1, 2, 3, 4, 5, 6, 7});
        assertEquals(SMALL.layers(), maps.length);
        assertEquals(SMALL.heads(), maps[0].length);
        for (float[][][] layer : maps)
            for (float[][] head : layer)
                for (int query = 0; query < head.length; query++) {
                    double sum = 0;
                    for (int key = 0; key < head[query].length; key++) {
                        if (key > query) assertEquals(0f, head[query][key], "future key " + key + " seen by " + query);
                        sum += head[query][key];
                    }
                    assertEquals(1.0, sum, 1e-5);
                }
        // the first query can only attend to itself
        assertEquals(1f, maps[0][0][0][0], 1e-6f);
    }

    @Test
    void parameterCountMatchesNanoGptForItsShakespeareConfig() {
        GptConfig nano = new GptConfig(65, 64, 128, 4, 4, 0.0, false, true);
        // nanoGPT reports "0.80M" excluding position embeddings: 795,904, plus 64·128 for wpe
        assertEquals(795_904 + 64 * 128, nano.parameterCount());
        assertEquals(nano.parameterCount(), new Gpt(nano, new Rng(0)).parameterCount());
    }
}
