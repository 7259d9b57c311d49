package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.text.Tokenizer;

/**
 * Beam search: keep the W most likely partial sequences. At each step every live beam is extended
 * by every token; candidates are ranked by total log-probability (lower beam index, then lower token
 * id, first on a tie). Walking down that ranking, a candidate ending in {@code <eot>} becomes a
 * finished beam (while fewer than W are finished) and any other fills a live place (until W are live).
 * The search stops when W beams have finished, none is live, or the token budget is spent.
 * Scores use the repetition-penalised model distribution; with width 1 this is exactly greedy.
 * A {@link BeamTreeRecorder}, when given, is told every ranked candidate and what became of it; it
 * only listens, so the beams are the same with or without one.
 */
final class BeamSearch {
    private final Supplier<NextTokenScorer> scorers;
    private final Tokenizer tokenizer;

    BeamSearch(Supplier<NextTokenScorer> scorers, Tokenizer tokenizer) {
        this.scorers = scorers;
        this.tokenizer = tokenizer;
    }

    /** A live beam; {@code node} is its node in the recorded tree (0, the root, when nothing records). */
    private record Live(NextTokenScorer scorer, float[] logits, int[] tokens, double rankLogProbability,
                        double modelLogProbability, int node) {}

    private record Candidate(int parent, int token, double rankLogProbability) {}

    /** A beam at the end of the search and the tree node it ends at. */
    private record Ended(Beam beam, int node) {}

    /**
     * The search recorded as a tree, with the greedy path from the same prompt laid over it. Greedy
     * uses the same repetition penalty and the same decision as {@link LockstepDecoder#choose}.
     */
    BeamTree tree(int[] prompt, String promptText, DecodingSettings settings, int maxTokens) {
        return tree(prompt, promptText, settings, maxTokens, BeamTree.MAX_PRUNED_NODES);
    }

    BeamTree tree(int[] prompt, String promptText, DecodingSettings settings, int maxTokens, int maxPrunedNodes) {
        BeamTreeRecorder recorder = new BeamTreeRecorder(tokenizer, promptText, maxPrunedNodes);
        List<Beam> beams = search(prompt, settings, maxTokens, recorder);
        Greedy greedy = greedy(prompt, settings.repetitionPenalty(), maxTokens);
        return recorder.tree(promptText, settings, maxTokens, beams, greedy.tokens, greedy.logProbabilities, greedy.finished);
    }

    /** Greedy's tokens ({@code <eot>} included when it ends with it) and each one's model log-probability. */
    private record Greedy(int[] tokens, double[] logProbabilities, boolean finished) {}

    private Greedy greedy(int[] prompt, double repetitionPenalty, int maxTokens) {
        DecodingSettings greedy = DecodingSettings.greedy().withRepetitionPenalty(repetitionPenalty);
        int[] tokens = new int[16];
        double[] logProbabilities = new double[tokens.length];
        int length = 0;
        NextTokenScorer scorer = scorers.get();
        float[] logits = scorer.reset(prompt);
        for (int step = 0; step < maxTokens && !Thread.currentThread().isInterrupted(); step++) {
            int token = LockstepDecoder.choose(logits, scorer.context(), greedy, 0);
            if (length == tokens.length) {
                tokens = Arrays.copyOf(tokens, 2 * length);
                logProbabilities = Arrays.copyOf(logProbabilities, 2 * length);
            }
            tokens[length] = token;
            logProbabilities[length++] = LogitTransforms.logSoftmax(LockstepDecoder.toDouble(logits))[token];
            if (token == tokenizer.endOfTextId()) {
                return new Greedy(Arrays.copyOf(tokens, length), Arrays.copyOf(logProbabilities, length), true);
            }
            // one-scorer nextAll, the call LockstepDecoder makes, so the logits match greedy decoding's to the bit
            if (step + 1 < maxTokens) logits = scorer.nextAll(List.of(scorer), new int[] {token})[0];
        }
        return new Greedy(Arrays.copyOf(tokens, length), Arrays.copyOf(logProbabilities, length), false);
    }

    /** Every beam left at the end, finished or not, best score first. */
    List<Beam> search(int[] prompt, DecodingSettings settings, int maxTokens) {
        return search(prompt, settings, maxTokens, null);
    }

