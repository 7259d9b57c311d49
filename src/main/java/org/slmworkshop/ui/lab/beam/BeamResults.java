package org.slmworkshop.ui.lab.beam;

import java.util.Locale;
import java.util.function.IntConsumer;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.slmworkshop.generate.Beam;
import org.slmworkshop.generate.BeamTree;
import org.slmworkshop.text.Tokenizer;

/** A sentence comparing beam 1 with greedy, then the beams the search returns, best first, and greedy's path. */
final class BeamResults extends VBox {
    private final GridPane grid = new GridPane();
    private final Label verdict = new Label();
    private IntConsumer onHoverBeam = node -> { };

    BeamResults() {
        getStyleClass().add("beam-results");
        setSpacing(4);
        grid.getStyleClass().add("beam-results-grid");
        grid.setHgap(14);
        grid.setVgap(2);
        grid.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);   // numbers stay beside their beams in a wide lab
        ColumnConstraints badge = new ColumnConstraints();
        ColumnConstraints tokens = new ColumnConstraints();
        tokens.setMinWidth(80);
        ColumnConstraints text = new ColumnConstraints();
        text.setMinWidth(60);
        grid.getColumnConstraints().addAll(badge, tokens, text);
        for (int i = 0; i < 4; i++) {
            ColumnConstraints number = new ColumnConstraints();
            number.setHalignment(HPos.RIGHT);
            grid.getColumnConstraints().add(number);
        }
        verdict.setId("beam-verdict");
        verdict.getStyleClass().add("beam-verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().addAll(verdict, grid);   // the verdict first: in a short pane it is what should show
    }

    /** Gets the last node of the beam under the mouse, or -1 when it leaves. */
    void setOnHoverBeam(IntConsumer action) {
        onHoverBeam = action == null ? node -> { } : action;
    }

    void clear() {
        grid.getChildren().clear();
        verdict.setText("");
    }

    void show(BeamTree tree, Tokenizer tokenizer) {
        grid.getChildren().clear();
        boolean normalised = tree.settings().lengthNormalised();
        addRow(0, "header", cell("", "results-header"), cell("beams, best first", "results-header"),
                cell("text", "results-header"),
                cell("Σ log p", "results-header"), cell("p", "results-header"),
                cell(normalised ? "score (Σ / length)" : "score", "results-header"), cell("", "results-header"));
        int row = 1;
        for (BeamTree.FinalBeam ending : tree.beams()) {
            Beam beam = ending.beam();
            int number = tree.nodes().get(ending.node()).beam();
            Label label = cell(BeamFormat.pathLabel(tree, ending.node(), tokenizer), "results-tokens");
            label.setId("beam-label-" + number);
            label.setTooltip(new javafx.scene.control.Tooltip(BeamFormat.textSoFar(tree, ending.node(), tokenizer)));
            Node[] cells = {cell(String.valueOf(number), number == 1 ? "results-badge-best" : "results-badge"), label,
                    cell(BeamFormat.continuation(beam.tokens(), tokenizer), "results-text"),
                    cell(BeamFormat.logProbability(beam.logProbability()), "results-number"),
                    cell(BeamFormat.probability(beam.logProbability()), "results-number"),
                    cell(BeamFormat.logProbability(beam.score()), "results-number"),
                    cell(beam.finished() ? "finished" : "unfinished", "results-state")};
            addRow(row++, "beam-row-" + number, cells);
            for (Node c : cells) {
                c.setOnMouseEntered(e -> onHoverBeam.accept(ending.node()));
                c.setOnMouseExited(e -> onHoverBeam.accept(-1));
            }
        }
        BeamTree.GreedyPath greedy = tree.greedy();
        Label greedyLabel = cell(BeamFormat.greedyLabel(greedy, tokenizer), "results-tokens");
        greedyLabel.setId("beam-greedy-label");
        greedyLabel.setTooltip(new javafx.scene.control.Tooltip(BeamFormat.textSoFar(tree, greedy.tokens(),
                greedy.finished(), tokenizer)));
        addRow(row, "beam-row-greedy", cell("greedy", "results-badge-greedy"), greedyLabel,
                cell(BeamFormat.continuation(greedy.tokens(), tokenizer), "results-text"),
                cell(BeamFormat.logProbability(greedy.logProbability()), "results-number"),
                cell(BeamFormat.probability(greedy.logProbability()), "results-number"), cell("", "results-number"),
                cell(greedy.finished() ? "finished" : "unfinished", "results-state"));
        verdict.setText(verdict(tree));
    }

    private void addRow(int row, String id, Node... cells) {
        for (int column = 0; column < cells.length; column++) {
            cells[column].getStyleClass().add(id.equals("header") ? "header-row" : "result-row");
            grid.add(cells[column], column, row);
        }
        if (!id.equals("header")) cells[0].setId(id);
    }

    private static Label cell(String text, String styleClass) {
        Label label = new Label(text);
        label.getStyleClass().add(styleClass);
        // in a narrow lab the tokens give way first: a char model's "n d ␣ t h" says less than its text "nd th"
        label.setMinWidth(styleClass.equals("results-tokens") ? 40 : javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    /** Beam's best against greedy, in one or two sentences. */
    static String verdict(BeamTree tree) {
        if (tree.beams().isEmpty()) return "The search returned no beam.";
        Beam best = tree.beams().get(0).beam();
        BeamTree.GreedyPath greedy = tree.greedy();
        double ratio = Math.exp(best.logProbability() - greedy.logProbability());
        String sentence;
        if (java.util.Arrays.equals(best.tokens(), greedy.tokens()) && best.finished() == greedy.finished()) {
            sentence = "Beam 1 is greedy's own path: here the search finds nothing greedy missed.";
        } else if (ratio > 1.0005) {
            sentence = String.format(Locale.ROOT, "Beam 1 is %s× as likely as greedy's path (p %s against %s): "
                            + "the search found what greedy missed.", ratioText(ratio),
                    BeamFormat.probability(best.logProbability()), BeamFormat.probability(greedy.logProbability()));
        } else if (tree.settings().lengthNormalised()) {
            sentence = String.format(Locale.ROOT, "Greedy's path has p %s, beam 1 %s: with length normalisation beam 1"
                            + " won on the score per token, not on the total.",
                    BeamFormat.probability(greedy.logProbability()), BeamFormat.probability(best.logProbability()));
        } else {
            sentence = String.format(Locale.ROOT, "Greedy's path is likelier here (p %s against %s): the search keeps"
                            + " only %d paths a step, so it can miss the best one too.",
                    BeamFormat.probability(greedy.logProbability()), BeamFormat.probability(best.logProbability()),
                    tree.settings().beamWidth());
        }
        if (greedy.prunedAtStep() != null) {
            sentence += " The search pruned greedy's choice at step " + greedy.prunedAtStep() + ".";
        }
        return sentence;
    }

    private static String ratioText(double ratio) {
        return ratio < 100 ? String.format(Locale.ROOT, "%.1f", ratio) : String.format(Locale.ROOT, "%.3g", ratio);
    }
}
