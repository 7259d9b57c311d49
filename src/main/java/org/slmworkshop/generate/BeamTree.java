package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A beam search recorded as a tree, for drawing it. Node 0 is the prompt; every other node is one
 * candidate the search ranked at a step: a live beam's W + 1 most likely next tokens, which are
 * exactly the tokens that could be kept (see {@link BeamSearch}), so the tree holds at most
 * W·(W + 1) new nodes a step and every token it leaves out could not have been kept anyway.
 * Alongside it, the greedy path from the same prompt with the same token budget.
 *
 * @param prompt            the prompt's text ("" when generation starts from {@code <eot>})
 * @param steps             steps the search ran
 * @param stop              why it stopped
 * @param nodes             by id: the root, then each step's candidates in the order they were ranked
 * @param beams             the beams {@link Generator#beamSearch} returns, in its order (best first), each with its last node
 * @param greedy            what greedy decoding (the same repetition penalty) does from the same prompt
 * @param prunedNotRecorded pruned candidates left out once the tree held {@link #MAX_PRUNED_NODES} of them (0 normally)
 */
public record BeamTree(String prompt, DecodingSettings settings, int maxTokens, int steps, Stop stop, List<Node> nodes,
                       List<FinalBeam> beams, GreedyPath greedy, long prunedNotRecorded) {

    /** Pruned nodes a tree keeps; kept and finished ones are always recorded. */
    public static final int MAX_PRUNED_NODES = 20_000;

    public enum Status {
        /** The prompt. */
        ROOT,
        /** Took a live place: the search went on from it. */
        KEPT,
        /** An {@code <eot>} that ended a beam. */
        FINISHED,
        /** Ranked, but below the W places. */
        PRUNED
    }

    public enum Stop {
        /** W beams had finished. */
        WIDTH_FINISHED,
        /** No candidate took a live place. */
        NO_LIVE_BEAM,
        /** The token budget was spent. */
        MAX_TOKENS,
        /** The thread was interrupted. */
        CANCELLED
    }

    /**
     * One node: a token appended to its parent's sequence.
     *
     * @param label                    the token as printable text ({@link org.slmworkshop.text.Tokenizer#token}); for the
     *                                 root the prompt, or {@code <eot>} when it is empty
     * @param logProbability           log p(token | parent's sequence) under the untransformed model
     * @param cumulativeLogProbability the sum of logProbability from the root to here
     * @param rankLogProbability       what the search ranked by: the same sum under the repetition-penalised
     *                                 distribution (equal to cumulativeLogProbability when the penalty is 1)
     * @param rank                     its place in its step's ranking, from 1 (0 for the root)
     * @param greedy                   greedy decoding takes this node
     * @param beam                     its place in {@link #beams}, from 1, when a returned beam ends here; otherwise null
     */
    public record Node(int id, int step, int parent, int token, String label, double logProbability,
                       double cumulativeLogProbability, double rankLogProbability, int rank, Status status,
                       boolean greedy, Integer beam) {

        public boolean kept() {
            return status == Status.KEPT || status == Status.FINISHED;
        }
    }

    /** A returned beam and the node it ends at (its {@code <eot>} when finished). */
    public record FinalBeam(int node, Beam beam) {}

    /**
     * The greedy path: the tokens greedy decoding picks, with its stop and each step's node.
     *
     * @param tokens          generated ids, without a final {@code <eot>} (as {@link Sample#tokens})
     * @param logProbability  Σ log p under the untransformed model, {@code <eot>} included
     * @param prunedAtStep    the first step where the search pruned greedy's choice; null when it never did
     */
    public record GreedyPath(int[] tokens, String text, double logProbability, boolean finished, List<GreedyStep> steps,
                             Integer prunedAtStep) {}

    /**
     * One greedy step ({@code <eot>} included when greedy ends with it).
     *
     * @param node the tree's node for the same sequence, or null where the tree has none (after a
     *             pruned node, or past the step the search stopped at)
     */
    public record GreedyStep(int step, int token, String label, double logProbability, double cumulativeLogProbability,
                             Integer node) {}

    public BeamTree {
        nodes = List.copyOf(nodes);
        beams = List.copyOf(beams);
    }

    public Node root() {
        return nodes.get(0);
    }

    /** The beams in the order and with the values {@link Generator#beamSearch} returns. */
    public List<Beam> returnedBeams() {
        return beams.stream().map(FinalBeam::beam).toList();
    }

    /** The nodes from the first generated token to {@code id}, root excluded. */
    public List<Node> path(int id) {
        List<Node> path = new ArrayList<>();
        for (Node node = nodes.get(id); node.parent() >= 0; node = nodes.get(node.parent())) path.add(node);
        Collections.reverse(path);
        return path;
    }

    /** The recorded children of node {@code id}, in ranking order. */
    public List<Node> children(int id) {
        return nodes.stream().filter(node -> node.parent() == id).toList();
    }
}
