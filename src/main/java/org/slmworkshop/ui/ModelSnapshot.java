package org.slmworkshop.ui;

import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.train.PreparedCorpus;

/**
 * A model the labs may read from any thread: either a copy taken between training steps, or a
 * model no trainer touches any more (a finished run, a loaded checkpoint).
 *
 * @param prepared the corpus it was trained on, tokenized; null until a lab asks for it
 * @param source   what the learner reads: "trained here, step 600" or a checkpoint's file name
 * @param live     true while the run that produced it is still training
 */
public record ModelSnapshot(LanguageModel model, Tokenizer tokenizer, PreparedCorpus prepared, String source,
                            int step, boolean live) {

    /** A copy of {@code model}'s parameters in a fresh instance; call it only between steps. */
    public static LanguageModel copyOf(LanguageModel model) {
        LanguageModel copy = Models.empty(model.config());
        copy.store().copyFrom(model.store());
        return copy;
    }

    public String kind() {
        return model.config().kind();
    }

    public int vocabSize() {
        return model.config().vocabSize();
    }
}
