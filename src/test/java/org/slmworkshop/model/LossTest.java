package org.slmworkshop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slmworkshop.TestArrays;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

class LossTest {
    @Test
    void crossEntropyMatchesClosedFormOnAHandExample() {
        Kernels kernels = Backends.cpu();
        Tensor logits = kernels.zeros(2, 2);
        logits.copyFrom(new float[] {0f, (float) Math.log(3), 2f, 2f});
        // row 0: p = (1/4, 3/4), target 1 → −ln 3/4 ; row 1: uniform, target 0 → ln 2
        double expected = (-Math.log(0.75) + Math.log(2)) / 2;
        assertEquals(expected, kernels.crossEntropy(logits, new int[] {1, 0}, new float[] {1, 1}, 0.0, null), 1e-6);
        // label smoothing ε: (1−ε)·nll + ε·mean_v(−log p_v)
        double eps = 0.2;
        double smoothRow0 = (1 - eps) * -Math.log(0.75) + eps * -(Math.log(0.25) + Math.log(0.75)) / 2;
        double smoothRow1 = Math.log(2);
        assertEquals((smoothRow0 + smoothRow1) / 2,
                kernels.crossEntropy(logits, new int[] {1, 0}, new float[] {1, 1}, eps, null), 1e-6);
    }

    @Test
    void paddingIsIgnoredExactlyByLossAndGradients() {
        GptConfig config = new GptConfig(13, 8, 16, 2, 1, 0.0, false, true);
        Gpt gpt = new Gpt(config, new Rng(7));
        int[] document = {3, 5, 7, 2, 9};
        // unpadded: one window of the 4 real positions
        TokenBatch exact = new TokenBatch(1, 4, new int[] {3, 5, 7, 2}, new int[] {5, 7, 2, 9}, new float[] {1, 1, 1, 1});
        // padded to 8 with garbage after the document; mask 0 there
        TokenBatch padded = new TokenBatch(1, 8, new int[] {3, 5, 7, 2, 12, 12, 12, 12},
                new int[] {5, 7, 2, 9, 11, 0, 4, 6}, new float[] {1, 1, 1, 1, 0, 0, 0, 0});
        gpt.store().zeroGradients();
        double lossExact = gpt.lossAndGradients(exact, 0.0, new Rng(1));
        float[] gradExact = gpt.store().gradients().toHost();
        gpt.store().zeroGradients();
        double lossPadded = gpt.lossAndGradients(padded, 0.0, new Rng(1));
        float[] gradPadded = gpt.store().gradients().toHost();
        assertEquals(lossExact, lossPadded, 1e-6);
        assertEquals(0.0, TestArrays.maxAbsDifference(gradExact, gradPadded), 1e-6,
                "padding positions must not change any gradient (document " + document.length + " tokens)");
    }

    @Test
    void bigramStartsAtExactlyLnV() {
        BigramModel bigram = new BigramModel(new BigramConfig(50, 8), new Rng(0));
        TokenBatch batch = new TokenBatch(1, 3, new int[] {1, 2, 3}, new int[] {4, 5, 6}, new float[] {1, 1, 1});
        assertEquals(Math.log(50), bigram.loss(batch), 1e-6);
    }

    @Test
    void lowRankStartsNearLnV() {
        LowRankModel model = new LowRankModel(new LowRankConfig(80, 16, 0.1, 8), new Rng(3));
        Rng rng = new Rng(4);
        int n = 256;
        int[] in = new int[n], out = new int[n];
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = rng.nextInt(80);
            out[i] = rng.nextInt(80);
            mask[i] = 1;
        }
        assertEquals(Math.log(80), model.loss(new TokenBatch(32, 8, in, out, mask)), 0.05);
    }
}
