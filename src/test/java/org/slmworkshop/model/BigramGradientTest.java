package org.slmworkshop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/** The closed-form gradient the transition lab draws, against the engine's backprop and finite differences. */
class BigramGradientTest {
    private static final int VOCAB = 6;

    /** 300 tokens where 0 is often followed by 1 and token 5 never occurs, so some pairs are unseen. */
    private static int[] corpus() {
        Random random = new Random(7);
        int[] tokens = new int[300];
        for (int i = 1; i < tokens.length; i++) {
            tokens[i] = tokens[i - 1] == 0 && random.nextDouble() < 0.7 ? 1 : random.nextInt(VOCAB - 1);
        }
        return tokens;
    }

    /** A bigram part-way through training: logits neither zero nor the counts. */
    private static BigramModel partlyTrained() {
        BigramModel model = new BigramModel(new BigramConfig(VOCAB, 8), new Rng(0));
        Random random = new Random(11);
        float[] logits = new float[VOCAB * VOCAB];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (random.nextGaussian() * 1.5);
        model.setTransitionLogits(logits);
        return model;
    }

    private static int[] all() {
        int[] shown = new int[VOCAB];
        for (int i = 0; i < VOCAB; i++) shown[i] = i;
        return shown;
    }

    @Test
    void theClosedFormEqualsTheEnginesBackpropOverEveryPair() {
        int[] text = corpus();
        BigramModel model = partlyTrained();
        double[][] closed = BigramGradient.among(model, CountingBigram.fit(List.of(text), VOCAB, 0.0), all());

        int pairs = text.length - 1;
        float[] mask = new float[pairs];
        Arrays.fill(mask, 1f);
        model.store().zeroGradients();
        model.lossAndGradients(new TokenBatch(1, pairs, Arrays.copyOf(text, pairs),
                Arrays.copyOfRange(text, 1, text.length), mask), 0.0, new Rng(0));
        float[] engine = model.store().get("transition.logits").gradient().toHost();   // (V, V): row previous

        double largest = 0;
        for (int next = 0; next < VOCAB; next++) {
            for (int previous = 0; previous < VOCAB; previous++) {
                // closed form is [next][previous]; the engine's table is [previous][next]
                assertEquals(engine[previous * VOCAB + next], closed[next][previous], 1e-6,
                        "∂L/∂Z for next " + next + " after " + previous);
                largest = Math.max(largest, Math.abs(closed[next][previous]));
            }
        }
        assertTrue(largest > 0.01, "a gradient worth comparing: " + largest);
        // a token never seen as previous (5) gets no gradient in its column
        for (int next = 0; next < VOCAB; next++) assertEquals(0, closed[next][5], 0);
    }

    @Test
    void theClosedFormEqualsCentralFiniteDifferencesOfTheLoss() {
        int[] text = corpus();
        BigramModel model = partlyTrained();
        double[][] closed = BigramGradient.among(model, CountingBigram.fit(List.of(text), VOCAB, 0.0), all());
        double[][] table = new double[VOCAB][];   // [previous][next], in double so the difference is exact enough
        for (int previous = 0; previous < VOCAB; previous++) {
            float[] row = model.transitionRow(previous);
            table[previous] = new double[VOCAB];
            for (int next = 0; next < VOCAB; next++) table[previous][next] = row[next];
        }
        double h = 1e-4;
        for (int next = 0; next < VOCAB; next++) {
            for (int previous = 0; previous < VOCAB; previous++) {
                double saved = table[previous][next];
                table[previous][next] = saved + h;
                double up = loss(table, text);
                table[previous][next] = saved - h;
                double down = loss(table, text);
                table[previous][next] = saved;
                assertEquals((up - down) / (2 * h), closed[next][previous], 1e-8,
                        "finite difference for next " + next + " after " + previous);
            }
        }
    }

    @Test
    void shownTokensPickTheirCellsAndColumnsOfTheFullGradientSumToZero() {
        int[] text = corpus();
        BigramModel model = partlyTrained();
        CountingBigram counts = CountingBigram.fit(List.of(text), VOCAB, 1.0);   // smoothing plays no part
        double[][] full = BigramGradient.among(model, counts, all());
        int[] shown = {3, 0};
        double[][] some = BigramGradient.among(model, counts, shown);
        assertEquals(full[3][0], some[0][1], 0);
        assertEquals(full[0][3], some[1][0], 0);
        for (int previous = 0; previous < VOCAB; previous++) {
            double sum = 0;
            for (int next = 0; next < VOCAB; next++) sum += full[next][previous];
            assertEquals(0, sum, 1e-12, "column " + previous);
        }
    }

    /** Mean −ln softmax(row previous)[next] over the text's consecutive pairs. */
    private static double loss(double[][] table, int[] text) {
        double total = 0;
        for (int i = 1; i < text.length; i++) {
            double[] row = table[text[i - 1]];
            double max = Arrays.stream(row).max().orElseThrow();
            double sum = 0;
            for (double z : row) sum += Math.exp(z - max);
            total += max + Math.log(sum) - row[text[i]];
        }
        return total / (text.length - 1);
    }
}
