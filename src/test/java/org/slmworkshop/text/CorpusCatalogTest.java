package org.slmworkshop.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusCatalogTest {

    @Test
    void manifestListsTheThreeShippedCorporaWithDickensAsDefault() {
        CorpusCatalog catalog = CorpusCatalog.standard();
        assertEquals(List.of("dickens", "macbeth", "genia"), catalog.entries().stream().map(CorpusEntry::id).toList());
        assertEquals("dickens", catalog.defaultEntry().id());
        assertEquals("char", catalog.defaultEntry().tokenizer());
        assertEquals(SplitSpec.DEFAULT, catalog.defaultEntry().split());
        assertEquals("org.apache.crunch:crunch-test:0.15.0!/dickens.txt", catalog.defaultEntry().source());
        assertEquals(SplitMode.BY_DOCUMENT, catalog.find("genia").orElseThrow().split().mode());
    }

    @Test
    void everyShippedCorpusLoadsToTheChecksumSizeAndDocumentCountTheManifestRecords() {
        for (CorpusEntry entry : CorpusCatalog.standard().entries()) {
            Corpus corpus = CorpusCatalog.standard().load(entry);
            assertEquals(entry.sha256(), Corpus.sha256(corpus.text()), entry.id());
            assertEquals(entry.sha256(), corpus.sha256(), entry.id());
            assertEquals(entry.characters(), corpus.charCount(), entry.id());
            assertEquals(corpus.text().length(), corpus.charCount(), entry.id());
            assertEquals(entry.documents(), corpus.documents().size(), entry.id());
            assertEquals(entry.source(), corpus.source());
        }
    }

    @Test
    void dickensLosesItsByteOrderMarkAndMacbethItsCarriageReturns() {
        Corpus dickens = CorpusCatalog.load("dickens");
        assertTrue(dickens.text().startsWith("The Old Curiosity Shop\n\nBy Charles Dickens"));
        Corpus macbeth = CorpusCatalog.load("macbeth");
        assertTrue(macbeth.text().startsWith("The Tragedie of Macbeth\n\nActus Primus."));
        assertFalse(macbeth.text().contains("\r"));
    }

    @Test
    void geniaAbstractsAreRebuiltAsReadableTitleAndSentences() {
        Corpus genia = CorpusCatalog.load("genia");
        String first = genia.documents().get(0);
        assertTrue(first.startsWith("Induction of NF-KB during monocyte differentiation by HIV type 1 infection.\n"
                + "The production of human immunodeficiency virus type 1 (HIV-1) progeny was followed"), first);
        assertTrue(first.endsWith("allowing nuclear NF-KB expression."), first);
        assertTrue(genia.documents().get(1).startsWith("Positive and negative regulation of immunoglobulin gene"));
        String text = genia.text();
        assertFalse(text.contains("COMMA"));
        assertFalse(text.contains(" ,"));
        assertFalse(text.contains("( "));
        assertFalse(text.contains("\\/"));
        assertTrue(text.contains("1,25-Dihydroxyvitamin D3 receptor RNA: expression in hematopoietic cells."));
    }

    @Test
    void loadAcceptsAFilePathAndAFolderOfFiles(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("b.txt"), "second file");
        Files.writeString(folder.resolve("a.txt"), "first file");
        Files.writeString(folder.resolve("notes.pdf"), "skipped: not a text extension");
        Files.writeString(folder.resolve("README"), "skipped: no extension");
        Corpus single = CorpusCatalog.load(folder.resolve("a.txt").toString());
        assertEquals(List.of("first file"), single.documents());
        assertEquals("a", single.id());
        Corpus both = CorpusCatalog.load(folder.toString());
        assertEquals(List.of("first file", "second file"), both.documents());
        assertEquals("first file\n\nsecond file", both.text());
    }

    @Test
    void anUnknownIdThatIsNoFileNamesTheKnownIds() {
        CorpusException error = assertThrows(CorpusException.class, () -> CorpusCatalog.load("dikens"));
        assertTrue(error.getMessage().contains("dikens"), error.getMessage());
        assertTrue(error.getMessage().contains("dickens, macbeth, genia"), error.getMessage());
    }

    @Test
    void aCorpusWhoseTextNoLongerMatchesTheManifestChecksumIsRefused() {
        CorpusEntry real = CorpusCatalog.standard().find("macbeth").orElseThrow();
        CorpusEntry tampered = new CorpusEntry(real.id(), real.title(), real.artifact(), real.pathInJar(), real.resource(),
                real.licence(), real.format(), real.documents(), real.characters(), "0".repeat(64), real.tokenizer(), real.split());
        CorpusException error = assertThrows(CorpusException.class, () -> CorpusCatalog.standard().load(tampered));
        assertTrue(error.getMessage().contains("SHA-256"), error.getMessage());
    }

    @Test
    void tooFewTokensForOneWindowNamesCorpusTokenCountAndWindow() {
        CorpusException.requireMinimumTokens("tiny", 65, 64);
        CorpusException error = assertThrows(CorpusException.class,
                () -> CorpusException.requireMinimumTokens("tiny (validation)", 12, 64));
        assertEquals("corpus 'tiny (validation)' is too short to hold one training window: it has 12 tokens,"
                + " but a window needs 65 (context length 64 + 1)", error.getMessage());
    }
}
