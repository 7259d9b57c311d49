package org.slmworkshop.ui.lab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;

class ColumnTextTest {
    @Test
    void a_loop_is_marked_from_its_second_round_on() {
        String loop = "and the old man and the old man and the old man";
        boolean[] repeated = ColumnText.repeated(loop);
        int second = loop.indexOf("and", 1);
        for (int i = 0; i < second; i++) assertFalse(repeated[i], "the first round is new text, at " + i);
        for (int i = second; i < loop.length(); i++) assertTrue(repeated[i], "the later rounds repeat it, at " + i);
        assertEquals((loop.length() - second) / (double) loop.length(), ColumnText.share(repeated), 1e-12);
    }

    @Test
    void ordinary_prose_has_no_repeated_stretch() {
        boolean[] repeated = ColumnText.repeated("It was a dark night, and the old man sat by the fire with his dog.");
        assertEquals(0.0, ColumnText.share(repeated));
    }

    @Test
    void runs_split_where_the_text_leaves_greedy_and_where_it_repeats() {
        String continuation = "abcdefghijklmn abcdefghijklmn";
        boolean[] repeated = ColumnText.repeated(continuation);
        List<ColumnText.Run> runs = ColumnText.runs("Go: ", continuation, 4, repeated);
        assertEquals("Go: " + continuation, runs.stream().map(ColumnText.Run::text).collect(Collectors.joining()));
        assertTrue(runs.get(0).prompt());
        assertEquals("abcd", runs.get(1).text());
        assertFalse(runs.get(1).diverged());
        assertTrue(runs.get(2).diverged() && !runs.get(2).repeated());
        assertTrue(runs.get(runs.size() - 1).diverged() && runs.get(runs.size() - 1).repeated());
    }

    @Test
    void a_token_index_becomes_the_character_where_it_starts() {
        Tokenizer words = Tokenizers.restore(Map.of("kind", "char", "symbols", List.of("a", "b", " ")));
        int[] tokens = words.encode("ab ba").ids();
        String text = words.decode(tokens);
        assertEquals(0, ColumnText.charOffset(words, tokens, text, 0));
        assertEquals(3, ColumnText.charOffset(words, tokens, text, 3));
        assertEquals(text.length(), ColumnText.charOffset(words, tokens, text, 99));
    }
}
