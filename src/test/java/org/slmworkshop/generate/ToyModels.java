package org.slmworkshop.generate;

import java.util.List;
import java.util.Map;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.util.Rng;

/** Tiny models whose answers can be worked out on paper. Ids: 0 <unk>, 1 <eot>, 2 a, 3 b, 4 c. */
final class ToyModels {
    static final int EOT = 1, A = 2, B = 3, C = 4;
    static final double ALMOST_NEVER = -100;   // a log-probability standing for 0

    private ToyModels() {}

    static Tokenizer abc() {
        return Tokenizers.restore(Map.of("kind", "char", "symbols", List.of("a", "b", "c")));
    }

    /** A bigram whose row for each previous token holds the given natural logs of probabilities. */
    static BigramModel bigram(double[][] logProbabilities, int contextLength) {
        int vocab = logProbabilities.length;
        BigramModel model = new BigramModel(new BigramConfig(vocab, contextLength), new Rng(0));
        float[] table = new float[vocab * vocab];
        for (int row = 0; row < vocab; row++) {
            for (int column = 0; column < vocab; column++) table[row * vocab + column] = (float) logProbabilities[row][column];
        }
        model.setTransitionLogits(table);
        return model;
    }

    /**
     * From a: b 0.5, c 0.4, <eot> 0.1. From b: a 0.36, <eot> 0.34, c 0.30. From c: <eot> 0.9, a 0.1.
     * Greedy after "a" takes b (0.5) then a (0.36): p = 0.18, and loops on. The most likely finished
     * sequence is c <eot>: 0.4 · 0.9 = 0.36; anything starting with b has at most 0.5 · 0.36 = 0.18.
     */
    static BigramModel greedyTrap() {
        double n = ALMOST_NEVER;
        double[][] rows = {
                {n, n, Math.log(1.0), n, n},                               // <unk>: never used
                {n, n, Math.log(1.0), n, n},                               // <eot> → a
                {n, Math.log(0.1), n, Math.log(0.5), Math.log(0.4)},       // a
                {n, Math.log(0.34), Math.log(0.36), n, Math.log(0.30)},    // b
                {n, Math.log(0.9), Math.log(0.1), n, n},                   // c
        };
        return bigram(rows, 8);
    }

    /** A bigram with random rows (no <eot> pull), for properties that must hold for any model. */
    static BigramModel random(long seed, int contextLength) {
        Rng rng = new Rng(seed);
        double[][] rows = new double[5][5];
        for (double[] row : rows) for (int i = 0; i < row.length; i++) row[i] = 1.5 * rng.nextGaussian();
        for (double[] row : rows) row[EOT] = -3;   // long samples
        return bigram(rows, contextLength);
    }
}
