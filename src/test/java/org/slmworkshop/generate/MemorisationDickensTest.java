package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusSplit;
import org.slmworkshop.text.SplitSpec;

/**
 * The meter on Dickens (1.2 M characters), the corpus it must stay fast on. It prints the build and
 * query times for the record; it asserts values only, never times.
 */
class MemorisationDickensTest {

    @Test
    void dickensFindsAPlantedPassageAndACopiedPageAndPrintsItsTimes() {
        Corpus dickens = CorpusCatalog.load("dickens");
        CorpusSplit split = CorpusSplit.of(dickens, SplitSpec.DEFAULT);
        String trainText = split.trainText();

        long start = System.nanoTime();
        SuffixIndex index = TrainingIndex.of(dickens, SplitSpec.DEFAULT);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(trainText.length(), index.length());

        String passage = trainText.substring(500_000, 500_200);
        // the filler touches the passage with Greek letters: a space there could extend the match by one
        String planted = "ΑΒΓΔΕ ζηθ ικλμν ξοπρσ ".repeat(5) + "ω" + passage + "ΤΥΦΧΨΩ ".repeat(10);
        start = System.nanoTime();
        Memorisation meter = Memorisation.measure(index, planted, 24);
        double plantedMillis = (System.nanoTime() - start) / 1e6;
        assertEquals(1, meter.spans().size());
        assertEquals(111, meter.spans().get(0).start());
        assertEquals(200, meter.longestMatch());
        assertEquals(passage, trainText.substring(meter.longest().trainingOffset(), meter.longest().trainingOffset() + 200));

        String page = trainText.substring(200_000, 205_000);   // a 5,000-character copy: the slowest kind of query
        start = System.nanoTime();
        Memorisation copied = Memorisation.measure(index, page, 24);
        double pageMillis = (System.nanoTime() - start) / 1e6;
        assertEquals(1.0, copied.copiedShare(), 0);
        assertEquals(5_000, copied.longestMatch());

        String unseen = split.validationText().substring(10_000, 11_000);   // new text in Dickens's own words
        start = System.nanoTime();
        Memorisation fresh = Memorisation.measure(index, unseen, 24);
        double unseenMillis = (System.nanoTime() - start) / 1e6;
        assertTrue(fresh.longestMatch() < 1_000);

        System.out.printf("dickens: index of %,d training chars built in %.2f s; queries: planted 381 chars %.1f ms,"
                        + " copied 5,000 chars %.1f ms, 1,000 validation chars %.1f ms (longest match %d, %.1f%% in spans ≥ 24)%n",
                index.length(), buildSeconds, plantedMillis, pageMillis, unseenMillis, fresh.longestMatch(),
                100 * fresh.copiedShare());
    }
}
