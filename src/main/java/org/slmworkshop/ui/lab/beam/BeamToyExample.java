package org.slmworkshop.ui.lab.beam;

import java.util.List;
import java.util.Map;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.util.Rng;

/**
 * Lesson 7's worked example: a bigram over a, b, c whose probabilities are set by hand (the decoding
 * tests' {@code ToyModels.greedyTrap}), so the tree can be checked on paper. From "a", greedy takes b
 * (0.5) then a (0.36): p = 0.18. Beam search with width 2 also keeps c (0.4), and c {@code <eot>}
 * reaches 0.4 · 0.9 = 0.36, twice as likely. Ids: 0 {@code <unk>}, 1 {@code <eot>}, 2 a, 3 b, 4 c.
 */
final class BeamToyExample {
    static final String PROMPT = "a";
    static final int BEAM_WIDTH = 2;
    static final int MAX_TOKENS = 2;
    static final String SOURCE = "the toy bigram";
    private static final double NEVER = -100;   // a log-probability standing for 0
    private static final int CONTEXT = 8;

    private BeamToyExample() {}

    static Tokenizer tokenizer() {
        return Tokenizers.restore(Map.of("kind", "char", "symbols", List.of("a", "b", "c")));
    }

    /** Each row holds the natural logs of p(next | previous), the previous token being the row. */
    static BigramModel model() {
        double n = NEVER;
        double[][] rows = {
                {n, n, Math.log(1.0), n, n},                               // <unk>: never used
                {n, n, Math.log(1.0), n, n},                               // <eot> → a
                {n, Math.log(0.1), n, Math.log(0.5), Math.log(0.4)},       // a → b 0.5, c 0.4, <eot> 0.1
                {n, Math.log(0.34), Math.log(0.36), n, Math.log(0.30)},    // b → a 0.36, <eot> 0.34, c 0.30
                {n, Math.log(0.9), Math.log(0.1), n, n},                   // c → <eot> 0.9, a 0.1
        };
        int vocab = rows.length;
        BigramModel model = new BigramModel(new BigramConfig(vocab, CONTEXT), new Rng(0));
        float[] table = new float[vocab * vocab];
        for (int row = 0; row < vocab; row++) {
            for (int column = 0; column < vocab; column++) table[row * vocab + column] = (float) rows[row][column];
        }
        model.setTransitionLogits(table);
        return model;
    }

    /** The bigram's rows in words, for the lab's caption. */
    static String description() {
        return "A bigram over a, b, c with hand-set probabilities. From a: b 0.5, c 0.4, <eot> 0.1."
                + " From b: a 0.36, <eot> 0.34, c 0.30. From c: <eot> 0.9, a 0.1.";
    }
}
