package org.slmworkshop.ui.lab.heatmap;

import java.util.concurrent.Callable;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.util.Rng;

/** Training runs for tests and previews, set up as the CLI's train command would (its defaults). */
final class Runs {
    private Runs() {}

    /** A bigram on {@code corpus}'s characters, learning rate 0.03 as lesson 3 asks. */
    static Callable<TrainingSession.Setup> bigram(Workspace workspace, String corpus, int steps) {
        return () -> {
            PreparedCorpus prepared = workspace.prepare(corpus, "char").join();
            BigramConfig config = new BigramConfig(prepared.tokenizer().vocabSize(), 64);
            return setup(prepared, config, 3e-2, 0.0, steps, "Bigram on " + corpus);
        };
    }

    /** A small GPT on {@code corpus}'s characters. */
    static Callable<TrainingSession.Setup> gpt(Workspace workspace, String corpus, int steps, int context, int width,
                                               int heads, int layers) {
        return () -> {
            PreparedCorpus prepared = workspace.prepare(corpus, "char").join();
            GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), context, width, heads, layers, 0.0, false, true);
            return setup(prepared, config, 1e-3, 0.1, steps, "GPT on " + corpus);
        };
    }

    private static TrainingSession.Setup setup(PreparedCorpus prepared, ModelConfig config, double lr, double decay,
                                               int steps, String title) {
        LanguageModel model = Models.create(config, new Rng(1337));
        TrainingConfig training = new TrainingConfig(steps, 12, lr, lr / 10, Math.min(100, steps / 10), steps,
                Schedule.COSINE, 0.9, 0.99, decay, 1.0, 0.0, TrainingConfig.Batching.WINDOWS,
                Math.max(1, steps / 10), 20, 0, 1337);
        return new TrainingSession.Setup(new Trainer(model, prepared.data(), training), prepared, title);
    }
}
