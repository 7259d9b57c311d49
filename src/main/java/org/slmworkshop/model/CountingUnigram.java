package org.slmworkshop.model;

import java.util.List;

/**
 * The closed-form unigram: p(α) = (count(α) + a) / (N + a·V), the next token's frequency with add-a
 * smoothing, whatever came before. It counts and scores the same positions as {@link CountingBigram}
 * (every token after the first of a sequence), so it is exactly the bigram with the previous token ignored.
 */
public final class CountingUnigram {
    private final int vocabSize;
    private final double smoothing;
    private final double[] counts;
    private double total;

    private CountingUnigram(int vocabSize, double smoothing) {
        if (vocabSize < 1) throw new IllegalArgumentException("vocabulary size must be at least 1, got " + vocabSize);
        if (smoothing < 0) throw new IllegalArgumentException("smoothing must be ≥ 0, got " + smoothing);
        this.vocabSize = vocabSize;
        this.smoothing = smoothing;
        this.counts = new double[vocabSize];
    }

    /** Counts every token that follows another within each sequence. */
    public static CountingUnigram fit(List<int[]> sequences, int vocabSize, double smoothing) {
        CountingUnigram unigram = new CountingUnigram(vocabSize, smoothing);
        for (int[] tokens : sequences) {
            for (int i = 1; i < tokens.length; i++) {
                unigram.counts[tokens[i]] += 1;
                unigram.total += 1;
            }
        }
        return unigram;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public double count(int token) {
        return counts[token];
    }

    /** p(token); with no counts and no smoothing it falls back to uniform. */
    public double probability(int token) {
        double denominator = total + smoothing * vocabSize;
        if (denominator == 0) return 1.0 / vocabSize;
        return (counts[token] + smoothing) / denominator;
    }

    /** Mean −log p over every token after the first of each sequence, in nats. */
    public double crossEntropy(List<int[]> sequences) {
        double sum = 0;
        long scored = 0;
        for (int[] tokens : sequences) {
            for (int i = 1; i < tokens.length; i++) {
                sum -= Math.log(probability(tokens[i]));
                scored++;
            }
        }
        if (scored == 0) throw new IllegalArgumentException("no tokens to evaluate");
        return sum / scored;
    }
}
