package org.slmworkshop.lesson;

import java.util.List;
import java.util.Map;

/**
 * A lab and the settings it opens with. Everything but {@code lab} is optional; the lab falls back
 * to its own defaults (the default corpus, the corpus's tokenizer, nanoGPT's hyperparameters).
 *
 * @param corpus          a shipped corpus id, or a file or folder relative to the lessons folder's parent
 * @param hyperparameters the {@code train} command's options in camelCase (steps, lr, context, …)
 * @param sampling        decoding settings (strategy, temperature, topK, …, compare: specs)
 * @param checkpoint      a shipped checkpoint, relative to the lessons folder's parent
 * @param locked          settings the learner cannot change (names from {@link #LOCKABLE}), so a class trains one model
 */
public record LabSettings(Lab lab, String corpus, String tokenizer, Integer vocab, String model,
                          Map<String, Object> hyperparameters, String checkpoint, String prompt,
                          Map<String, Object> sampling, Integer layer, Integer head, List<Integer> ranks,
                          Integer topN, List<String> locked) {
    /** What a training lab's lesson may lock: the data, the model kind and every hyperparameter. */
    public static final List<String> LOCKABLE = List.of("corpus", "tokenizer", "model", "steps", "context", "batch",
            "layers", "heads", "dim", "rank", "dropout", "bias", "lr", "minLr", "warmup", "schedule", "weightDecay",
            "labelSmoothing", "batching", "seed");

    public LabSettings {
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
        sampling = sampling == null ? Map.of() : Map.copyOf(sampling);
        ranks = ranks == null ? List.of() : List.copyOf(ranks);
        locked = locked == null ? List.of() : List.copyOf(locked);
    }

    /** Settings that lock nothing. */
    public LabSettings(Lab lab, String corpus, String tokenizer, Integer vocab, String model,
                       Map<String, Object> hyperparameters, String checkpoint, String prompt,
                       Map<String, Object> sampling, Integer layer, Integer head, List<Integer> ranks, Integer topN) {
        this(lab, corpus, tokenizer, vocab, model, hyperparameters, checkpoint, prompt, sampling, layer, head, ranks, topN, List.of());
    }

    public boolean isLocked(String setting) {
        return locked.contains(setting);
    }

    /** The same settings with another corpus (a lesson's relative corpus path, resolved). */
    public LabSettings withCorpus(String newCorpus) {
        return new LabSettings(lab, newCorpus, tokenizer, vocab, model, hyperparameters, checkpoint, prompt, sampling,
                layer, head, ranks, topN, locked);
    }
}
