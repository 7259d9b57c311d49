package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.generate.LogitTransforms.Stage;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;

/** Settings that fail with the valid range in the message, the --compare syntax, prompts, and the distribution view. */
class SettingsAndPromptTest {

    private static String failure(Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }

    @Test
    void badSettingsSayWhatIsWrongAndTheValidRange() {
        assertTrue(failure(() -> DecodingSettings.sample(0)).contains("temperature must be > 0"));
        assertTrue(failure(() -> DecodingSettings.sample(-1)).contains("greedy"), "points to greedy for T = 0");
        assertTrue(failure(() -> DecodingSettings.sample(1).withTopK(0)).contains("top-k must be at least 1"));
        assertTrue(failure(() -> DecodingSettings.sample(1).withTopP(0)).contains("(0, 1]"));
        assertTrue(failure(() -> DecodingSettings.sample(1).withTopP(1.5)).contains("(0, 1]"));
        assertTrue(failure(() -> DecodingSettings.sample(1).withMinP(-0.1)).contains("[0, 1]"));
        assertTrue(failure(() -> DecodingSettings.sample(1).withRepetitionPenalty(0)).contains("> 0"));
        assertTrue(failure(() -> DecodingSettings.beam(0, false)).contains("beam width must be in [1, 64]"));
        assertEquals(Strategy.GREEDY, new DecodingSettings(Strategy.GREEDY, 0, null, 1, 0, 1, 1, false).strategy(),
                "temperature is not used by greedy, so 0 is fine there");
    }

    @Test
    void compareSpecsParseAndPrintBack() {
        assertEquals(DecodingSettings.greedy(), SettingsSpec.parse("greedy"));
        assertEquals(DecodingSettings.sample(0.8), SettingsSpec.parse("temperature=0.8"));
        assertEquals(DecodingSettings.sample(1.0).withTopK(40), SettingsSpec.parse("top-k=40"));
        assertEquals(DecodingSettings.sample(0.9).withTopP(0.9), SettingsSpec.parse(" top-p=0.9, temperature=0.9 "));
        assertEquals(DecodingSettings.beam(4, true), SettingsSpec.parse("beam=4,length-norm"));
        assertEquals(DecodingSettings.sample(1.0).withMinP(0.05).withRepetitionPenalty(1.3),
                SettingsSpec.parse("min-p=0.05,repetition_penalty=1.3"));
        for (String spec : List.of("greedy", "temperature=0.8", "top-k=40", "temperature=0.9,top-p=0.9", "beam=4",
                "beam=2,length-norm", "temperature=1.0", "min-p=0.1,repetition-penalty=1.2")) {
            assertEquals(spec, SettingsSpec.parse(spec).label(), "label() writes the spec syntax back");
        }
        assertTrue(failure(() -> SettingsSpec.parse("top-q=3")).contains("unknown item 'top-q=3'"));
        assertTrue(failure(() -> SettingsSpec.parse("top-k=ten")).contains("whole number"));
        assertTrue(failure(() -> SettingsSpec.parse("temperature")).contains("needs a value"));
        assertTrue(failure(() -> SettingsSpec.parse("top-p=2")).contains("(0, 1]"));
    }

    @Test
    void unknownPromptTextIsNamed() {
        Tokenizer chars = ToyModels.abc();
        Prompt prompt = Prompt.encode(chars, "abéc€a€");
        assertArrayEquals(new int[] {2, 3, 0, 4, 0, 2, 0}, prompt.ids());
        assertEquals(List.of("é", "€"), prompt.unknownPieces(), "each distinct piece once, in order");
        assertEquals("\"é\" (U+00E9), \"€\" (U+20AC)", prompt.describeUnknowns());
        assertEquals(List.of("éé"), Prompt.encode(chars, "aééb").unknownPieces(), "neighbours form one piece");
        assertFalse(Prompt.encode(chars, "cab").hasUnknowns());

        Tokenizer words = Tokenizers.restore(Map.of("kind", "word", "symbols", List.of("The", " cat", " sat", ".")));
        Prompt sentence = Prompt.encode(words, "The dog sat on the cat.");
        assertEquals(List.of(" dog", " on the"), sentence.unknownPieces());
    }

    @Test
    void theDistributionShowsEachTransformInOrderAndWhatItCut() {
        Generator generator = new Generator(ToyModels.greedyTrap(), ToyModels.abc());
        DecodingSettings settings = DecodingSettings.sample(2.0).withTopK(2).withRepetitionPenalty(1.5);
        NextTokenDistribution view = generator.distribution(generator.prompt("a"), settings, 3);
        assertEquals(List.of(Stage.MODEL, Stage.REPETITION_PENALTY, Stage.TEMPERATURE, Stage.TOP_K), view.stages());
        assertEquals(ToyModels.B, view.tokens().get(0).id(), "rows by model probability");
        NextTokenDistribution.TokenRow b = view.tokens().get(0), c = view.tokens().get(1), eot = view.tokens().get(2);
        assertEquals(0.5, b.probabilityAt(0), 1e-6);
        assertEquals(0.4, c.probabilityAt(0), 1e-6);
        // T = 2 takes square roots: b : c : <eot> = √0.5 : √0.4 : √0.1
        double z = Math.sqrt(0.5) + Math.sqrt(0.4) + Math.sqrt(0.1);
        assertEquals(Math.sqrt(0.1) / z, eot.probabilityAt(2), 1e-5, "temperature lifts <eot> from 0.1");
        assertTrue(eot.cut() && !b.cut() && !c.cut(), "top-k = 2 cuts <eot>");
        assertEquals(Math.sqrt(0.5) / (Math.sqrt(0.5) + Math.sqrt(0.4)), b.probabilityAt(3), 1e-5);
        assertEquals(2, view.keptCounts().get(3));
    }
}
