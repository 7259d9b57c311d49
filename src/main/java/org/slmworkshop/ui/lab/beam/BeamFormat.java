package org.slmworkshop.ui.lab.beam;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slmworkshop.generate.BeamTree;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.lab.TokenText;

/** How the lab writes tokens, paths and numbers. */
final class BeamFormat {
    private static final int ROOT_LABEL = 14;
    private static final int MAX_TOKEN_LABEL = 12;   // a BPE word; the hover shows it whole

    private BeamFormat() {}

    /** A log-probability with a real minus sign: −1.022, and −100.9 once it has three digits before the point. */
    static String logProbability(double value) {
        return String.format(Locale.ROOT, Math.abs(value) >= 99.9995 ? "%.1f" : "%.3f", value).replace('-', '−');
    }

    /** e^{logProbability}: 0.36, 0.05, 8.5e−3, 3.7e−44. */
    static String probability(double logProbability) {
        return probability(logProbability, 1e-300);
    }

    /** As {@link #probability}, one digit shorter below 1e−4, for a pruned node's single line: 4e−44. */
    static String shortProbability(double logProbability) {
        return probability(logProbability, 1e-4);
    }

    private static String probability(double logProbability, double oneDigitBelow) {
        double p = Math.exp(logProbability);
        String text = p >= 0.01 ? String.format(Locale.ROOT, "%.2f", p)
                : String.format(Locale.ROOT, p >= oneDigitBelow ? "%.1e" : "%.0e", p).replaceAll("e([+-])0*(\\d)", "e$1$2");
        return text.replace('-', '−');
    }

    /** A node's token as a learner reads it, cut to fit a node; the root shows the end of the prompt. */
    static String label(BeamTree tree, BeamTree.Node node, Tokenizer tokenizer) {
        if (node.status() == BeamTree.Status.ROOT) return rootLabel(tree.prompt());
        return shortLabel(tokenizer, node.token());
    }

    static String shortLabel(Tokenizer tokenizer, int token) {
        return TokenText.shortLabel(tokenizer, token, MAX_TOKEN_LABEL);
    }

    static String rootLabel(String prompt) {
        if (prompt.isEmpty()) return Tokenizer.END_OF_TEXT;
        String printable = TokenText.printable(prompt);
        int length = printable.codePointCount(0, printable.length());
        if (length <= ROOT_LABEL) return printable;
        return "…" + printable.substring(printable.offsetByCodePoints(0, length - (ROOT_LABEL - 1)));
    }

    /** The tokens from the first generated one to {@code id}, by their labels: "c <eot>". */
    static String pathLabel(BeamTree tree, int id, Tokenizer tokenizer) {
        return String.join(" ", tree.path(id).stream().map(n -> TokenText.label(tokenizer, n.token())).toList());
    }

    /** Greedy's tokens by their labels, those outside the tree in parentheses: "b a (b) (a)". */
    static String greedyLabel(BeamTree.GreedyPath greedy, Tokenizer tokenizer) {
        List<String> labels = greedy.steps().stream().map(step -> {
            String label = TokenText.label(tokenizer, step.token());
            return step.node() == null ? "(" + label + ")" : label;
        }).toList();
        return labels.isEmpty() ? "(nothing)" : String.join(" ", labels);
    }

    /** The prompt and the path's text, as the model would continue it; a finished path says so. */
    static String textSoFar(BeamTree tree, int[] tokens, boolean finished, Tokenizer tokenizer) {
        return "“" + visible(tree.prompt() + tokenizer.decode(tokens)) + "”" + (finished ? ", then <eot>" : "");
    }

    static String textSoFar(BeamTree tree, int id, Tokenizer tokenizer) {
        List<BeamTree.Node> path = tree.path(id);
        boolean finished = tree.nodes().get(id).status() == BeamTree.Status.FINISHED;
        int[] tokens = path.stream().limit(finished ? path.size() - 1 : path.size()).mapToInt(BeamTree.Node::token).toArray();
        return textSoFar(tree, tokens, finished, tokenizer);
    }

    static String textSoFar(BeamTree tree, BeamTree.GreedyStep step, Tokenizer tokenizer) {
        List<BeamTree.GreedyStep> steps = tree.greedy().steps().subList(0, step.step());
        boolean finished = step.token() == tokenizer.endOfTextId();
        int[] tokens = steps.stream().mapToInt(BeamTree.GreedyStep::token).toArray();
        return textSoFar(tree, finished ? Arrays.copyOf(tokens, tokens.length - 1) : tokens, finished, tokenizer);
    }

    /** The generated text alone, quoted: what a char model's "n d ␣ t h" reads as. */
    static String continuation(int[] tokens, Tokenizer tokenizer) {
        return "“" + visible(tokenizer.decode(tokens)) + "”";
    }

    private static String visible(String text) {
        return text.replace("\n", "↵").replace("\t", "⇥");
    }
}