    /** The same search, telling {@code recorder} (if not null) every step's candidates and their fate. */
    List<Beam> search(int[] prompt, DecodingSettings settings, int maxTokens, BeamTreeRecorder recorder) {
        if (settings.strategy() != Strategy.BEAM) throw new IllegalArgumentException("settings are not beam search");
        int width = settings.beamWidth();
        NextTokenScorer first = scorers.get();
        List<Live> live = List.of(new Live(first, first.reset(prompt), new int[0], 0, 0, BeamTreeRecorder.ROOT));
        List<Ended> finished = new ArrayList<>();
        int eot = tokenizer.endOfTextId();
        int step = 0;
        for (; step < maxTokens && !live.isEmpty() && finished.size() < width; step++) {
            if (Thread.currentThread().isInterrupted()) break;
            List<double[]> modelLogProbabilities = new ArrayList<>();
            List<Candidate> candidates = new ArrayList<>();
            for (int b = 0; b < live.size(); b++) {
                Live beam = live.get(b);
                double[] model = LogitTransforms.logSoftmax(LockstepDecoder.toDouble(beam.logits));
                double[] ranked = settings.repetitionPenalty() == 1.0 ? model
                        : LogitTransforms.logSoftmax(LogitTransforms.apply(beam.logits, beam.scorer.context(), settings, null));
                modelLogProbabilities.add(model);
                // only a beam's W best tokens, plus possibly <eot>, can ever be kept
                for (int token : LogitTransforms.topIndices(ranked, width + 1)) {
                    if (ranked[token] > Double.NEGATIVE_INFINITY) {
                        candidates.add(new Candidate(b, token, beam.rankLogProbability + ranked[token]));
                    }
                }
            }
            candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.rankLogProbability)
                    .thenComparingInt(Candidate::parent).thenComparingInt(Candidate::token));
            BeamTree.Status[] fates = fates(candidates, width, finished.size(), eot);
            List<Candidate> kept = new ArrayList<>();
            int[] keptNodes = new int[width];
            for (int c = 0; c < candidates.size(); c++) {
                Candidate candidate = candidates.get(c);
                Live parent = live.get(candidate.parent);
                double own = modelLogProbabilities.get(candidate.parent)[candidate.token];
                double model = parent.modelLogProbability + own;
                int node = recorder == null ? BeamTreeRecorder.ROOT : recorder.candidate(step + 1, parent.node,
                        candidate.token, own, model, candidate.rankLogProbability, c + 1, fates[c]);
                if (fates[c] == BeamTree.Status.FINISHED) {
                    finished.add(new Ended(beam(parent.tokens, model, candidate.rankLogProbability, true, step + 1, settings),
                            node));
                } else if (fates[c] == BeamTree.Status.KEPT) {
                    keptNodes[kept.size()] = node;
                    kept.add(candidate);
                }
            }
            live = extend(live, kept, keptNodes, modelLogProbabilities, step + 1 < maxTokens && finished.size() < width);
        }
        List<Ended> all = new ArrayList<>(finished);
        for (Live beam : live) {
            all.add(new Ended(beam(beam.tokens, beam.modelLogProbability, beam.rankLogProbability, false,
                    beam.tokens.length, settings), beam.node));
        }
        all.sort(Comparator.comparingDouble((Ended ended) -> -ended.beam.score()));
        if (recorder != null) {
            BeamTree.Stop stop = Thread.currentThread().isInterrupted() ? BeamTree.Stop.CANCELLED
                    : finished.size() >= width ? BeamTree.Stop.WIDTH_FINISHED
                    : live.isEmpty() ? BeamTree.Stop.NO_LIVE_BEAM
                    : BeamTree.Stop.MAX_TOKENS;
            recorder.end(step, stop, all.stream().mapToInt(Ended::node).toArray());
        }
        List<Beam> beams = new ArrayList<>();
        for (Ended ended : all) beams.add(ended.beam);
        return beams;
    }

    /**
     * What becomes of each ranked candidate: walking down the ranking, {@code <eot>} finishes a beam
     * while fewer than W have finished, any other token takes a live place until W are live; the rest,
     * and everything after the W-th live place, is pruned.
     */
    private static BeamTree.Status[] fates(List<Candidate> ranked, int width, int finishedBefore, int eot) {
        BeamTree.Status[] fates = new BeamTree.Status[ranked.size()];
        Arrays.fill(fates, BeamTree.Status.PRUNED);
        int live = 0, finished = finishedBefore;
        for (int c = 0; c < ranked.size() && live < width; c++) {
            if (ranked.get(c).token != eot) {
                fates[c] = BeamTree.Status.KEPT;
                live++;
            } else if (finished < width) {
                fates[c] = BeamTree.Status.FINISHED;
                finished++;
            }
        }
        return fates;
    }

    /** The kept candidates as live beams; a parent with several children forks its scorer for all but the last. */
    private List<Live> extend(List<Live> live, List<Candidate> kept, int[] keptNodes, List<double[]> modelLogProbabilities,
                              boolean scoreNext) {
        int[] childrenLeft = new int[live.size()];
        for (Candidate candidate : kept) childrenLeft[candidate.parent]++;
        List<NextTokenScorer> scorers = new ArrayList<>();
        for (Candidate candidate : kept) {
            Live parent = live.get(candidate.parent);
            scorers.add(--childrenLeft[candidate.parent] == 0 ? parent.scorer : parent.scorer.fork());
        }
        // one batched model call for all beams; after the last step nobody reads the logits, so none
        float[][] logits = scoreNext && !kept.isEmpty()
                ? scorers.get(0).nextAll(scorers, kept.stream().mapToInt(Candidate::token).toArray())
                : new float[kept.size()][];
        List<Live> next = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Candidate candidate = kept.get(i);
            Live parent = live.get(candidate.parent);
            int[] tokens = Arrays.copyOf(parent.tokens, parent.tokens.length + 1);
            tokens[tokens.length - 1] = candidate.token;
            double model = parent.modelLogProbability + modelLogProbabilities.get(candidate.parent)[candidate.token];
            next.add(new Live(scorers.get(i), logits[i], tokens, candidate.rankLogProbability, model, keptNodes[i]));
        }
        return next;
    }

    private Beam beam(int[] tokens, double modelLogProbability, double rankLogProbability, boolean finished, int length,
                      DecodingSettings settings) {
        double score = settings.lengthNormalised() ? rankLogProbability / Math.max(1, length) : rankLogProbability;
        return new Beam(tokens, tokenizer.decode(tokens), modelLogProbability, score, finished);
    }
}
