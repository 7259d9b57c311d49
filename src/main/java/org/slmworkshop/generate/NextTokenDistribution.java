package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.generate.LogitTransforms.Stage;
import org.slmworkshop.text.Tokenizer;

/**
 * The next-token distribution after a prompt, before and after each transform in effect: what the
 * sampling lab's bar chart draws. {@code stages} starts with {@link Stage#MODEL} and lists only the
 * transforms the settings turn on, in pipeline order (greedy ends with a one-hot {@link Stage#GREEDY}).
 *
 * @param tokens     the union of each stage's top-N tokens, most likely under the model first
 * @param keptCounts per stage, how many tokens still have a probability above zero
 */
public record NextTokenDistribution(DecodingSettings settings, List<Stage> stages, List<TokenRow> tokens,
                                    List<Integer> keptCounts) {

    public NextTokenDistribution {
        stages = List.copyOf(stages);
        tokens = List.copyOf(tokens);
        keptCounts = List.copyOf(keptCounts);
    }

    /** One token's probability at each stage, in the order of {@code stages}; 0 where a transform cut it. */
    public record TokenRow(int id, String label, double[] probabilities) {
        public double probabilityAt(int stage) {
            return probabilities[stage];
        }

        /** Cut by some transform: zero at the end, though the model gave it mass. */
        public boolean cut() {
            return probabilities[probabilities.length - 1] == 0 && probabilities[0] > 0;
        }
    }

    static NextTokenDistribution compute(float[] modelLogits, int[] context, DecodingSettings settings, int topN,
                                         Tokenizer tokenizer) {
        if (topN < 1) throw new IllegalArgumentException("top-N must be at least 1, got " + topN);
        List<Stage> stages = new ArrayList<>();
        List<double[]> probabilities = new ArrayList<>();
        double[] last = LogitTransforms.apply(modelLogits, context, settings, (stage, logits) -> {
            stages.add(stage);
            probabilities.add(LogitTransforms.softmax(logits));
        });
        if (settings.strategy() == Strategy.GREEDY) {
            double[] oneHot = new double[last.length];
            oneHot[LogitTransforms.argmax(last)] = 1;
            stages.add(Stage.GREEDY);
            probabilities.add(oneHot);
        }
        double[] model = probabilities.get(0);
        TreeSet<Integer> shown = new TreeSet<>((a, b) -> {
            int byModel = Double.compare(model[b], model[a]);
            return byModel != 0 ? byModel : Integer.compare(a, b);
        });
        for (double[] stage : probabilities) {
            for (int token : LogitTransforms.topIndices(stage, topN)) if (stage[token] > 0) shown.add(token);
        }
        List<TokenRow> rows = new ArrayList<>();
        for (int token : shown) {
            double[] perStage = new double[stages.size()];
            for (int s = 0; s < perStage.length; s++) perStage[s] = probabilities.get(s)[token];
            rows.add(new TokenRow(token, tokenizer.token(token), perStage));
        }
        List<Integer> kept = probabilities.stream().map(p -> (int) Arrays.stream(p).filter(x -> x > 0).count()).toList();
        return new NextTokenDistribution(settings, stages, rows, kept);
    }
}
