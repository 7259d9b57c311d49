package org.slmworkshop.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFilesTest {
    @TempDir
    Path folder;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(folder.resolve(name), bytes);
    }

    private String errorFor(Path file) {
        return assertThrows(CorpusException.class, () -> CorpusFiles.load(file)).getMessage();
    }

    @Test
    void plainTextIsOneDocumentWithBomRemovedAndLineEndsMadeLf() throws IOException {
        Path file = writeBytes("story.txt", "\uFEFFOne\r\nTwo\rThree\n".getBytes(StandardCharsets.UTF_8));
        Corpus corpus = CorpusFiles.load(file);
        assertEquals(List.of("One\nTwo\nThree\n"), corpus.documents());
        assertEquals(Corpus.sha256("One\nTwo\nThree\n"), corpus.sha256());
        assertEquals(CorpusFormat.PLAIN_TEXT, CorpusFiles.detectFormat(file));
    }

    @Test
    void characterCountsTellUtf16CharsFromCodePoints() throws IOException {
        Corpus corpus = CorpusFiles.load(write("emoji.txt", "a😀b"));
        assertEquals(4, corpus.charCount());
        assertEquals(3, corpus.codePointCount());
    }

    @Test
    void missingFileIsNamedInTheError() {
        String message = errorFor(folder.resolve("nowhere.txt"));
        assertTrue(message.contains("nowhere.txt") && message.contains("file not found"), message);
    }

    @Test
    void emptyAndWhitespaceOnlyFilesAreRefused() throws IOException {
        assertTrue(errorFor(write("empty.txt", "")).endsWith("empty.txt: is empty"));
        assertTrue(errorFor(write("blank.txt", " \n\n\t ")).contains("is empty"));
    }

    @Test
    void filesWithNulBytesOrMostlyControlCharactersAreCalledBinary() throws IOException {
        String nul = errorFor(writeBytes("image.txt", new byte[] {'P', 'N', 'G', 0, 1, 2}));
        assertTrue(nul.contains("image.txt") && nul.contains("binary") && nul.contains("offset 3"), nul);
        String controls = errorFor(writeBytes("controls.txt", new byte[] {'a', 1, 2, 3, 4, 5, 6, 'b'}));
        assertTrue(controls.contains("binary") && controls.contains("control characters"), controls);
    }

    @Test
    void invalidUtf8ReportsTheOffsetOfTheFirstBadByte() throws IOException {
        byte[] latin1 = "café au lait".getBytes(StandardCharsets.ISO_8859_1); // é is the lone byte 0xE9 at offset 3
        String message = errorFor(writeBytes("latin1.txt", latin1));
        assertTrue(message.contains("latin1.txt") && message.contains("not valid UTF-8"), message);
        assertTrue(message.contains("byte offset 3") && message.contains("0xE9"), message);
    }

    @Test
    void unsupportedExtensionsAndNonPubmedXmlAreRefused() throws IOException {
        assertTrue(errorFor(write("table.csv", "a,b\n1,2\n")).contains("unsupported format (.csv)"));
        assertTrue(errorFor(write("page.xml", "<html><body>hi</body></html>")).contains("unsupported format"));
    }

    @Test
    void wikiTextStartsAnArticleAtEachLevelOneHeadingAndUndoesNumberMarkers() throws IOException {
        String raw = " \n = Valkyria Chronicles III = \n \n Senjō no Valkyria 3 is a tactical role @-@ playing game .\n"
                + " \n = = Gameplay = = \n \n It sold 1 @,@ 000 copies at 2 @.@ 5 each .\n"
                + " \n = Tower Building = \n \n The tower is 30 m tall .\n";
        Path file = write("wiki.train.raw", raw);
        assertEquals(CorpusFormat.WIKITEXT, CorpusFiles.detectFormat(file));
        assertEquals(List.of(
                "Valkyria Chronicles III\nSenjō no Valkyria 3 is a tactical role-playing game .\nGameplay\n"
                        + "It sold 1,000 copies at 2.5 each .",
                "Tower Building\nThe tower is 30 m tall ."), CorpusFiles.load(file).documents());
    }

    @Test
    void medlineRecordsBecomeTitleNewlineAbstractJoiningContinuationLines() throws IOException {
        String medline = "PMID- 111\nOWN - NLM\nTI  - A short title\n      that continues.\nAB  - First line of the\n"
                + "      abstract. Second sentence.\nFAU - Doe, Jane\n\n"
                + "PMID- 222\nTI  - Title only, no abstract.\n\n"
                + "PMID- 333\nTI  - Second title.\nAB  - BACKGROUND: Body.\n";
        Path file = write("pubmed.txt", medline);
        assertEquals(CorpusFormat.MEDLINE, CorpusFiles.detectFormat(file));
        assertEquals(List.of("A short title that continues.\nFirst line of the abstract. Second sentence.",
                "Second title.\nBACKGROUND: Body."), CorpusFiles.load(file).documents());
    }

    @Test
    void medlineWithoutAnyAbstractSaysSo() throws IOException {
        String message = errorFor(write("titles.txt", "PMID- 1\nTI  - Only a title.\n"));
        assertTrue(message.contains("titles.txt") && message.contains("no abstracts found"), message);
    }

    @Test
    void pubmedXmlJoinsLabelledSectionsAndKeepsTextInsideInlineMarkup() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">
                <PubmedArticleSet>
                  <PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
                    <ArticleTitle>Role of <i>NF-&#954;B</i> &amp; friends.</ArticleTitle>
                    <Abstract>
                      <AbstractText Label="BACKGROUND">Cells
                        respond.</AbstractText>
                      <AbstractText Label="RESULTS">It works &lt;well&gt;.</AbstractText>
                    </Abstract>
                  </Article></MedlineCitation></PubmedArticle>
                  <PubmedArticle><MedlineCitation><Article><ArticleTitle>No abstract here.</ArticleTitle></Article></MedlineCitation></PubmedArticle>
                  <PubmedArticle><MedlineCitation><Article><ArticleTitle>Plain.</ArticleTitle>
                    <Abstract><AbstractText>One paragraph.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>
                </PubmedArticleSet>
                """;
        Path file = write("pubmed.xml", xml);
        assertEquals(CorpusFormat.PUBMED_XML, CorpusFiles.detectFormat(file));
        assertEquals(List.of("Role of NF-κB & friends.\nBACKGROUND: Cells respond. RESULTS: It works <well>.",
                "Plain.\nOne paragraph."), CorpusFiles.load(file).documents());
    }

    @Test
    void pubmedXmlNeverExpandsExternalEntities() throws IOException {
        Path secret = write("secret.txt", "TOP SECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<PubmedArticleSet><PubmedArticle><ArticleTitle>T</ArticleTitle>"
                + "<AbstractText>&leak;</AbstractText></PubmedArticle></PubmedArticleSet>";
        Path file = write("evil.xml", xml);
        CorpusException error = assertThrows(CorpusException.class, () -> CorpusFiles.load(file));
        assertTrue(error.getMessage().contains("evil.xml"), error.getMessage());
        assertFalse(error.getMessage().contains("TOP SECRET"), error.getMessage());
    }

    @Test
    void pubmedXmlWithoutAbstractsSaysSo() throws IOException {
        String message = errorFor(write("none.xml",
                "<PubmedArticleSet><PubmedArticle><ArticleTitle>T</ArticleTitle></PubmedArticle></PubmedArticleSet>"));
        assertTrue(message.contains("none.xml") && message.contains("no abstracts found"), message);
    }

    @Test
    void malformedXmlIsReportedWithTheFileName() throws IOException {
        String message = errorFor(write("broken.xml", "<PubmedArticleSet><PubmedArticle><ArticleTitle>T</PubmedArticle>"));
        assertTrue(message.contains("broken.xml") && message.contains("not well-formed"), message);
    }

    @Test
    void aFolderWithoutSupportedFilesIsRefused() throws IOException {
        write("data.bin", "x");
        String message = assertThrows(CorpusException.class, () -> CorpusFiles.load(folder)).getMessage();
        assertTrue(message.contains("no supported files"), message);
    }
}
