package org.slmworkshop.train;

import java.util.List;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusException;
import org.slmworkshop.text.CorpusSplit;
import org.slmworkshop.text.Encoding;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.text.Tokenizers;

/**
 * A corpus made ready for training: split, tokenized (the vocabulary fitted on the training split
 * only, or restored from a checkpoint) and encoded both as streams and as documents.
 */
public record PreparedCorpus(Corpus corpus, SplitSpec split, Tokenizer tokenizer, TrainingData data,
                             int validationUnknowns, int trainUnknowns) {

    /** Fits a new tokenizer on the training split. */
    public static PreparedCorpus prepare(Corpus corpus, SplitSpec split, TokenizerSpec tokenizerSpec) {
        CorpusSplit parts = CorpusSplit.of(corpus, split);
        Tokenizer tokenizer = Tokenizers.fit(tokenizerSpec, parts.trainText());
        return encode(corpus, split, parts, tokenizer);
    }

    /** Encodes with an existing tokenizer, as when resuming or evaluating a checkpoint. */
    public static PreparedCorpus prepare(Corpus corpus, SplitSpec split, Tokenizer tokenizer) {
        return encode(corpus, split, CorpusSplit.of(corpus, split), tokenizer);
    }

    private static PreparedCorpus encode(Corpus corpus, SplitSpec split, CorpusSplit parts, Tokenizer tokenizer) {
        if (parts.validation().isEmpty() || parts.validationText().isEmpty()) {
            throw new CorpusException(corpus.id() + ": the validation split is empty; raise the validation fraction");
        }
        Encoding train = Tokenizers.encodeDocuments(tokenizer, parts.train());
        Encoding validation = Tokenizers.encodeDocuments(tokenizer, parts.validation());
        List<int[]> trainDocuments = Tokenizers.encodeEach(tokenizer, parts.train(), true);
        List<int[]> validationDocuments = Tokenizers.encodeEach(tokenizer, parts.validation(), true);
        TrainingData data = new TrainingData(corpus.id(), corpus.sha256(), train.ids(), validation.ids(),
                trainDocuments, validationDocuments, tokenizer.endOfTextId());
        return new PreparedCorpus(corpus, split, tokenizer, data, validation.unknownCount(), train.unknownCount());
    }

    /** Refuses a context that no window of the smaller split can hold, naming the corpus and sizes. */
    public void requireWindow(int contextLength) {
        int smallest = Math.min(data.trainTokens().length, data.validationTokens().length);
        if (smallest < contextLength + 1) {
            throw new CorpusException(String.format("%s is too short for a training window: its %s split holds %,d "
                    + "tokens but one window needs %,d (context %d + 1). Use a shorter context or a longer corpus.",
                    corpus.id(), data.validationTokens().length < data.trainTokens().length ? "validation" : "training",
                    smallest, contextLength + 1, contextLength));
        }
    }
}
