package org.slmworkshop.ui.lab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slmworkshop.generate.Memorisation;
import org.slmworkshop.generate.SuffixIndex;
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

    @Test
    void the_copied_marks_cover_exactly_the_meters_spans_and_the_runs_split_where_they_start_and_end() {
        String first = "It was the best of times, it was the worst of times";
        String second = "it was the age of wisdom, it was the age of foolishness";
        SuffixIndex training = SuffixIndex.of(List.of("Chapter 1. " + first + ".", "Chapter 2. " + second + "."));
        String text = "Oh! " + first + ", " + second + "!";   // ", " joins two passages the training text keeps apart
        Memorisation meter = Memorisation.measure(training, text, 24);
        assertFalse(meter.spans().isEmpty());
        boolean[] copied = ColumnText.copied(meter);
        int marked = 0;
        for (int i = 0; i < text.length(); i++) {
            int at = i;
            assertEquals(meter.spans().stream().anyMatch(span -> span.start() <= at && at < span.end()), copied[i], "char " + i);
            if (copied[i]) marked++;
        }
        assertEquals(meter.copiedCharacters(), marked, "the marks are the union of the spans");

        List<ColumnText.Run> runs = ColumnText.runs("Go: ", text, -1, new boolean[text.length()], copied);
        assertEquals("Go: " + text, runs.stream().map(ColumnText.Run::text).collect(Collectors.joining()));
        assertEquals(text.substring(0, meter.spans().get(0).start()), runs.get(1).text(), "plain up to the first span");
        assertFalse(runs.get(1).copied());
        int offset = 0;
        for (ColumnText.Run run : runs.subList(1, runs.size())) {
            for (int i = 0; i < run.text().length(); i++) assertEquals(copied[offset + i], run.copied(), "char " + (offset + i));
            offset += run.text().length();
        }
        assertEquals(String.format(Locale.ROOT, "copied: longest %d chars, %.0f%% of text", meter.longestMatch(),
                100 * meter.copiedShare()), CopiedLine.of(meter));
    }

    @Test
    void a_text_with_nothing_long_enough_in_common_reads_no_copying_and_a_little_copying_never_reads_zero() {
        Memorisation none = Memorisation.measure(SuffixIndex.of("abcdefgh"), "xyz xyz", 24);
        assertEquals("no copying ≥ 24 chars", CopiedLine.of(none));
        assertTrue(CopiedLine.explanation(none, "tiny").contains("no character of it occurs there"));
        assertEquals("<1%", CopiedLine.percent(0.004));
        assertEquals("0%", CopiedLine.percent(0));
        assertEquals("12%", CopiedLine.percent(0.12));
    }
}
