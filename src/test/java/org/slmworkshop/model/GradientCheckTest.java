package org.slmworkshop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.kernels.cpu.CpuKernels;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * Finite differences against the hand-written backward passes, for every parameter of every model.
 * Weights are re-drawn larger than the default init so every gradient is well above float32 noise.
 */
class GradientCheckTest {
    private static final double EPS = 1e-2;

    private static TokenBatch batch(int vocab, int batchSize, int length, long seed, boolean padded) {
        Rng rng = new Rng(seed);
        int n = batchSize * length;
        int[] inputs = new int[n];
        int[] targets = new int[n];
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = rng.nextInt(vocab);
            targets[i] = rng.nextInt(vocab);
            mask[i] = padded && i % length >= length - 2 ? 0f : 1f;
        }
        return new TokenBatch(batchSize, length, inputs, targets, mask);
    }

    private static void randomize(LanguageModel model, double scale, long seed) {
        Rng rng = new Rng(seed);
        float[] values = new float[(int) model.parameterCount()];
        for (int i = 0; i < values.length; i++) values[i] = (float) (rng.nextGaussian() * scale);
        model.store().values().copyFrom(values);
    }

    /** The training loss with the dropout masks of {@code new Rng(1)}: the same function of θ at every call. */
    private static double trainingLoss(LanguageModel model, TokenBatch batch, double labelSmoothing) {
        model.store().zeroGradients();
        return model.lossAndGradients(batch, labelSmoothing, new Rng(1));
    }

    /**
     * Compares analytic and central-difference gradients on a few coordinates of every parameter, in training
     * mode, so dropout (with fixed masks) is part of the function checked.
     */
    private static void check(LanguageModel model, TokenBatch batch, double labelSmoothing) {
        trainingLoss(model, batch, labelSmoothing);
        float[] grads = model.store().gradients().toHost();
        Tensor values = model.store().values();
        Kernels kernels = model.store().kernels();
        List<String> failures = new ArrayList<>();
        Rng pick = new Rng(99);
        for (Parameter p : model.parameters()) {
            double dot = 0, normA = 0, normN = 0;
            int probes = (int) Math.min(p.size(), 12);
            for (int k = 0; k < probes; k++) {
                long index = p.offset() + (probes == p.size() ? k : pick.nextInt((int) p.size()));
                float[] original = new float[1];
                kernels.download(values, index, original, 0, 1);
                kernels.upload(new float[] {(float) (original[0] + EPS)}, 0, values, index, 1);
                double plus = trainingLoss(model, batch, labelSmoothing);
                kernels.upload(new float[] {(float) (original[0] - EPS)}, 0, values, index, 1);
                double minus = trainingLoss(model, batch, labelSmoothing);
                kernels.upload(original, 0, values, index, 1);
                double numeric = (plus - minus) / (2 * EPS);
                double analytic = grads[(int) index];
                dot += (numeric - analytic) * (numeric - analytic);
                normA += analytic * analytic;
                normN += numeric * numeric;
            }
            double relative = Math.sqrt(dot) / Math.max(1e-8, Math.sqrt(normA) + Math.sqrt(normN));
            if (relative > 2e-2 || normN == 0 && normA > 1e-6) failures.add(p.name() + " relative error " + relative);
            assertTrue(normA > 0 || p.name().contains("bias"), p.name() + " got no gradient at all");
        }
        assertTrue(failures.isEmpty(), "gradient mismatch: " + failures);
    }

    @Test
    void gptGradientsMatchFiniteDifferencesForEveryParameter() {
        GptConfig config = new GptConfig(11, 6, 8, 2, 2, 0.0, true, false);
        Gpt gpt = new Gpt(config, new Rng(3));
        randomize(gpt, 0.4, 5);
        check(gpt, batch(11, 2, 5, 7, false), 0.0);
    }

    @Test
    void tiedGptWithoutBiasGradientsMatchFiniteDifferences() {
        Gpt gpt = new Gpt(new GptConfig(9, 5, 8, 2, 1, 0.0, false, true), new Rng(4));
        randomize(gpt, 0.4, 6);
        check(gpt, batch(9, 3, 5, 8, true), 0.1);
    }

    @Test
    void bigramGradientsMatchFiniteDifferences() {
        BigramModel bigram = new BigramModel(new BigramConfig(7, 4), new Rng(1));
        randomize(bigram, 1.0, 2);
        check(bigram, batch(7, 3, 4, 9, true), 0.05);
    }

    @Test
    void lowRankGradientsMatchFiniteDifferences() {
        LowRankModel lowRank = new LowRankModel(new LowRankConfig(10, 3, 0.0, 4), new Rng(1));
        randomize(lowRank, 0.7, 3);
        check(lowRank, batch(10, 3, 4, 10, false), 0.0);
    }

    @Test
    void gptWithDropoutOnTheTwoThreadPathMatchesFiniteDifferences() {
        // every loop split over two threads, and dropout at all four kinds of site (embedding, attention
        // weights, both residual branches) with the masks of one fixed step
        Gpt gpt = new Gpt(new GptConfig(11, 6, 8, 2, 2, 0.2, true, false), new Rng(3), CpuKernels.alwaysParallel());
        randomize(gpt, 0.4, 5);
        check(gpt, batch(11, 2, 5, 7, false), 0.0);
    }

    @Test
    void lowRankWithDropoutOnTheTwoThreadPathMatchesFiniteDifferences() {
        LowRankModel lowRank = new LowRankModel(new LowRankConfig(10, 3, 0.3, 4), new Rng(1), CpuKernels.alwaysParallel());
        randomize(lowRank, 0.7, 3);
        check(lowRank, batch(10, 3, 4, 10, true), 0.05);
    }

    @Test
    void bigramOnTheTwoThreadPathMatchesFiniteDifferences() {
        BigramModel bigram = new BigramModel(new BigramConfig(7, 4), new Rng(1), CpuKernels.alwaysParallel());
        randomize(bigram, 1.0, 2);
        check(bigram, batch(7, 3, 4, 9, true), 0.05);
    }

    @Test
    void oneThreadAndTwoThreadsGiveBitIdenticalLossesAndGradients() {
        GptConfig config = new GptConfig(13, 8, 16, 4, 2, 0.1, true, true);
        Gpt serial = new Gpt(config, new Rng(9));                                  // below the split threshold
        Gpt split = new Gpt(config, new Rng(9), CpuKernels.alwaysParallel());
        TokenBatch batch = batch(13, 3, 8, 4, true);
        for (int step = 0; step < 2; step++) {
            assertEquals(trainingLoss(serial, batch, 0.1), trainingLoss(split, batch, 0.1), 0.0, "loss at step " + step);
            assertArrayEquals(serial.store().gradients().toHost(), split.store().gradients().toHost(), 0f);
        }
    }
}
