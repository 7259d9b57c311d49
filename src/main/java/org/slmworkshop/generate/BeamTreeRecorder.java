package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slmworkshop.generate.BeamTree.Node;
import org.slmworkshop.generate.BeamTree.Status;
import org.slmworkshop.text.Tokenizer;

/** Collects what {@link BeamSearch} ranks at each step and builds the {@link BeamTree} from it. */
final class BeamTreeRecorder {
    static final int ROOT = 0;
    static final int NOT_RECORDED = -1;

    private final Tokenizer tokenizer;
    private final int maxPrunedNodes;
    private final List<Node> nodes = new ArrayList<>();
    private int prunedRecorded;
    private long prunedNotRecorded;
    private int steps;
    private BeamTree.Stop stop;
    private int[] beamNodes;

    BeamTreeRecorder(Tokenizer tokenizer, String prompt, int maxPrunedNodes) {
        this.tokenizer = tokenizer;
        this.maxPrunedNodes = maxPrunedNodes;
        String label = prompt.isEmpty() ? Tokenizer.END_OF_TEXT : prompt;   // an empty prompt starts from <eot>
        nodes.add(new Node(ROOT, 0, -1, -1, label, 0, 0, 0, 0, Status.ROOT, false, null));
    }

    /** One ranked candidate and its fate; returns its node id, or {@link #NOT_RECORDED} for a pruned one past the cap. */
    int candidate(int step, int parent, int token, double logProbability, double cumulativeLogProbability,
                  double rankLogProbability, int rank, Status status) {
        if (status == Status.PRUNED && prunedRecorded == maxPrunedNodes) {
            prunedNotRecorded++;
            return NOT_RECORDED;
        }
        if (status == Status.PRUNED) prunedRecorded++;
        int id = nodes.size();
        nodes.add(new Node(id, step, parent, token, tokenizer.token(token), logProbability, cumulativeLogProbability,
                rankLogProbability, rank, status, false, null));
        return id;
    }

    /** The search is over after {@code steps} steps; {@code beamNodes} are the returned beams' last nodes, best first. */
    void end(int steps, BeamTree.Stop stop, int[] beamNodes) {
        this.steps = steps;
        this.stop = stop;
        this.beamNodes = beamNodes.clone();
    }

    /** The tree, with the greedy path (tokens and per-step log-probabilities, {@code <eot>} included) laid over it. */
    BeamTree tree(String prompt, DecodingSettings settings, int maxTokens, List<Beam> beams, int[] greedyTokens,
                  double[] greedyLogProbabilities, boolean greedyFinished) {
        if (stop == null) throw new IllegalStateException("the search has not ended");
        Integer[] beamOf = new Integer[nodes.size()];
        List<BeamTree.FinalBeam> finalBeams = new ArrayList<>();
        for (int i = 0; i < beams.size(); i++) {
            beamOf[beamNodes[i]] = i + 1;
            finalBeams.add(new BeamTree.FinalBeam(beamNodes[i], beams.get(i)));
        }
        boolean[] onGreedy = new boolean[nodes.size()];
        List<BeamTree.GreedyStep> greedySteps = new ArrayList<>();
        Integer prunedAtStep = null;
        int at = ROOT;
        double cumulative = 0;
        for (int s = 0; s < greedyTokens.length; s++) {
            int token = greedyTokens[s];
            at = at == NOT_RECORDED ? NOT_RECORDED : child(at, token);
            if (at != NOT_RECORDED) {
                onGreedy[at] = true;
                if (prunedAtStep == null && nodes.get(at).status() == Status.PRUNED) prunedAtStep = s + 1;
            }
            cumulative += greedyLogProbabilities[s];
            greedySteps.add(new BeamTree.GreedyStep(s + 1, token, tokenizer.token(token), greedyLogProbabilities[s],
                    cumulative, at == NOT_RECORDED ? null : at));
        }
        int[] generated = greedyFinished ? Arrays.copyOf(greedyTokens, greedyTokens.length - 1) : greedyTokens.clone();
        BeamTree.GreedyPath greedy = new BeamTree.GreedyPath(generated, tokenizer.decode(generated), cumulative,
                greedyFinished, greedySteps, prunedAtStep);
        List<Node> marked = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            marked.add(new Node(n.id(), n.step(), n.parent(), n.token(), n.label(), n.logProbability(),
                    n.cumulativeLogProbability(), n.rankLogProbability(), n.rank(), n.status(), onGreedy[n.id()],
                    beamOf[n.id()]));
        }
        return new BeamTree(prompt, settings, maxTokens, steps, stop, marked, finalBeams, greedy, prunedNotRecorded);
    }

    /** The recorded child of {@code parent} with this token, or {@link #NOT_RECORDED}. */
    private int child(int parent, int token) {
        for (int id = parent + 1; id < nodes.size(); id++) {
            Node node = nodes.get(id);
            if (node.parent() == parent && node.token() == token) return id;
        }
        return NOT_RECORDED;
    }
}
