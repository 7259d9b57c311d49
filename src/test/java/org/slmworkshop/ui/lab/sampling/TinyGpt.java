package org.slmworkshop.ui.lab.sampling;

import java.util.List;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.util.Rng;

/**
 * A one-layer GPT trained for a second on a few lines of text: small enough for fast tests, trained
 * enough that its distributions are peaked (no near-ties for float rounding to flip) and that greedy loops.
 */
final class TinyGpt {
    static final int CONTEXT = 24;   // shorter than prompt + tokens, so the scorer's sliding window is used too
    private static final String TEXT = """
            It was a dark night, and the old man sat by the fire. The fire was low and the room was cold.
            It was a long way to the town, and the road was wet with rain. The old man said nothing at all.
            She came to the door and looked at him. It was a strange thing to see him there, so still and so old.
            The child ran down the road to the town, and the rain fell on the road and on the old stone wall.
            """.repeat(6);
    private static ModelSnapshot trained;

    private TinyGpt() {}

    static synchronized ModelSnapshot snapshot() {
        if (trained == null) trained = train();
        return trained;
    }

    private static ModelSnapshot train() {
        PreparedCorpus prepared = PreparedCorpus.prepare(Corpus.of("tiny", "Tiny", "test", List.of(TEXT)), SplitSpec.DEFAULT,
                TokenizerSpec.defaults("char"));
        GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), CONTEXT, 32, 2, 1, 0.0, false, true);
        LanguageModel model = Models.create(config, new Rng(1));
        TrainingConfig training = new TrainingConfig(80, 8, 1e-2, 1e-3, 5, 80, Schedule.COSINE, 0.9, 0.99, 0.0, 1.0, 0.0,
                TrainingConfig.Batching.WINDOWS, 0, 1, CONTEXT, 42);
        new Trainer(model, prepared.data(), training).run(event -> { }, new RunControl());
        return new ModelSnapshot(model, prepared.tokenizer(), prepared, "tiny test GPT", 80, false);
    }
}
