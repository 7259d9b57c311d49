package org.slmworkshop.generate;

import java.util.function.Supplier;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankConfig;

/** Picks the scorer for a model; the one place a KV-cache scorer for the GPT will be chosen. */
public final class Scorers {
    private Scorers() {}

    public static Supplier<NextTokenScorer> forModel(LanguageModel model) {
        return () -> new ContextScorer(model, modelWindow(model));
    }

    /** 1 for models that see only the previous token; the context length otherwise. */
    static int modelWindow(LanguageModel model) {
        boolean previousTokenOnly = model.config() instanceof BigramConfig || model.config() instanceof LowRankConfig;
        return previousTokenOnly ? 1 : model.config().contextLength();
    }
}
