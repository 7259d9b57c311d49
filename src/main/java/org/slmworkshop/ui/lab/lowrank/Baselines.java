package org.slmworkshop.ui.lab.lowrank;

import java.util.List;
import org.slmworkshop.model.CountingBigram;
import org.slmworkshop.model.CountingUnigram;
import org.slmworkshop.train.PreparedCorpus;

/**
 * The rungs that need no training, measured on the whole validation split: uniform (ln V), the
 * add-1 unigram and the add-1 counting bigram, both counted on the training split, as
 * {@code fit-counts} does.
 *
 * @param countingBigram NaN when the V×V table of counts is too large to hold here
 */
record Baselines(int vocabSize, double uniform, double unigram, double countingBigram) {
    /** Counts are doubles: 20 million of them are 160 MB, the most this lab will hold for a table. */
    static final long MAX_COUNTED_PAIRS = 20_000_000L;

    static Baselines of(PreparedCorpus prepared) {
        int vocab = prepared.tokenizer().vocabSize();
        List<int[]> train = List.of(prepared.data().trainTokens());
        List<int[]> validation = List.of(prepared.data().validationTokens());
        double unigram = CountingUnigram.fit(train, vocab, 1.0).crossEntropy(validation);
        double bigram = countable(vocab) ? CountingBigram.fit(train, vocab, 1.0).crossEntropy(validation) : Double.NaN;
        return new Baselines(vocab, Math.log(vocab), unigram, bigram);
    }

    static boolean countable(int vocabSize) {
        return (long) vocabSize * vocabSize <= MAX_COUNTED_PAIRS;
    }
}
