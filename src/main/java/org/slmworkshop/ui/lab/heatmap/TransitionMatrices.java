package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.lab.TokenText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.model.CountingBigram;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.train.PreparedCorpus;

/**
 * The numbers behind the transition heatmap, computed off the FX thread: which tokens to show,
 * and p(next | previous) among them from counts or from a trained bigram. Restricting to the
 * top-N tokens keeps the full model's probabilities; nothing is renormalised.
 */
final class TransitionMatrices {
    /** Reading every row of a larger table at each live update would cost more than the lab is worth. */
    static final int MAX_VOCAB_FOR_LEARNED_LOSS = 2048;

    private TransitionMatrices() {}

    /**
     * The counting bigram of a corpus's training split and what the lab shows about it.
     *
     * @param ranking               token ids, most frequent in the training split first
     * @param validationCrossEntropy mean −ln p over the validation split's consecutive pairs, in nats
     */
    record Counted(PreparedCorpus prepared, double smoothing, CountingBigram counts, int[] ranking,
                   double validationCrossEntropy) {
        static Counted fit(PreparedCorpus prepared, double smoothing) {
            int vocab = prepared.tokenizer().vocabSize();
            int[] train = prepared.data().trainTokens();
            CountingBigram counts = CountingBigram.fit(List.of(train), vocab, smoothing);
            double validation = counts.crossEntropy(List.of(prepared.data().validationTokens()));
            return new Counted(prepared, smoothing, counts, byFrequency(train, vocab), validation);
        }

        Tokenizer tokenizer() {
            return prepared.tokenizer();
        }

        int vocabSize() {
            return counts.vocabSize();
        }

        /** The {@code n} most frequent tokens, most frequent first. */
        int[] top(int n) {
            return Arrays.copyOf(ranking, Math.min(n, ranking.length));
        }
    }

    /**
     * Probabilities among the shown tokens.
     *
     * @param tokens        the shown token ids, in display order
     * @param probabilities [next][previous] = p(next | previous), as in the lesson's T_αβ
     */
    record Shown(int[] tokens, List<String> labels, double[][] probabilities) {}

    static int[] byFrequency(int[] tokens, int vocabSize) {
        long[] frequency = new long[vocabSize];
        for (int token : tokens) frequency[token]++;
        return IntStream.range(0, vocabSize).boxed()
                .sorted(Comparator.<Integer>comparingLong(id -> -frequency[id]).thenComparingInt(id -> id))
                .mapToInt(Integer::intValue).toArray();
    }

    static List<String> labels(Tokenizer tokenizer, int[] tokens) {
        List<String> labels = new ArrayList<>(tokens.length);
        for (int token : tokens) labels.add(TokenText.label(tokenizer, token));
        return labels;
    }

    static Shown counted(Counted counted, int topN) {
        int[] tokens = counted.top(topN);
        double[][] p = new double[tokens.length][tokens.length];
        for (int next = 0; next < tokens.length; next++) {
            for (int previous = 0; previous < tokens.length; previous++) {
                p[next][previous] = counted.counts().probability(tokens[previous], tokens[next]);
            }
        }
        return new Shown(tokens, labels(counted.tokenizer(), tokens), p);
    }

    /** The bigram's softmax over each shown previous token's full row of logits. */
    static Shown learned(BigramModel model, Counted counted, int topN) {
        int[] tokens = counted.top(topN);
        double[][] p = new double[tokens.length][tokens.length];
        for (int previous = 0; previous < tokens.length; previous++) {
            double[] row = softmax(toDoubles(model.transitionRow(tokens[previous])));   // (V): p(· | previous)
            for (int next = 0; next < tokens.length; next++) p[next][previous] = row[tokens[next]];
        }
        return new Shown(tokens, labels(counted.tokenizer(), tokens), p);
    }

    static double[][] difference(double[][] learned, double[][] counted) {
        double[][] d = new double[learned.length][];
        for (int i = 0; i < learned.length; i++) {
            d[i] = new double[learned[i].length];
            for (int j = 0; j < learned[i].length; j++) d[i][j] = learned[i][j] - counted[i][j];
        }
        return d;
    }

    /**
     * The bigram's mean −ln p(next | previous) over the consecutive pairs of {@code tokens}, in nats;
     * NaN when the vocabulary is above {@link #MAX_VOCAB_FOR_LEARNED_LOSS}.
     */
    static double crossEntropy(BigramModel model, int[] tokens) {
        int vocab = model.config().vocabSize();
        if (vocab > MAX_VOCAB_FOR_LEARNED_LOSS || tokens.length < 2) return Double.NaN;
        float[][] logits = new float[vocab][];                          // (V, V): row = previous, column = next
        for (int previous = 0; previous < vocab; previous++) logits[previous] = model.transitionRow(previous);
        double[] logNormaliser = new double[vocab];
        for (int previous = 0; previous < vocab; previous++) logNormaliser[previous] = logSumExp(logits[previous]);
        double total = 0;
        for (int i = 1; i < tokens.length; i++) {
            total += logNormaliser[tokens[i - 1]] - logits[tokens[i - 1]][tokens[i]];
        }
        return total / (tokens.length - 1);
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) max = Math.max(max, z);
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    private static double logSumExp(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        for (float z : logits) sum += Math.exp(z - max);
        return max + Math.log(sum);
    }

    /** The largest |value| over a grid. */
    static double maxAbsolute(double[][] values) {
        double max = 0;
        for (double[] row : values) for (double v : row) max = Math.max(max, Math.abs(v));
        return max;
    }

    /** The mean of |value| over a grid, for a one-number summary of a difference. */
    static double meanAbsolute(double[][] values) {
        double total = 0;
        long count = 0;
        for (double[] row : values) {
            for (double v : row) {
                total += Math.abs(v);
                count++;
            }
        }
        return count == 0 ? 0 : total / count;
    }
}
