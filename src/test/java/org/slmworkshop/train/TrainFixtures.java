package org.slmworkshop.train;

import java.util.List;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;

/** Small real data for trainer tests: Macbeth, character-level, nanoGPT's 90/10 split. */
final class TrainFixtures {
    private TrainFixtures() {}

    static PreparedCorpus macbethChars() {
        Corpus corpus = CorpusCatalog.load("macbeth");
        return PreparedCorpus.prepare(corpus, SplitSpec.DEFAULT, TokenizerSpec.defaults("char"));
    }

    static PreparedCorpus tiny(String text) {
        Corpus corpus = Corpus.of("tiny", "tiny", "test", List.of(text));
        return PreparedCorpus.prepare(corpus, SplitSpec.DEFAULT, TokenizerSpec.defaults("char"));
    }

    static TrainingConfig config(int steps, double learningRate, Schedule schedule, double weightDecay, int batch) {
        return new TrainingConfig(steps, batch, learningRate, learningRate / 10, 0, steps, schedule, 0.9, 0.99,
                weightDecay, 1.0, 0.0, TrainingConfig.Batching.WINDOWS, 0, 4, 0, 42);
    }
}
