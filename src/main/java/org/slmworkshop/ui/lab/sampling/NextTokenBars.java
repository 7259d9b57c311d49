package org.slmworkshop.ui.lab.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.LogitTransforms;

/**
 * What the next-token chart draws: the model's most likely tokens, with their probability before the
 * transforms and after the sliders' pipeline. A token the repetition penalty lifts into the top joins
 * the list, so nothing that could be drawn goes unseen.
 *
 * @param before   untransformed softmax, per shown token
 * @param after    the sampler's distribution, 0 where a cut removed the token
 * @param kept     tokens of the whole vocabulary with a probability above zero after the sliders
 * @param computeNanos how long the transforms took (the lab moves them off the FX thread when slow)
 */
record NextTokenBars(List<String> labels, int[] ids, double[] before, double[] after, int kept, int vocabSize,
                     DecodingSettings settings, long computeNanos) {
    static final int SHOWN = 20;
    private static final int PROMOTED = 4;   // extra places for tokens the penalty lifts into the top

    NextTokenBars {
        labels = List.copyOf(labels);
    }

    /** Cut by a transform: the model gave it mass, the sampler gives it none. */
    boolean cut(int bar) {
        return after[bar] == 0 && before[bar] > 0;
    }

    int size() {
        return ids.length;
    }

    static NextTokenBars compute(PromptLogits logits, Knobs knobs) {
        long start = System.nanoTime();
        DecodingSettings settings = knobs.sampler();
        double[] after = LogitTransforms.probabilities(logits.logits(), logits.context(), settings);
        Set<Integer> shown = new LinkedHashSet<>();
        int[] byModel = logits.byProbability();
        for (int i = 0; i < Math.min(SHOWN, byModel.length); i++) shown.add(byModel[i]);
        for (int id : TopTokens.largest(after, SHOWN)) {
            if (shown.size() >= SHOWN + PROMOTED) break;
            if (after[id] > 0) shown.add(id);
        }
        double[] model = logits.modelProbabilities();
        List<Integer> ordered = new ArrayList<>(shown);
        ordered.sort(Comparator.comparingDouble((Integer id) -> -model[id]).thenComparingInt(id -> id));
        int[] ids = ordered.stream().mapToInt(Integer::intValue).toArray();
        double[] beforeShown = new double[ids.length];
        double[] afterShown = new double[ids.length];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            beforeShown[i] = model[ids[i]];
            afterShown[i] = after[ids[i]];
            labels.add(TokenLabel.of(logits.tokenizer(), ids[i]));
        }
        int kept = 0;
        for (double p : after) if (p > 0) kept++;
        return new NextTokenBars(labels, ids, beforeShown, afterShown, kept, after.length, settings, System.nanoTime() - start);
    }
}
