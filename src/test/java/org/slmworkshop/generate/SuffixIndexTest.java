package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.util.Rng;

/** The suffix array and its matching statistics against brute force on small random texts. */
class SuffixIndexTest {

    private static String random(Rng rng, int length, String alphabet) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) out.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        return out.toString();
    }

    /** Every suffix start, sorted by String.compareTo of the suffixes (a shorter suffix before its extensions). */
    private static int[] bruteForceSuffixArray(String text) {
        Integer[] starts = new Integer[text.length()];
        for (int i = 0; i < starts.length; i++) starts[i] = i;
        Arrays.sort(starts, Comparator.comparing(text::substring));
        return Arrays.stream(starts).mapToInt(Integer::intValue).toArray();
    }

    /** The longest prefix of sample[i..] inside one document, by String.contains. */
    private static int bruteForceLongestMatch(List<String> documents, String sample, int i) {
        int best = 0;
        for (int k = 1; i + k <= sample.length(); k++) {
            String piece = sample.substring(i, i + k);
            if (documents.stream().noneMatch(d -> d.contains(piece))) break;
            best = k;
        }
        return best;
    }

    @Test
    void suffixArrayEqualsSortingTheSuffixesOnRandomStrings() {
        Rng rng = new Rng(42);
        for (String alphabet : List.of("a", "ab", "abc", "abcdefghij", "a\u00e9\uffff\u0000")) {
            for (int trial = 0; trial < 60; trial++) {
                String text = random(rng, rng.nextInt(300), alphabet);
                assertArrayEquals(bruteForceSuffixArray(text), SuffixIndex.of(text).suffixArray(),
                        "alphabet " + alphabet + ", text " + text);
            }
        }
    }

    @Test
    void longRepeatsNeedManyDoublingRoundsAndStillSort() {
        String text = "ab".repeat(700) + "abc" + "ab".repeat(300);   // longest repeat ≈ 1,300 chars: 11 rounds
        assertArrayEquals(bruteForceSuffixArray(text), SuffixIndex.of(text).suffixArray());
    }

    @Test
    void matchingStatisticsEqualBruteForceAndPointAtAnOccurrence() {
        Rng rng = new Rng(7);
        for (int trial = 0; trial < 200; trial++) {
            String alphabet = trial % 2 == 0 ? "ab" : "abcd";
            List<String> documents = new ArrayList<>();
            int count = 1 + rng.nextInt(3);
            for (int d = 0; d < count; d++) documents.add(random(rng, 1 + rng.nextInt(80), alphabet));
            String joined = String.join(Corpus.DOCUMENT_SEPARATOR, documents);
            String sample = random(rng, rng.nextInt(60), alphabet + "x\n");
            SuffixIndex index = SuffixIndex.of(documents);
            assertEquals(joined.length(), index.length());
            SuffixIndex.Match[] matches = index.matchingStatistics(sample);
            for (int i = 0; i < sample.length(); i++) {
                int length = matches[i].length();
                assertEquals(bruteForceLongestMatch(documents, sample, i), length, "position " + i + " of " + sample);
                if (length == 0) {
                    assertEquals(-1, matches[i].textOffset());
                } else {
                    assertTrue(joined.startsWith(sample.substring(i, i + length), matches[i].textOffset()),
                            "the offset points at the match");
                }
            }
        }
    }

    @Test
    void aMatchNeverRunsAcrossTheBoundaryBetweenDocuments() {
        SuffixIndex index = SuffixIndex.of(List.of("hello world", "world peace"));
        assertEquals(5, index.longestMatch("world\n\nworld", 0).length());   // the joined text holds it, no document does
        assertEquals(new SuffixIndex.Match(11, 13), index.longestMatch("world peace!", 0));
        assertEquals(new SuffixIndex.Match(0, -1), index.longestMatch("\n", 0));
    }
}
