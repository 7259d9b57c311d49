package org.slmworkshop.model;

import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.util.Rng;

/** Builds a model from its configuration. */
public final class Models {
    private Models() {}

    /** A new model initialised from {@code rng}, on the standard backend. */
    public static LanguageModel create(ModelConfig config, Rng rng) {
        return create(config, rng, Backends.standard());
    }

    /** A new model initialised from {@code rng} (null: zero weights), on the given backend. */
    public static LanguageModel create(ModelConfig config, Rng rng, Kernels kernels) {
        if (config instanceof BigramConfig bigram) return new BigramModel(bigram, rng, kernels);
        if (config instanceof LowRankConfig lowRank) return new LowRankModel(lowRank, rng, kernels);
        if (config instanceof GptConfig gpt) return new Gpt(gpt, rng, kernels);
        throw new IllegalArgumentException("unknown model configuration " + config);
    }

    /** A model of this shape with zero weights, to copy or load weights into without drawing an initialisation. */
    public static LanguageModel empty(ModelConfig config) {
        return create(config, null);
    }
}
