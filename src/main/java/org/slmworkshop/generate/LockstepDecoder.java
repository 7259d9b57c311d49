package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.generate.Sample.StopReason;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.util.Rng;

/**
 * Greedy and sampling runs decoded side by side, one step at a time. At step s every run uses the
 * same uniform u_s (one {@code nextDouble()} of {@code new Rng(seed)} per step, drawn even when only
 * greedy runs remain), so two runs differ only where their transformed distributions do. Runs whose
 * tokens are still identical share one scorer; a group splits, forking the scorer, when its runs pick
 * different tokens. All groups have the same length, so each step is one batched model call.
 */
final class LockstepDecoder {
    private final Supplier<NextTokenScorer> scorers;
    private final Tokenizer tokenizer;

    LockstepDecoder(Supplier<NextTokenScorer> scorers, Tokenizer tokenizer) {
        this.scorers = scorers;
        this.tokenizer = tokenizer;
    }

    /** One run's progress. */
    private static final class Run {
        final String label;
        final DecodingSettings settings;
        int[] tokens = new int[16];
        int length;
        double logProbability;
        StopReason stopReason;

        Run(String label, DecodingSettings settings) {
            this.label = label;
            this.settings = settings;
        }

        void append(int token) {
            if (length == tokens.length) tokens = Arrays.copyOf(tokens, length * 2);
            tokens[length++] = token;
        }
    }

    /** Runs sharing a token history, the scorer positioned after it, and the logits it gave. */
    private record Group(NextTokenScorer scorer, float[] logits, List<Run> runs) {}

    List<Sample> decode(int[] prompt, List<String> labels, List<DecodingSettings> settings, int maxTokens, long seed,
                        TokenListener listener) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            if (settings.get(i).strategy() == Strategy.BEAM) throw new IllegalArgumentException("beam search is not stepwise");
            runs.add(new Run(labels.get(i), settings.get(i)));
        }
        NextTokenScorer first = scorers.get();
        List<Group> groups = new ArrayList<>(List.of(new Group(first, first.reset(prompt), new ArrayList<>(runs))));
        Rng rng = new Rng(seed);
        for (int step = 0; step < maxTokens && !groups.isEmpty(); step++) {
            double u = rng.nextDouble();
            if (Thread.currentThread().isInterrupted()) {
                for (Group group : groups) for (Run run : group.runs) run.stopReason = StopReason.CANCELLED;
                break;
            }
            List<Branch> branches = new ArrayList<>();
            for (Group group : groups) branches.addAll(choose(group, step, u, maxTokens, listener));
            groups = advance(branches);
        }
        List<Sample> samples = new ArrayList<>();
        for (Run run : runs) {
            int[] tokens = Arrays.copyOf(run.tokens, run.length);
            StopReason reason = run.stopReason != null ? run.stopReason : StopReason.MAX_TOKENS;
            samples.add(new Sample(run.label, run.settings, tokens, tokenizer.decode(tokens), reason, run.logProbability));
        }
        return samples;
    }

    /** Runs that picked the same token, and the scorer that will take it. */
    private record Branch(NextTokenScorer scorer, int token, List<Run> runs) {}

    /** Each run's token for this step; runs that go on are grouped by the token they picked. */
    private List<Branch> choose(Group group, int step, double u, int maxTokens, TokenListener listener) {
        int[] context = group.scorer.context();
        double[] modelLogProbabilities = LogitTransforms.logSoftmax(toDouble(group.logits));
        Map<Integer, List<Run>> continuing = new LinkedHashMap<>();
        for (Run run : group.runs) {
            int token = choose(group.logits, context, run.settings, u);
            run.logProbability += modelLogProbabilities[token];
            if (token == tokenizer.endOfTextId()) {
                run.stopReason = StopReason.END_OF_TEXT;
                continue;
            }
            run.append(token);
            listener.onToken(new TokenListener.GeneratedToken(run.label, step, token, tokenizer.decode(new int[] {token})));
            if (run.length == maxTokens) {
                run.stopReason = StopReason.MAX_TOKENS;
                continue;
            }
            continuing.computeIfAbsent(token, t -> new ArrayList<>()).add(run);
        }
        List<Branch> branches = new ArrayList<>();
        int remaining = continuing.size();
        for (Map.Entry<Integer, List<Run>> branch : continuing.entrySet()) {
            // the last branch takes the group's own scorer; the others branch off a copy first
            NextTokenScorer scorer = --remaining == 0 ? group.scorer : group.scorer.fork();
            branches.add(new Branch(scorer, branch.getKey(), branch.getValue()));
        }
        return branches;
    }

    /** All branches move one token in one batched call (they all have the same length). */
    private static List<Group> advance(List<Branch> branches) {
        if (branches.isEmpty()) return List.of();
        List<NextTokenScorer> scorers = branches.stream().map(Branch::scorer).toList();
        int[] tokens = branches.stream().mapToInt(Branch::token).toArray();
        float[][] logits = scorers.get(0).nextAll(scorers, tokens);
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) groups.add(new Group(scorers.get(i), logits[i], branches.get(i).runs));
        return groups;
    }

    /** The token a greedy or sampling step picks from these model logits, with uniform u for the draw. */
    static int choose(float[] modelLogits, int[] context, DecodingSettings settings, double u) {
        double[] logits = LogitTransforms.apply(modelLogits, context, settings, null);
        return switch (settings.strategy()) {
            case GREEDY -> LogitTransforms.argmax(logits);
            case SAMPLE -> LogitTransforms.draw(LogitTransforms.softmax(logits), u);
            case BEAM -> throw new IllegalArgumentException("beam search is not stepwise");
        };
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = values[i];
        return out;
    }
}
