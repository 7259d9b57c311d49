package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusSplit;
import org.slmworkshop.text.SplitMode;
import org.slmworkshop.text.SplitSpec;

/** The memorisation meter: spans, the longest match and the copied share, worked out by hand or planted. */
class MemorisationTest {
    static Corpus macbeth;
    static String trainText;

    @BeforeAll
    static void loadMacbeth() {
        macbeth = CorpusCatalog.load("macbeth");
        trainText = CorpusSplit.of(macbeth, SplitSpec.DEFAULT).trainText();
    }

    /** Greek letters: Macbeth, in First Folio English, holds none of them. */
    private static String novel(int length, int seed) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) out.append((char) ('α' + (i * 7 + seed) % 24));
        return out.toString();
    }

    @Test
    void aSmallCaseWorkedOutByHand() {
        // "xabracax" against "abracadabra": from 1, "abraca" (6) occurs and "abracax" does not; from 2..6 the
        // rest of that; the x's match nothing. One maximal span of ≥ 3: [1, 7), 6 of 8 characters.
        SuffixIndex index = SuffixIndex.of("abracadabra");
        int[] expected = {0, 6, 5, 4, 3, 2, 1, 0};
        SuffixIndex.Match[] matches = index.matchingStatistics("xabracax");
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], matches[i].length(), "position " + i);

        Memorisation meter = Memorisation.measure(index, "xabracax", 3);
        assertEquals(List.of(new Memorisation.Span(1, 7, 6, 0, "abraca")), meter.spans());
        assertEquals(6, meter.longestMatch());
        assertEquals(6, meter.copiedCharacters());
        assertEquals(0.75, meter.copiedShare(), 0);
        assertEquals("x⟦abraca⟧x", meter.marked("xabracax", "⟦", "⟧"));
        assertEquals("longest span 6 characters (\"abraca\"), 75.0% of characters in spans of ≥ 3", meter.describe());
    }

    @Test
    void overlappingSpansCountTheirUnionOnce() {
        // "hello world peace" stitches the two documents: [0, 11) and [6, 17) overlap on "world"
        SuffixIndex index = SuffixIndex.of(List.of("hello world", "world peace"));
        Memorisation meter = Memorisation.measure(index, "hello world peace", 8);
        assertEquals(List.of(new Memorisation.Span(0, 11, 11, 0, "hello world"),
                new Memorisation.Span(6, 17, 11, 13, "world peace")), meter.spans());
        assertEquals(17, meter.copiedCharacters());
        assertEquals(1.0, meter.copiedShare(), 0);
        assertEquals("⟦hello world peace⟧", meter.marked("hello world peace", "⟦", "⟧"));
        // with a higher minimum nothing is a span, but the longest match is still reported
        Memorisation strict = Memorisation.measure(index, "hello world peace", 12);
        assertEquals(List.of(), strict.spans());
        assertEquals(11, strict.longestMatch());
        assertEquals(new Memorisation.Span(0, 11, 11, 0, "hello world"), strict.longest());
        assertEquals(0, strict.copiedShare(), 0);
        assertEquals("longest match 11 characters (\"hello world\"), 0.0% of characters in spans of ≥ 12", strict.describe());
    }

    @Test
    void aPlanted200CharacterPassageOfTheTrainingSplitIsFoundExactly() {
        int from = 41_234;
        String passage = trainText.substring(from, from + 200);
        String sample = novel(137, 1) + passage + novel(90, 5);
        Memorisation meter = Memorisation.measure(TrainingIndex.of(macbeth, SplitSpec.DEFAULT), sample, 24);

        assertEquals(1, meter.spans().size(), meter.spans().toString());
        Memorisation.Span span = meter.spans().get(0);
        assertEquals(137, span.start());
        assertEquals(337, span.end());
        assertEquals(200, span.length());
        assertEquals(passage, span.text());
        assertEquals(passage, trainText.substring(span.trainingOffset(), span.trainingOffset() + 200));
        assertEquals(span, meter.longest());
        assertEquals(200, meter.longestMatch());
        assertEquals(200, meter.copiedCharacters());
        assertEquals(200.0 / 427, meter.copiedShare(), 1e-15);
    }

    @Test
    void textOfCharactersAbsentFromTheCorpusCopiesNothing() {
        String sample = novel(500, 3);
        assertTrue(sample.chars().noneMatch(c -> macbeth.text().indexOf(c) >= 0), "precondition: Greek is not in Macbeth");
        Memorisation meter = Memorisation.measure(TrainingIndex.of(macbeth, SplitSpec.DEFAULT), sample, 24);
        assertEquals(0, meter.longestMatch());
        assertNull(meter.longest());
        assertEquals(List.of(), meter.spans());
        assertEquals(0, meter.copiedCharacters());
        assertEquals(0, meter.copiedShare(), 0);
        assertEquals("longest match 0 characters, 0.0% of characters in spans of ≥ 24", meter.describe());

        Memorisation empty = Memorisation.measure(TrainingIndex.of(macbeth, SplitSpec.DEFAULT), "", 24);
        assertEquals(0, empty.copiedShare(), 0);
        assertEquals("empty text, nothing to measure", empty.describe());
    }

    @Test
    void theValidationSplitIsNotSearched() {
        // the last 100 characters of Macbeth lie in the validation split: they match less there than in the whole text
        String tail = macbeth.text().substring(macbeth.text().length() - 100);
        assertFalse(trainText.contains(tail));
        assertEquals(100, Memorisation.measure(SuffixIndex.of(macbeth.text()), tail, 24).longestMatch());
        assertTrue(Memorisation.measure(TrainingIndex.of(macbeth, SplitSpec.DEFAULT), tail, 24).longestMatch() < 100);
    }

    @Test
    void theIndexIsBuiltOncePerCorpusAndSplitAndTheCacheKeepsTwo() {
        SplitSpec other = new SplitSpec(0.8, 0.2, SplitMode.CONTIGUOUS, 0);
        SplitSpec third = new SplitSpec(0.7, 0.3, SplitMode.CONTIGUOUS, 0);
        SuffixIndex first = TrainingIndex.of(macbeth, SplitSpec.DEFAULT);
        assertSame(first, TrainingIndex.of(macbeth, SplitSpec.DEFAULT));
        assertSame(first, TrainingIndex.of(macbeth, SplitSpec.DEFAULT.withSeed(1337)), "a contiguous split ignores its seed");
        assertNotSame(first, TrainingIndex.of(macbeth, other));
        assertEquals(CorpusSplit.of(macbeth, other).trainText().length(), TrainingIndex.of(macbeth, other).length());
        TrainingIndex.of(macbeth, SplitSpec.DEFAULT);    // most recently used: the third evicts `other`
        TrainingIndex.of(macbeth, third);
        assertTrue(TrainingIndex.isCached(macbeth, SplitSpec.DEFAULT));
        assertFalse(TrainingIndex.isCached(macbeth, other));
    }

    @Test
    void badMinimumsAreRefusedWithAClearMessage() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> Memorisation.measure(SuffixIndex.of("abc"), "abc", 0)).getMessage();
        assertEquals("the minimum span must be at least 1 character, got 0", message);
    }
}
