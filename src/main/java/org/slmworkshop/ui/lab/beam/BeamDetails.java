package org.slmworkshop.ui.lab.beam;

import org.slmworkshop.generate.BeamTree;
import org.slmworkshop.generate.BeamTree.Status;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.lab.TokenText;

/** What hovering a node tells: its fate, its own and its path's log-probability, and the text so far. */
final class BeamDetails {
    private BeamDetails() {}

    /** One line for the bar under the tree. */
    static String line(BeamTree tree, BeamTreeLayout.Cell cell, Tokenizer tokenizer) {
        BeamTree.Node node = cell.node();
        if (node != null && node.status() == Status.ROOT) {
            return "The prompt " + BeamFormat.textSoFar(tree, new int[0], false, tokenizer) + ": every path starts here.";
        }
        return String.join("  ·  ", "step " + step(cell) + ": " + fate(tree, cell),
                "log p " + BeamFormat.logProbability(own(cell)) + " (p " + BeamFormat.probability(own(cell)) + ")",
                "path Σ log p " + BeamFormat.logProbability(path(cell)) + " (p " + BeamFormat.probability(path(cell)) + ")",
                text(tree, cell, tokenizer));
    }

    /** Several lines for the tooltip. */
    static String tooltip(BeamTree tree, BeamTreeLayout.Cell cell, Tokenizer tokenizer) {
        BeamTree.Node node = cell.node();
        if (node != null && node.status() == Status.ROOT) return line(tree, cell, tokenizer);
        String token = TokenText.label(tokenizer, node != null ? node.token() : cell.beyond().token());
        StringBuilder text = new StringBuilder();
        text.append("Step ").append(step(cell)).append(", token ").append(TokenText.quoted(token)).append(": ")
                .append(fate(tree, cell)).append('\n');
        text.append("log p(").append(token).append(" | text before) = ").append(BeamFormat.logProbability(own(cell)))
                .append(", p = ").append(BeamFormat.probability(own(cell))).append('\n');
        text.append("path: Σ log p = ").append(BeamFormat.logProbability(path(cell)))
                .append(", p = ").append(BeamFormat.probability(path(cell)));
        if (node != null && tree.settings().lengthNormalised()) {
            text.append(", score Σ / ").append(node.step()).append(" = ")
                    .append(BeamFormat.logProbability(node.rankLogProbability() / node.step()));
        }
        if (node != null) text.append("\nranked ").append(node.rank()).append(" at its step");
        text.append("\ntext so far: ").append(text(tree, cell, tokenizer));
        return text.toString();
    }

    private static String fate(BeamTree tree, BeamTreeLayout.Cell cell) {
        BeamTree.Node node = cell.node();
        if (node == null) {
            Integer pruned = tree.greedy().prunedAtStep();
            return "where greedy goes, outside the tree ("
                    + (pruned != null && pruned < cell.column() ? "the search pruned greedy's choice at step " + pruned
                    : "the search stopped after step " + tree.steps()) + ")";
        }
        String fate = switch (node.status()) {
            case KEPT -> "kept, the search goes on from it";
            case FINISHED -> "finished (<eot> ends the beam)";
            case PRUNED -> "pruned, below the " + tree.settings().beamWidth() + " best";
            case ROOT -> "the prompt";
        };
        if (node.beam() != null) fate += ", returned as beam " + node.beam();
        if (node.greedy()) fate += "; greedy takes it";
        return fate;
    }

    private static int step(BeamTreeLayout.Cell cell) {
        return cell.column();
    }

    private static double own(BeamTreeLayout.Cell cell) {
        return cell.node() != null ? cell.node().logProbability() : cell.beyond().logProbability();
    }

    private static double path(BeamTreeLayout.Cell cell) {
        return cell.node() != null ? cell.node().cumulativeLogProbability() : cell.beyond().cumulativeLogProbability();
    }

    private static String text(BeamTree tree, BeamTreeLayout.Cell cell, Tokenizer tokenizer) {
        return cell.node() != null ? BeamFormat.textSoFar(tree, cell.node().id(), tokenizer)
                : BeamFormat.textSoFar(tree, cell.beyond(), tokenizer);
    }
}
