package org.slmworkshop.model;

import org.slmworkshop.util.Rng;

/** Builds a model from its configuration. */
public final class Models {
    private Models() {}

    /** A new model initialised from {@code rng}. */
    public static LanguageModel create(ModelConfig config, Rng rng) {
        if (config instanceof BigramConfig bigram) return new BigramModel(bigram, rng);
        if (config instanceof LowRankConfig lowRank) return new LowRankModel(lowRank, rng);
        if (config instanceof GptConfig gpt) return new Gpt(gpt, rng);
        throw new IllegalArgumentException("unknown model configuration " + config);
    }

    /** A model of this shape with zero weights, to copy or load weights into without drawing an initialisation. */
    public static LanguageModel empty(ModelConfig config) {
        return create(config, null);
    }
}
