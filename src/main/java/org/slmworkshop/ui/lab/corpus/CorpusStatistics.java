package org.slmworkshop.ui.lab.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusSplit;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.PreparedCorpus;

/**
 * The numbers the lab shows for a prepared corpus, computed once off the FX thread.
 *
 * @param tokenCounts how often each id occurs in the train and validation streams together
 */
public record CorpusStatistics(String corpusId, String tokenizerKind, int documents, long characters,
                               long trainTokens, long validationTokens, long testTokens, int vocabSize,
                               int trainUnknowns, int validationUnknowns, long[] tokenCounts) {

    /** One of the most frequent tokens. */
    public record TokenCount(int id, String label, long count) {}

    public static CorpusStatistics of(PreparedCorpus prepared) {
        Corpus corpus = prepared.corpus();
        Tokenizer tokenizer = prepared.tokenizer();
        int[] train = prepared.data().trainTokens();
        int[] validation = prepared.data().validationTokens();
        long[] counts = new long[tokenizer.vocabSize()];
        for (int id : train) counts[id]++;
        for (int id : validation) counts[id]++;
        long test = 0;
        if (prepared.split().testFraction() > 0) {
            List<String> testDocuments = CorpusSplit.of(corpus, prepared.split()).test();
            if (!testDocuments.isEmpty()) test = Tokenizers.encodeDocuments(tokenizer, testDocuments).length();
        }
        return new CorpusStatistics(corpus.id(), tokenizer.kind(), corpus.documents().size(), corpus.charCount(),
                train.length, validation.length, test, tokenizer.vocabSize(), prepared.trainUnknowns(),
                prepared.validationUnknowns(), counts);
    }

    public long totalTokens() {
        return trainTokens + validationTokens + testTokens;
    }

    public double charactersPerToken() {
        return totalTokens() == 0 ? 0 : characters / (double) totalTokens();
    }

    /** The loss of the model that gives every token 1/V: ln V nats. */
    public double uniformLoss() {
        return Math.log(vocabSize);
    }

    /** A full V×V bigram table of float32 weights. */
    public long bigramBytes() {
        return 4L * vocabSize * vocabSize;
    }

    public long frequency(int id) {
        return id >= 0 && id < tokenCounts.length ? tokenCounts[id] : 0;
    }

    public List<TokenCount> topTokens(Tokenizer tokenizer, int n) {
        List<Integer> ids = new ArrayList<>(IntStream.range(0, tokenCounts.length).boxed().toList());
        ids.sort(Comparator.<Integer>comparingLong(id -> -tokenCounts[id]).thenComparingInt(id -> id));
        return ids.stream().limit(n).filter(id -> tokenCounts[id] > 0)
                .map(id -> new TokenCount(id, readable(tokenizer.token(id)), tokenCounts[id])).toList();
    }

    /** The tokenizer's label with whitespace drawn as the token spans draw it (· for a space, ↵ for a line break). */
    private static String readable(String label) {
        return label.equals(Tokenizer.UNKNOWN) || label.equals(Tokenizer.END_OF_TEXT) ? label
                : label.replace('␣', '·').replace("\\n", "↵").replace("\\t", "⇥");
    }
}
