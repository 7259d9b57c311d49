package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slmworkshop.generate.ToyModels.A;
import static org.slmworkshop.generate.ToyModels.B;
import static org.slmworkshop.generate.ToyModels.C;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.generate.Sample.StopReason;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.util.Rng;

/** The generation loop, beam search and the same-seed comparison on models small enough to check by hand. */
class GeneratorTest {
    private final Tokenizer abc = ToyModels.abc();

    @Test
    void greedyFollowsTheArgmaxChainAndStopsAtTheTokenBudget() {
        Generator generator = new Generator(ToyModels.greedyTrap(), abc);
        List<Integer> streamed = new ArrayList<>();
        Sample sample = generator.generate(generator.prompt("a"), DecodingSettings.greedy(), 5, 0, t -> streamed.add(t.id()));
        assertArrayEquals(new int[] {B, A, B, A, B}, sample.tokens());
        assertEquals(List.of(B, A, B, A, B), streamed, "tokens are streamed one by one, in order");
        assertEquals("babab", sample.text());
        assertEquals(StopReason.MAX_TOKENS, sample.stopReason());
        assertEquals(3 * Math.log(0.5) + 2 * Math.log(0.36), sample.logProbability(), 1e-5);
    }

    @Test
    void generationStopsAtEndOfText() {
        Generator generator = new Generator(ToyModels.greedyTrap(), abc);
        Sample sample = generator.generate(generator.prompt("c"), DecodingSettings.greedy(), 10, 0, TokenListener.NONE);
        assertEquals(0, sample.length(), "from c the argmax is <eot>");
        assertEquals(StopReason.END_OF_TEXT, sample.stopReason());
        assertEquals(Math.log(0.9), sample.logProbability(), 1e-5, "the <eot> counts in the log-probability");
    }

