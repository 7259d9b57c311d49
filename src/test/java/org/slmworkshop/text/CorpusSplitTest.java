package org.slmworkshop.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CorpusSplitTest {
    private static final List<String> TWENTY_DOCUMENTS = IntStream.range(0, 20).mapToObj(i -> "document " + i).toList();

    @Test
    void defaultSpecIsNanoGptsNinetyTenContiguousSplit() {
        assertEquals(new SplitSpec(0.9, 0.1, SplitMode.CONTIGUOUS, 0), SplitSpec.DEFAULT);
        assertEquals(0.0, SplitSpec.DEFAULT.testFraction(), 1e-12);
    }

    @Test
    void specRejectsFractionsOutsideTheUnitIntervalOrSummingPastOne() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SplitSpec(0, 0.1, SplitMode.CONTIGUOUS, 0))
                .getMessage().contains("trainFraction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SplitSpec(0.9, -0.1, SplitMode.CONTIGUOUS, 0))
                .getMessage().contains("validationFraction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SplitSpec(0.8, 0.3, SplitMode.CONTIGUOUS, 0))
                .getMessage().contains("at most 1"));
        assertThrows(IllegalArgumentException.class, () -> new SplitSpec(Double.NaN, 0.1, SplitMode.CONTIGUOUS, 0));
        assertThrows(NullPointerException.class, () -> new SplitSpec(0.9, 0.1, null, 0));
        assertEquals(0.1, new SplitSpec(0.8, 0.1, SplitMode.BY_DOCUMENT, 1).testFraction(), 1e-12);
    }

    @Test
    void contiguousSplitOfOneDocumentCutsAtNinetyPercentOfTheCharacters() {
        String text = "abcdefghij".repeat(10);
        CorpusSplit split = CorpusSplit.of("letters", List.of(text), SplitSpec.DEFAULT);
        assertEquals(List.of(text.substring(0, 90)), split.train());
        assertEquals(List.of(text.substring(90)), split.validation());
        assertEquals(List.of(), split.test());
        assertEquals(text, split.trainText() + split.validationText());
    }

    @Test
    void contiguousSplitKeepsDocumentsAndCutsInsideTheOneAtTheBoundary() {
        // joined: "aaaa\n\nbbbb\n\ncccc" = 16 chars; 50% -> 8, 75% -> 12 (a separator: snaps to the next document)
        List<String> documents = List.of("aaaa", "bbbb", "cccc");
        CorpusSplit split = CorpusSplit.of("abc", documents, new SplitSpec(0.5, 0.25, SplitMode.CONTIGUOUS, 0));
        assertEquals(List.of("aaaa", "bb"), split.train());
        assertEquals(List.of("bb"), split.validation());
        assertEquals(List.of("cccc"), split.test());
    }

    @Test
    void contiguousCutNeverSplitsASurrogatePair() {
        String text = "ab😀cd"; // 6 chars; 50% lands between the emoji's two halves
        CorpusSplit split = CorpusSplit.of("emoji", List.of(text), new SplitSpec(0.5, 0.5, SplitMode.CONTIGUOUS, 0));
        assertEquals("ab😀", split.trainText());
        assertEquals("cd", split.validationText());
    }

    @Test
    void byDocumentSplitDealsWholeDocumentsDeterministicallyForASeed() {
        SplitSpec spec = new SplitSpec(0.7, 0.2, SplitMode.BY_DOCUMENT, 42);
        CorpusSplit first = CorpusSplit.of("docs", TWENTY_DOCUMENTS, spec);
        CorpusSplit again = CorpusSplit.of("docs", TWENTY_DOCUMENTS, spec);
        assertEquals(first, again);
        assertEquals(14, first.train().size());
        assertEquals(4, first.validation().size());
        assertEquals(2, first.test().size());
        List<String> all = new ArrayList<>(first.train());
        all.addAll(first.validation());
        all.addAll(first.test());
        assertEquals(new HashSet<>(TWENTY_DOCUMENTS), new HashSet<>(all));
        assertEquals(20, all.size());
        // parts keep corpus order
        assertEquals(first.train().stream().sorted((a, b) -> TWENTY_DOCUMENTS.indexOf(a) - TWENTY_DOCUMENTS.indexOf(b)).toList(),
                first.train());
        assertNotEquals(first.validation(), CorpusSplit.of("docs", TWENTY_DOCUMENTS, spec.withSeed(43)).validation());
    }

    @Test
    void byDocumentSplitGivesASmallCorpusAtLeastOneValidationDocument() {
        CorpusSplit split = CorpusSplit.of("pair", List.of("one", "two"), new SplitSpec(0.9, 0.1, SplitMode.BY_DOCUMENT, 7));
        assertEquals(1, split.train().size());
        assertEquals(1, split.validation().size());
    }

    @Test
    void byDocumentSplitOfASingleDocumentExplainsWhyAndWhatToUse() {
        CorpusException error = assertThrows(CorpusException.class,
                () -> CorpusSplit.of("dickens", List.of("one long novel"), SplitSpec.DEFAULT.withMode(SplitMode.BY_DOCUMENT)));
        assertTrue(error.getMessage().contains("'dickens'") && error.getMessage().contains("CONTIGUOUS"), error.getMessage());
    }
}
