package org.slmworkshop.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.CountingBigram;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.train.Memory;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fit-counts", description = "Fit the bigram by counting (the closed-form MLE) and report its cross-entropy.")
final class FitCountsCommand implements Callable<Integer> {
    @Mixin
    DataOptions dataOptions;

    @Option(names = "--smoothing", defaultValue = "1.0", description = "Add-α smoothing (default ${DEFAULT-VALUE}).")
    double smoothing;

    @Option(names = "--seed", defaultValue = "1337")
    long seed;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Corpus corpus = dataOptions.loadCorpus();
        PreparedCorpus prepared = PreparedCorpus.prepare(corpus, dataOptions.split(seed), dataOptions.tokenizerSpec(corpus));
        int vocab = prepared.tokenizer().vocabSize();
        Memory.require(new BigramConfig(vocab, 1), 1);
        CountingBigram counts = CountingBigram.fit(List.of(prepared.data().trainTokens()), vocab, smoothing);
        double train = counts.crossEntropy(List.of(prepared.data().trainTokens()));
        double validation = counts.crossEntropy(List.of(prepared.data().validationTokens()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("corpus", corpus.id());
        result.put("tokenizer", prepared.tokenizer().kind());
        result.put("vocab", vocab);
        result.put("smoothing", smoothing);
        result.put("train_tokens", prepared.data().trainTokens().length);
        result.put("val_tokens", prepared.data().validationTokens().length);
        result.put("train_loss", train);
        result.put("val_loss", validation);
        result.put("val_ppl", Math.exp(validation));
        result.put("uniform_loss", Math.log(vocab));
        result.put("wall_s", (System.nanoTime() - start) / 1e9);
        if (json) {
            System.out.println(Json.line(result));
        } else {
            System.out.printf("Counting bigram on %s (%s tokenizer, V = %,d, add-%.3g smoothing):%n", corpus.id(),
                    prepared.tokenizer().kind(), vocab, smoothing);
            System.out.printf("  train cross-entropy %.4f nats, validation %.4f nats (perplexity %.2f); uniform would be %.4f%n",
                    train, validation, Math.exp(validation), Math.log(vocab));
        }
        return 0;
    }
}