    @Test
    void beamSearchFindsTheBestSequenceWhereGreedyDoesNot() {
        Generator generator = new Generator(ToyModels.greedyTrap(), abc);
        Prompt prompt = generator.prompt("a");
        Sample greedy = generator.generate(prompt, DecodingSettings.greedy(), 2, 0, TokenListener.NONE);
        assertArrayEquals(new int[] {B, A}, greedy.tokens());
        assertEquals(Math.log(0.18), greedy.logProbability(), 1e-5);

        List<Beam> beams = generator.beamSearch(prompt, DecodingSettings.beam(2, false), 10);
        // worked out on paper: step 1 keeps b (0.5) and c (0.4); step 2 ranks c<eot> 0.36, ba 0.18,
        // b<eot> 0.17, bc 0.15: two beams have finished, so the search stops
        assertEquals(4, beams.size());
        Beam best = beams.get(0);
        assertArrayEquals(new int[] {C}, best.tokens());
        assertTrue(best.finished());
        assertEquals(Math.log(0.36), best.logProbability(), 1e-5);
        assertTrue(best.logProbability() > greedy.logProbability());
        double[] expected = {Math.log(0.36), Math.log(0.18), Math.log(0.17), Math.log(0.15)};
        boolean[] finished = {true, false, true, false};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], beams.get(i).logProbability(), 1e-5, "beam " + i);
            assertEquals(expected[i], beams.get(i).score(), 1e-5, "without normalisation the score is the log-probability");
            assertEquals(finished[i], beams.get(i).finished(), "beam " + i);
        }
        List<Beam> normalised = generator.beamSearch(prompt, DecodingSettings.beam(2, true), 10);
        assertEquals(Math.log(0.36) / 2, normalised.get(0).score(), 1e-5, "c and <eot>: two tokens");
    }

    @Test
    void beamOfWidthOneEqualsGreedy() {
        for (long seed = 0; seed < 5; seed++) {
            Generator generator = new Generator(ToyModels.random(seed, 16), abc);
            Prompt prompt = generator.prompt("ab");
            Sample greedy = generator.generate(prompt, DecodingSettings.greedy(), 30, 0, TokenListener.NONE);
            Sample beam = generator.generate(prompt, DecodingSettings.beam(1, false), 30, 0, TokenListener.NONE);
            assertArrayEquals(greedy.tokens(), beam.tokens(), "seed " + seed);
            assertEquals(greedy.logProbability(), beam.logProbability(), 1e-9);
            assertEquals(greedy.stopReason(), beam.stopReason());
        }
        Generator gpt = new Generator(tinyGpt(8), abc);
        Prompt prompt = gpt.prompt("abcab");
        DecodingSettings penalised = DecodingSettings.greedy().withRepetitionPenalty(1.3);
        assertArrayEquals(gpt.generate(prompt, penalised, 20, 0, TokenListener.NONE).tokens(),
                gpt.generate(prompt, DecodingSettings.beam(1, false).withRepetitionPenalty(1.3), 20, 0, TokenListener.NONE).tokens());
    }

    @Test
    void theSameSeedGivesTheSameSampleAndAnotherSeedAnother() {
        Generator generator = new Generator(ToyModels.random(11, 16), abc);
        DecodingSettings settings = DecodingSettings.sample(1.2).withTopP(0.95);
        Prompt prompt = generator.prompt("a");
        Sample first = generator.generate(prompt, settings, 60, 42, TokenListener.NONE);
        Sample again = generator.generate(prompt, settings, 60, 42, TokenListener.NONE);
        Sample other = generator.generate(prompt, settings, 60, 43, TokenListener.NONE);
        assertArrayEquals(first.tokens(), again.tokens());
        assertEquals(first.logProbability(), again.logProbability());
        assertFalse(java.util.Arrays.equals(first.tokens(), other.tokens()));
    }

    @Test
    void aComparisonDrawsFromOneStreamSoEachRunEqualsItsOwnGeneration() {
        Generator generator = new Generator(ToyModels.random(7, 16), abc);
        Prompt prompt = generator.prompt("ba");
        List<DecodingSettings> settings = List.of(DecodingSettings.greedy(), DecodingSettings.sample(1.0),
                DecodingSettings.sample(1.0), DecodingSettings.sample(0.7), DecodingSettings.sample(1.0).withTopK(2),
                DecodingSettings.beam(3, false));
        Comparison comparison = generator.compare(prompt, settings, 40, 99, TokenListener.NONE);
        assertEquals(15, comparison.divergences().size(), "one per pair of six");
        for (int i = 0; i < settings.size(); i++) {
            Sample alone = generator.generate(prompt, settings.get(i), 40, 99, TokenListener.NONE);
            assertArrayEquals(alone.tokens(), comparison.samples().get(i).tokens(), settings.get(i).label());
        }
        Comparison.Divergence sameSettings = comparison.divergences().stream()
                .filter(d -> d.first() == 1 && d.second() == 2).findFirst().orElseThrow();
        assertNull(sameSettings.firstDifferentStep(), "identical settings on one stream of uniforms never diverge");
        for (Comparison.Divergence d : comparison.divergences()) {
            int[] x = comparison.samples().get(d.first()).tokens(), y = comparison.samples().get(d.second()).tokens();
            if (d.firstDifferentStep() == null) continue;
            int step = d.firstDifferentStep();
            for (int i = 0; i < step - 1; i++) assertEquals(x[i], y[i], "equal before the reported step");
            assertTrue(step > Math.min(x.length, y.length) || x[step - 1] != y[step - 1], "different at it");
        }
        assertEquals(3, Comparison.firstDifferentStep(new int[] {1, 2, 3}, new int[] {1, 2, 4}));
        assertEquals(3, Comparison.firstDifferentStep(new int[] {1, 2}, new int[] {1, 2, 4}), "one stopped, one went on");
    }

    @Test
    void theModelSeesOnlyTheLastContextLengthTokens() {
        Gpt model = tinyGpt(6);
        ContextScorer scorer = new ContextScorer(model, 6);
        int[] prompt = {2, 3, 4, 2, 2, 3, 4, 4, 3, 2};
        float[] logits = scorer.reset(prompt);
        float[][] direct = model.logits(new int[] {2, 3, 4, 4, 3, 2}, 1, 6);   // the last six of the prompt
        assertArrayEquals(direct[5], logits, 0f);
        assertArrayEquals(new int[] {2, 3, 4, 4, 3, 2}, scorer.context());
        float[] afterOneMore = scorer.next(4);
        assertArrayEquals(model.logits(new int[] {3, 4, 4, 3, 2, 4}, 1, 6)[5], afterOneMore, 0f);
        NextTokenScorer fork = scorer.fork();
        assertArrayEquals(scorer.next(2), fork.next(2), 0f, "a fork continues exactly like its original");
        NextTokenScorer second = fork.fork(), third = fork.fork();
        float[][] batched = fork.nextAll(List.of(fork, second, third), new int[] {3, 2, 4});
        assertArrayEquals(scorer.next(3), batched[0], 1e-5f, "one batched call equals separate calls");
        assertArrayEquals(model.logits(new int[] {4, 3, 2, 4, 2, 4}, 1, 6)[5], batched[2], 1e-5f);
        assertArrayEquals(new int[] {4, 3, 2, 4, 2, 2}, second.context());

        Generator generator = new Generator(model, abc);
        Sample sample = generator.generate(generator.prompt("abcabcabcabcabc"), DecodingSettings.greedy(), 30, 1, TokenListener.NONE);
        assertTrue(sample.stopReason() == StopReason.END_OF_TEXT || sample.length() == 30, "a prompt longer than the context is cropped");
    }

    @Test
    void anEmptyPromptStartsFromEndOfText() {
        Generator generator = new Generator(ToyModels.greedyTrap(), abc);
        Prompt empty = generator.prompt("");
        assertTrue(empty.startsFromEndOfText());
        assertArrayEquals(new int[] {ToyModels.EOT}, empty.ids());
        assertArrayEquals(new int[] {A, B, A}, generator.generate(empty, DecodingSettings.greedy(), 3, 0, TokenListener.NONE).tokens(),
                "<eot> → a → b → a");
    }

    @Test
    void aModelAndATokenizerOfDifferentSizesAreRefused() {
        LanguageModel sixTokens = ToyModels.bigram(new double[6][6], 4);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Generator(sixTokens, abc));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
    }

    static Gpt tinyGpt(int contextLength) {
        return new Gpt(new GptConfig(5, contextLength, 16, 2, 1, 0.0, false, true), new Rng(4));
    }
}
