package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.TestArrays;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.model.CountingBigram;
import org.slmworkshop.util.Rng;

/**
 * The counting bigram is the exact maximum-likelihood answer; full-batch gradient descent on the
 * bigram's logits must reach it. Bound stated: mean KL(p_count ‖ p_learned) over the rows, weighted
 * by how often each previous token occurs, below 0.01 nats; the training loss within 0.01 nats of the
 * closed form.
 */
class BigramConvergenceTest {
    @Test
    void gradientDescentBigramConvergesToTheCountingMle() {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        int vocab = prepared.tokenizer().vocabSize();
        int[] train = prepared.data().trainTokens();
        CountingBigram counts = CountingBigram.fit(List.of(train), vocab, 0.0);
        double closedForm = counts.crossEntropy(List.of(train));

        // one full batch: every distinct (previous, next) pair once, weighted by its count through the mask,
        // so the masked mean equals the mean over all consecutive pairs of the split
        List<int[]> distinct = new java.util.ArrayList<>();
        for (int previous = 0; previous < vocab; previous++)
            for (int next = 0; next < vocab; next++)
                if (counts.count(previous, next) > 0) distinct.add(new int[] {previous, next});
        int rows = distinct.size();
        int[] inputs = new int[rows];
        int[] targets = new int[rows];
        float[] mask = new float[rows];
        for (int i = 0; i < rows; i++) {
            inputs[i] = distinct.get(i)[0];
            targets[i] = distinct.get(i)[1];
            mask[i] = (float) counts.count(inputs[i], targets[i]);
        }
        var batch = new org.slmworkshop.text.TokenBatch(1, rows, inputs, targets, mask);
        BigramModel model = new BigramModel(new BigramConfig(vocab, 64), new Rng(0));
        AdamW adam = new AdamW(model.store(), 0.9, 0.99, 1e-8, 0.0);
        double loss = Double.NaN;
        for (int step = 0; step < 600; step++) {
            model.store().zeroGradients();
            loss = model.lossAndGradients(batch, 0.0, new Rng(step));
            adam.step(Schedule.COSINE.rate(step, 0.3, 0.01, 0, 600));
        }
        assertEquals(closedForm, loss, 0.01, "learned loss vs the counting MLE");

        // KL(count ‖ learned) per row, weighted by row frequency
        double kl = 0;
        double total = 0;
        for (int previous = 0; previous < vocab; previous++) {
            double rowCount = 0;
            for (int next = 0; next < vocab; next++) rowCount += counts.count(previous, next);
            if (rowCount == 0) continue;
            double[] row = TestArrays.doubles(model.transitionRow(previous));
            double max = java.util.Arrays.stream(row).max().orElse(0);
            double logSum = max + Math.log(java.util.Arrays.stream(row).map(z -> Math.exp(z - max)).sum());
            double rowKl = 0;
            for (int next = 0; next < vocab; next++) {
                double p = counts.probability(previous, next);
                if (p > 0) rowKl += p * (Math.log(p) - (row[next] - logSum));
            }
            kl += rowCount * rowKl;
            total += rowCount;
        }
        kl /= total;
        System.out.printf("bigram: learned loss %.5f, counting MLE %.5f, weighted KL %.5f nats%n", loss, closedForm, kl);
        assertTrue(kl < 0.01, "weighted KL(count ‖ learned) = " + kl);
    }

    @Test
    void countingBigramIsNormalisedAndSmoothed() {
        CountingBigram counts = CountingBigram.fit(List.of(new int[] {0, 1, 0, 1, 2}), 3, 1.0);
        // from 0: seen 0→1 twice; add-1 over 3 tokens: (0+1)/(2+3), (2+1)/5, (0+1)/5
        assertEquals(1 / 5.0, counts.probability(0, 0), 1e-12);
        assertEquals(3 / 5.0, counts.probability(0, 1), 1e-12);
        for (int previous = 0; previous < 3; previous++) {
            double sum = 0;
            for (int next = 0; next < 3; next++) sum += counts.probability(previous, next);
            assertEquals(1.0, sum, 1e-12);
        }
        // the table as a model gives the same loss as the closed form
        var model = counts.toModel(4);
        var batch = new org.slmworkshop.text.TokenBatch(1, 4, new int[] {0, 1, 0, 1}, new int[] {1, 0, 1, 2},
                new float[] {1, 1, 1, 1});
        assertEquals(counts.crossEntropy(List.of(new int[] {0, 1, 0, 1, 2})), model.loss(batch), 1e-6);
    }
}
