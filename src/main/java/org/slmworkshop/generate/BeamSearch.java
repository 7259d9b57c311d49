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
 */
final class BeamSearch {
    private final Supplier<NextTokenScorer> scorers;
    private final Tokenizer tokenizer;

    BeamSearch(Supplier<NextTokenScorer> scorers, Tokenizer tokenizer) {
        this.scorers = scorers;
        this.tokenizer = tokenizer;
    }

    private record Live(NextTokenScorer scorer, float[] logits, int[] tokens, double rankLogProbability,
                        double modelLogProbability) {}

    private record Candidate(int parent, int token, double rankLogProbability) {}

    /** Every beam left at the end, finished or not, best score first. */
    List<Beam> search(int[] prompt, DecodingSettings settings, int maxTokens) {
        if (settings.strategy() != Strategy.BEAM) throw new IllegalArgumentException("settings are not beam search");
        int width = settings.beamWidth();
        NextTokenScorer first = scorers.get();
        List<Live> live = List.of(new Live(first, first.reset(prompt), new int[0], 0, 0));
        List<Beam> finished = new ArrayList<>();
        int eot = tokenizer.endOfTextId();
        for (int step = 0; step < maxTokens && !live.isEmpty() && finished.size() < width; step++) {
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
            List<Candidate> kept = new ArrayList<>();
            for (Candidate candidate : candidates) {
                if (kept.size() == width) break;
                Live parent = live.get(candidate.parent);
                double model = parent.modelLogProbability + modelLogProbabilities.get(candidate.parent)[candidate.token];
                if (candidate.token == eot) {
                    if (finished.size() < width) {
                        finished.add(beam(parent.tokens, model, candidate.rankLogProbability, true, step + 1, settings));
                    }
                } else {
                    kept.add(candidate);
                }
            }
            live = extend(live, kept, modelLogProbabilities, step + 1 < maxTokens && finished.size() < width);
        }
        List<Beam> all = new ArrayList<>(finished);
        for (Live beam : live) {
            all.add(beam(beam.tokens, beam.modelLogProbability, beam.rankLogProbability, false, beam.tokens.length, settings));
        }
        all.sort(Comparator.comparingDouble((Beam beam) -> -beam.score()));
        return all;
    }

    /** The kept candidates as live beams; a parent with several children forks its scorer for all but the last. */
    private List<Live> extend(List<Live> live, List<Candidate> kept, List<double[]> modelLogProbabilities, boolean scoreNext) {
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
            next.add(new Live(scorers.get(i), logits[i], tokens, candidate.rankLogProbability, model));
        }
        return next;
    }

    private Beam beam(int[] tokens, double modelLogProbability, double rankLogProbability, boolean finished, int length,
                      DecodingSettings settings) {
        double score = settings.lengthNormalised() ? rankLogProbability / Math.max(1, length) : rankLogProbability;
        return new Beam(tokens, tokenizer.decode(tokens), modelLogProbability, score, finished);
    }
}
