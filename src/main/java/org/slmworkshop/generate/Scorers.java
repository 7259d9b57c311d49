package org.slmworkshop.generate;

import java.util.function.Supplier;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankConfig;

/** Picks the scorer for a model: the KV cache for the GPT, recomputation for the others. */
public final class Scorers {
    private Scorers() {}

    /** Each call of the supplier builds a fresh scorer, so a GPT scorer copies the weights as they are then. */
    public static Supplier<NextTokenScorer> forModel(LanguageModel model) {
        if (model instanceof Gpt gpt) return () -> new CachedGptScorer(gpt);
        return () -> new ContextScorer(model, modelWindow(model));
    }

    /** 1 for models that see only the previous token; the context length otherwise. */
    static int modelWindow(LanguageModel model) {
        boolean previousTokenOnly = model.config() instanceof BigramConfig || model.config() instanceof LowRankConfig;
        return previousTokenOnly ? 1 : model.config().contextLength();
    }
}
