package org.slmworkshop.ui.lab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;

class SamplingSetupTest {
    private static LabSettings lab(String prompt, Map<String, Object> sampling) {
        return new LabSettings(Lab.SAMPLING, null, null, null, null, Map.of(), null, prompt, sampling, null, null, List.of(), null);
    }

    @Test
    void lesson_sevens_compare_list_gives_the_columns_and_the_sliders_start_at_their_values() {
        SamplingSetup setup = SamplingSetup.from(lab("It was a", Map.of("maxTokens", 200, "seed", 1337,
                "compare", List.of("greedy", "temperature=0.8", "top-k=10", "top-p=0.9,temperature=0.9", "beam=4"))));
        assertEquals("It was a", setup.prompt());
        assertEquals(200, setup.maxTokens());
        assertEquals(1337, setup.seed());
        assertEquals(List.of("greedy", "temperature=0.8", "top-k=10", "temperature=0.9,top-p=0.9", "beam=4"),
                setup.columns().stream().map(Column::label).toList());
        assertEquals(List.of("greedy", "temperature", "top-k", "top-p", "beam search"),
                setup.columns().stream().map(Column::title).toList());
        assertEquals(new Knobs(0.8, 10, 0.9, 0.0, 1.0, 4), setup.knobs(), "the first column using each knob sets its slider");
    }

    @Test
    void without_a_compare_list_the_five_usual_columns_come_from_the_scalars() {
        SamplingSetup setup = SamplingSetup.from(lab(null, Map.of("temperature", 0.7, "topK", 40, "repetitionPenalty", 1.2)));
        assertEquals("", setup.prompt(), "no prompt: start from <eot>");
        assertEquals(SamplingSetup.DEFAULT_MAX_TOKENS, setup.maxTokens());
        assertEquals(SamplingSetup.DEFAULT_SEED, setup.seed());
        assertEquals(List.of("greedy,repetition-penalty=1.2", "temperature=0.7,repetition-penalty=1.2",
                        "temperature=0.7,top-k=40,repetition-penalty=1.2", "temperature=0.7,top-p=0.9,repetition-penalty=1.2",
                        "beam=4,repetition-penalty=1.2"),
                setup.columns().stream().map(Column::label).toList());
        assertEquals(new Knobs(0.7, 40, 0.9, 0.0, 1.2, 4), setup.knobs());
        SamplingSetup normalised = SamplingSetup.from(lab("x", Map.of("beamWidth", 6, "lengthNormalised", true)));
        assertEquals("beam=6,length-norm", normalised.columns().get(4).label());
    }

    @Test
    void a_setting_that_is_not_a_number_is_refused_in_words() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> SamplingSetup.from(lab("x", Map.of("temperature", "warm")))).getMessage();
        assertTrue(message.contains("temperature") && message.contains("warm"), message);
    }
}
