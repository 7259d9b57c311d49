package org.slmworkshop.model;

import java.util.List;
import org.slmworkshop.util.Rng;

/**
 * The closed-form bigram: p(α | β) = (count(β→α) + a) / (count(β) + a·V), the maximum-likelihood
 * estimate with add-a smoothing. The gradient-descent bigram must approach this table.
 */
public final class CountingBigram {
    private final int vocabSize;
    private final double smoothing;
    private final double[] counts;   // (V, V) row-major: [previous][next]
    private final double[] rowTotals;

    private CountingBigram(int vocabSize, double smoothing) {
        if (smoothing < 0) throw new IllegalArgumentException("smoothing must be ≥ 0, got " + smoothing);
        this.vocabSize = vocabSize;
        this.smoothing = smoothing;
        this.counts = new double[Math.multiplyExact(vocabSize, vocabSize)];
        this.rowTotals = new double[vocabSize];
    }

    /** Counts every consecutive pair within each token sequence. */
    public static CountingBigram fit(List<int[]> sequences, int vocabSize, double smoothing) {
        CountingBigram bigram = new CountingBigram(vocabSize, smoothing);
        for (int[] tokens : sequences) {
            for (int i = 1; i < tokens.length; i++) {
                bigram.counts[tokens[i - 1] * vocabSize + tokens[i]] += 1;
                bigram.rowTotals[tokens[i - 1]] += 1;
            }
        }
        return bigram;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public double count(int previous, int next) {
        return counts[previous * vocabSize + next];
    }

    /** n_β: how many counted pairs have {@code previous} as their first token. */
    public double rowTotal(int previous) {
        return rowTotals[previous];
    }

    /** M: every counted pair, the number of predictions the counts were made from. */
    public double pairs() {
        double total = 0;
        for (double n : rowTotals) total += n;
        return total;
    }

    /** p(next | previous); a row never seen and unsmoothed falls back to uniform. */
    public double probability(int previous, int next) {
        double denominator = rowTotals[previous] + smoothing * vocabSize;
        if (denominator == 0) return 1.0 / vocabSize;
        return (counts[previous * vocabSize + next] + smoothing) / denominator;
    }

    /** Mean −log p over all consecutive pairs of the sequences, in nats. */
    public double crossEntropy(List<int[]> sequences) {
        double total = 0;
        long pairs = 0;
        for (int[] tokens : sequences) {
            for (int i = 1; i < tokens.length; i++) {
                total -= Math.log(probability(tokens[i - 1], tokens[i]));
                pairs++;
            }
        }
        if (pairs == 0) throw new IllegalArgumentException("no token pairs to evaluate");
        return total / pairs;
    }

    /** The table as a trainable {@link BigramModel} with logits log p, so it can be sampled and compared. */
    public BigramModel toModel(int contextLength) {
        BigramModel model = new BigramModel(new BigramConfig(vocabSize, contextLength), new Rng(0));
        float[] logProbabilities = new float[counts.length];
        for (int previous = 0; previous < vocabSize; previous++)
            for (int next = 0; next < vocabSize; next++)
                logProbabilities[previous * vocabSize + next] = (float) Math.log(probability(previous, next));
        model.setTransitionLogits(logProbabilities);
        return model;
    }
}
