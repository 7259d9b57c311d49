package org.slmworkshop.ui.lab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which slider reaches which column. */
class ColumnTest {
    private static final Knobs MOVED = new Knobs(1.5, 3, 0.5, 0.2, 1.3, 6);

    @Test
    void a_sampled_column_follows_the_temperature_and_its_own_cuts_only() {
        Column topP = Column.parse("top-p=0.9,temperature=0.9", false);
        assertEquals(Set.of(Knob.TEMPERATURE, Knob.TOP_P, Knob.REPETITION_PENALTY), topP.uses());
        assertSame(topP, topP.follow(Knob.TOP_K, MOVED), "top-k leaves a top-p column alone");
        assertSame(topP, topP.follow(Knob.MIN_P, MOVED));
        assertEquals("temperature=1.5,top-p=0.9", topP.follow(Knob.TEMPERATURE, MOVED).label());
        assertEquals("temperature=0.9,top-p=0.5", topP.follow(Knob.TOP_P, MOVED).label());
        assertEquals("temperature=0.9,top-p=0.9,repetition-penalty=1.3", topP.follow(Knob.REPETITION_PENALTY, MOVED).label());
    }

    @Test
    void greedy_follows_the_penalty_and_beam_search_the_width() {
        Column greedy = Column.parse("greedy", false);
        for (Knob knob : Knob.values()) assertEquals(knob == Knob.REPETITION_PENALTY, greedy.follows(knob), knob.name());
        Column beam = Column.parse("beam=4", false);
        assertEquals("beam=6", beam.follow(Knob.BEAM_WIDTH, MOVED).label());
        assertSame(beam, beam.follow(Knob.TEMPERATURE, MOVED));
    }

    @Test
    void top_k_at_zero_switches_the_cut_off_and_the_column_still_follows_it() {
        Column topK = Column.parse("top-k=10", false);
        Column off = topK.follow(Knob.TOP_K, Knobs.NEUTRAL);
        assertNull(off.settings().topK());
        assertEquals("top-k", off.title(), "it stays the top-k column");
        assertEquals(3, off.follow(Knob.TOP_K, MOVED).settings().topK());
    }

    @Test
    void a_pinned_column_follows_nothing() {
        Column pinned = Column.parse("repetition-penalty=1.3", true);
        assertEquals("repetition penalty", pinned.title());
        for (Knob knob : Knob.values()) {
            assertFalse(pinned.follows(knob));
            assertSame(pinned, pinned.follow(knob, MOVED));
        }
        assertTrue(pinned.withPinned(false).follows(Knob.TEMPERATURE));
    }

    @Test
    void a_preset_takes_the_sliders_and_a_usual_value_for_a_cut_that_is_off() {
        assertEquals("temperature=1.5,min-p=0.2,repetition-penalty=1.3", Column.preset(Column.Preset.MIN_P, MOVED).label());
        assertEquals("top-k=10", Column.preset(Column.Preset.TOP_K, Knobs.NEUTRAL).label());
        assertEquals("beam=6,repetition-penalty=1.3", Column.preset(Column.Preset.BEAM, MOVED).label());
    }
}
