package org.slmworkshop.ui.lab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmworkshop.generate.LogitTransforms;
import org.slmworkshop.generate.Prompt;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.util.Rng;

/** The chart's numbers: each stage of the engine's pipeline, the tokens shown, and how long a slider move costs. */
class NextTokenBarsTest {
    private static Tokenizer characters(int count) {
        List<String> symbols = new ArrayList<>(List.of(" ", "\n"));
        for (int i = 0; symbols.size() < count - 2; i++) symbols.add(String.valueOf((char) ('!' + i)));
        return Tokenizers.restore(Map.of("kind", "char", "symbols", symbols));
    }

    private static PromptLogits logits(Tokenizer tokenizer, float[] scores, String prompt) {
        double[] raw = new double[scores.length];
        for (int i = 0; i < raw.length; i++) raw[i] = scores[i];
        double[] probabilities = LogitTransforms.softmax(raw);
        Prompt encoded = Prompt.encode(tokenizer, prompt);
        return new PromptLogits(encoded, tokenizer, scores, encoded.ids(), probabilities,
                TopTokens.largest(probabilities, probabilities.length));
    }

    private static float[] random(int vocab, long seed) {
        Rng rng = new Rng(seed);
        float[] scores = new float[vocab];
        for (int i = 0; i < vocab; i++) scores[i] = (float) (2.5 * rng.nextGaussian());
        return scores;
    }

    @Test
    void bars_hold_the_models_top_tokens_before_and_after_the_pipeline() {
        Tokenizer tokenizer = characters(79);
        PromptLogits logits = logits(tokenizer, random(79, 3), "!\"#");
        Knobs knobs = new Knobs(0.7, 5, 1.0, 0.0, 1.0, 4);
        NextTokenBars bars = NextTokenBars.compute(logits, knobs);
        double[] engine = LogitTransforms.probabilities(logits.logits(), logits.context(), knobs.sampler());
        assertEquals(NextTokenBars.SHOWN, bars.size());
        assertEquals(5, bars.kept());
        for (int i = 0; i < bars.size(); i++) {
            assertEquals(logits.modelProbabilities()[bars.ids()[i]], bars.before()[i], 0.0);
            assertEquals(engine[bars.ids()[i]], bars.after()[i], 0.0);
            if (i > 0) assertTrue(bars.before()[i] <= bars.before()[i - 1], "most likely first");
            assertEquals(i >= 5, bars.cut(i), "top-5: the first five kept, the rest cut");
        }
    }

    @Test
    void labels_make_whitespace_visible() {
        Tokenizer tokenizer = characters(10);
        assertEquals("␣", TokenLabel.of(tokenizer, tokenizer.encode(" ").ids()[0]));
        assertEquals("↵", TokenLabel.of(tokenizer, tokenizer.encode("\n").ids()[0]));
        assertEquals("<eot>", TokenLabel.of(tokenizer, tokenizer.endOfTextId()));
    }

    @Test
    void a_token_the_penalty_lifts_into_the_top_joins_the_bars() {
        Tokenizer tokenizer = characters(40);
        float[] scores = new float[40];
        // the top 20 (logits 2.0 … 1.05) just above the next ones (0.9 … 0.71); a penalty of 2 halves the top 20
        for (int i = 0; i < scores.length; i++) scores[i] = i < 20 ? 2.0f - 0.05f * i : 0.9f - 0.01f * (i - 20);
        PromptLogits logits = logits(tokenizer, scores, "");
        NextTokenBars plain = NextTokenBars.compute(logits, Knobs.NEUTRAL);
        assertEquals(NextTokenBars.SHOWN, plain.size());
        // with every top token in the context and a strong penalty, tokens outside the top 20 can overtake them
        PromptLogits everywhere = new PromptLogits(logits.prompt(), tokenizer, scores,
                java.util.stream.IntStream.range(0, 20).toArray(), logits.modelProbabilities(), logits.byProbability());
        NextTokenBars penalised = NextTokenBars.compute(everywhere, Knobs.NEUTRAL.with(Knob.REPETITION_PENALTY, 2.0));
        assertEquals(NextTokenBars.SHOWN + 4, penalised.size(), "promoted tokens are shown too, up to four");
        for (int i = NextTokenBars.SHOWN; i < penalised.size(); i++) {
            assertTrue(penalised.ids()[i] >= 20 && penalised.after()[i] > penalised.after()[NextTokenBars.SHOWN - 1], "token " + penalised.ids()[i]);
        }
    }

    /** Prints what a slider move costs, which decides whether the bars are computed on the FX thread. */
    @Test
    void a_slider_move_on_a_character_vocabulary_fits_in_a_frame() {
        for (int vocab : new int[] {79, 8192, 50257}) {
            Tokenizer tokenizer = characters(vocab);
            float[] scores = random(vocab, vocab);
            PromptLogits logits = new PromptLogits(Prompt.encode(tokenizer, "!"), tokenizer, scores, new int[] {2, 3},
                    LogitTransforms.softmax(toDouble(scores)), TopTokens.largest(LogitTransforms.softmax(toDouble(scores)), vocab));
            Knobs knobs = new Knobs(0.8, 10, 0.9, 0.05, 1.2, 4);
            long[] nanos = new long[25];
            for (int i = 0; i < nanos.length; i++) {
                NextTokenBars bars = NextTokenBars.compute(logits, knobs.with(Knob.TEMPERATURE, 0.5 + i * 0.05));
                nanos[i] = bars.computeNanos();
            }
            Arrays.sort(nanos);
            double median = nanos[nanos.length / 2] / 1e6;
            System.out.printf("next-token bars, V = %,d: median %.2f ms per slider move (%s the FX thread)%n", vocab, median,
                    median > BarsUpdater.FX_BUDGET_MILLIS ? "off" : "on");
            if (vocab == 79) assertTrue(median < BarsUpdater.FX_BUDGET_MILLIS, "V = 79 takes " + median + " ms");
        }
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = values[i];
        return out;
    }
}
