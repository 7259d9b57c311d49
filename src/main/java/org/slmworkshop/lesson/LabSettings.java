package org.slmworkshop.lesson;

import java.util.List;
import java.util.Map;

/**
 * A lab and the settings it opens with. Everything but {@code lab} is optional; the lab falls back
 * to its own defaults (the default corpus, the corpus's tokenizer, nanoGPT's hyperparameters).
 *
 * @param hyperparameters the {@code train} command's options in camelCase (steps, lr, context, …)
 * @param sampling        decoding settings (strategy, temperature, topK, …, compare: specs)
 * @param checkpoint      a shipped checkpoint, relative to the lessons folder's parent
 */
public record LabSettings(Lab lab, String corpus, String tokenizer, Integer vocab, String model,
                          Map<String, Object> hyperparameters, String checkpoint, String prompt,
                          Map<String, Object> sampling, Integer layer, Integer head, List<Integer> ranks,
                          Integer topN) {
    public LabSettings {
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
        sampling = sampling == null ? Map.of() : Map.copyOf(sampling);
        ranks = ranks == null ? List.of() : List.copyOf(ranks);
    }
}
