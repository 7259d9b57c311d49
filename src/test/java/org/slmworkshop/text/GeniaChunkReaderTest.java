package org.slmworkshop.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeniaChunkReaderTest {

    private static String detokenise(String... tokens) {
        return GeniaChunkReader.detokenise(List.of(tokens).stream().map(GeniaChunkReader::unescape).toList());
    }

    @Test
    void punctuationIsReattachedAndEscapesAreUndone() {
        assertEquals("Cells (B cells), T cells; and 50% of them: done.",
                detokenise("Cells", "-LRB-", "B", "cells", "-RRB-", "COMMA", "T", "cells", ";", "and", "50", "%", "of", "them", ":", "done", "."));
        assertEquals("1,25-Dihydroxyvitamin and differentiation/activation",
                detokenise("1COMMA25-Dihydroxyvitamin", "and", "differentiation\\/activation"));
        assertEquals("Cushing's syndrome and the authors' aim", detokenise("Cushing", "'s", "syndrome", "and", "the", "authors", "'", "aim"));
        assertEquals("a \"housekeeping\" promoter", detokenise("a", "\"", "housekeeping", "\"", "promoter"));
    }

    @Test
    void aTitleLikeSentenceStartsANewAbstract(@TempDir Path folder) throws IOException {
        String chunks = """
                Regulation NN B-NP
                of IN B-PP
                kinase NN B-NP
                activity NN I-NP
                . . O

                Kinase NN B-NP
                activity NN I-NP
                was VBD B-VP
                measured VBN I-VP
                in IN B-PP
                cells NNS B-NP
                . . O

                We PRP B-NP
                found VBD B-VP
                that IN B-SBAR
                kinase NN B-NP
                activity NN I-NP
                rose VBD B-VP
                . . O

                Cloning NN B-NP
                of IN B-PP
                a DT B-NP
                novel JJ I-NP
                zebrafish JJ I-NP
                receptor NN I-NP
                gene NN I-NP
                . . O

                The DT B-NP
                zebrafish JJ I-NP
                receptor NN I-NP
                gene NN I-NP
                was VBD B-VP
                cloned VBN I-VP
                . . O

                """;
        Path file = Files.writeString(folder.resolve("tiny.chunks"), chunks.repeat(4));
        assertEquals(CorpusFormat.GENIA_CHUNKS, CorpusFiles.detectFormat(file));
        List<String> documents = CorpusFiles.load(file).documents();
        assertEquals("Regulation of kinase activity.\nKinase activity was measured in cells. We found that kinase activity rose.",
                documents.get(0));
        assertEquals("Cloning of a novel zebrafish receptor gene.\nThe zebrafish receptor gene was cloned.", documents.get(1));
        assertEquals(8, documents.size());
    }
}
