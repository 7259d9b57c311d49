package org.slmworkshop.generate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.slmworkshop.generate.BeamTree.Node;
import org.slmworkshop.generate.BeamTree.Status;

/**
 * A beam tree as indented text for a terminal: one line per node, children in ranking order, kept
 * nodes plain, pruned ones in [brackets], greedy's choices marked with *, then the returned beams
 * and the greedy path.
 */
public final class BeamTreeText {
    private static final int MAX_LABEL = 12;

    private BeamTreeText() {}

    public static String render(BeamTree tree) {
        StringBuilder out = new StringBuilder();
        DecodingSettings settings = tree.settings();
        boolean penalised = settings.repetitionPenalty() != 1.0;
        out.append(String.format(Locale.ROOT, "beam search (%s) from %s: %d step%s, stopped: %s%n", settings.label(),
                tree.prompt().isEmpty() ? "<eot>" : quoted(tree.prompt()), tree.steps(), tree.steps() == 1 ? "" : "s",
                stopReason(tree)));
        out.append("each token with log p(token | path before it), Σ log p of its path and p = e^Σ");
        out.append(penalised ? ", ranked by the repetition-penalised Σ" : "");
        out.append(String.format("; [pruned], * greedy's choice%n"));

        List<List<Node>> children = new ArrayList<>();
        int labelWidth = 1;
        for (Node node : tree.nodes()) {
            children.add(new ArrayList<>());
            if (node.status() != Status.ROOT) labelWidth = Math.max(labelWidth, Math.min(MAX_LABEL, node.label().length()));
        }
        for (Node node : tree.nodes()) if (node.parent() >= 0) children.get(node.parent()).add(node);

        out.append(tree.prompt().isEmpty() ? tree.root().label() : quoted(tree.prompt())).append(System.lineSeparator());
        // depth-first without recursion: a search may run for thousands of steps
        Deque<Visit> stack = new ArrayDeque<>();
        pushChildren(stack, children.get(0), "");
        while (!stack.isEmpty()) {
            Visit visit = stack.pop();
            Node node = visit.node();
            out.append(visit.indent()).append(visit.last() ? "└─ " : "├─ ")
                    .append(line(node, labelWidth, penalised)).append(System.lineSeparator());
            pushChildren(stack, children.get(node.id()), visit.indent() + (visit.last() ? "   " : "│  "));
        }
        if (tree.prunedNotRecorded() > 0) {
            out.append(String.format(Locale.ROOT, "(%,d more pruned candidates not recorded)%n", tree.prunedNotRecorded()));
        }

        out.append(String.format("%nbeams, best first:%n"));
        for (BeamTree.FinalBeam ending : tree.beams()) {
            Beam beam = ending.beam();
            out.append(String.format(Locale.ROOT, "  %d. %-24s Σ %8.3f  p %-9s score %.3f%s%n",
                    tree.nodes().get(ending.node()).beam(), pathLabels(tree, ending.node()), beam.logProbability(),
                    probability(beam.logProbability()), beam.score(), beam.finished() ? "" : "  (unfinished)"));
        }
        BeamTree.GreedyPath greedy = tree.greedy();
        StringBuilder greedyLabels = new StringBuilder();
        for (BeamTree.GreedyStep step : greedy.steps()) {
            if (!greedyLabels.isEmpty()) greedyLabels.append(' ');
            greedyLabels.append(step.node() == null ? "(" + step.label() + ")" : step.label());
        }
        out.append(String.format(Locale.ROOT, "greedy: %s  Σ %.3f  p %s%s%n", greedyLabels, greedy.logProbability(),
                probability(greedy.logProbability()), greedy.finished() ? "" : "  (unfinished)"));
        out.append(greedy.prunedAtStep() == null ? "  the search never pruned greedy's choice"
                : "  the search pruned greedy's choice at step " + greedy.prunedAtStep());
        if (greedy.steps().stream().anyMatch(step -> step.node() == null)) out.append("; (tokens) lie outside the tree");
        out.append(System.lineSeparator());
        return out.toString();
    }

    private record Visit(Node node, String indent, boolean last) {}

    /** Pushed last child first, so they come off the stack in ranking order. */
    private static void pushChildren(Deque<Visit> stack, List<Node> children, String indent) {
        for (int i = children.size() - 1; i >= 0; i--) stack.push(new Visit(children.get(i), indent, i == children.size() - 1));
    }

    private static String line(Node node, int labelWidth, boolean penalised) {
        String label = node.label().length() > MAX_LABEL ? node.label().substring(0, MAX_LABEL - 1) + "…" : node.label();
        String text = String.format(Locale.ROOT, "%-" + labelWidth + "s  %7.3f  Σ %8.3f  p %-9s", label,
                node.logProbability(), node.cumulativeLogProbability(), probability(node.cumulativeLogProbability()));
        if (penalised) text += String.format(Locale.ROOT, "  ranked %8.3f", node.rankLogProbability());
        if (node.status() == Status.PRUNED) return "[" + text.stripTrailing() + "]" + (node.greedy() ? " *" : "");
        String status = node.status() == Status.FINISHED ? "finished" : "kept";
        return text + " " + status + (node.greedy() ? " *" : "") + (node.beam() == null ? "" : " → beam " + node.beam());
    }

    private static String pathLabels(BeamTree tree, int node) {
        return String.join(" ", tree.path(node).stream().map(Node::label).toList());
    }

    private static String probability(double logProbability) {
        return String.format(Locale.ROOT, "%.3g", Math.exp(logProbability));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    private static String stopReason(BeamTree tree) {
        return switch (tree.stop()) {
            case WIDTH_FINISHED -> tree.settings().beamWidth() + " beam" + (tree.settings().beamWidth() == 1 ? "" : "s")
                    + " finished";
            case NO_LIVE_BEAM -> "no beam left to extend";
            case MAX_TOKENS -> "the budget of " + tree.maxTokens() + " tokens was spent";
            case CANCELLED -> "cancelled";
        };
    }
}
