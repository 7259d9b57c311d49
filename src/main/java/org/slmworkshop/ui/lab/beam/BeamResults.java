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
        // the rows of a search of width 3 made now, empty: the first table shown then costs no new controls (making
        // them beside a live model's first tree took a 40 ms CSS and layout pass, and a whole-window repaint after)
        for (int r = 0; r < 5; r++) rows.add(newRow(r, COLUMNS));
    }

    private static final int COLUMNS = 7;

    /** Gets the last node of the beam under the mouse, or -1 when it leaves. */
    void setOnHoverBeam(IntConsumer action) {
        onHoverBeam = action == null ? node -> { } : action;
    }

    /** Empties the table, keeping its labels for the next one. */
    void clear() {
        for (Row row : rows) {
            row.hoverNode()[0] = -1;
            for (Label label : row.labels()) {
                label.setText("");
                label.setTooltip(null);
            }
        }
        verdict.setText("");
    }

    /** What one cell says and how it looks; {@code tooltip} null for none. */
    private record Cell(String text, String styleClass, String tooltip) {
        Cell(String text, String styleClass) {
            this(text, styleClass, null);
        }
    }

    /**
     * The table: the labels of the rows shown before are reused, with new texts and only changed classes restyled,
     * so a live model's search every few seconds costs no new controls (rebuilding them took a 10-40 ms CSS pass).
     */
    void show(BeamTree tree, Tokenizer tokenizer) {
        boolean normalised = tree.settings().lengthNormalised();
        java.util.List<Cell[]> table = new java.util.ArrayList<>();
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.List<Integer> hoverNodes = new java.util.ArrayList<>();
        table.add(new Cell[] {new Cell("", "results-header"), new Cell("beams, best first", "results-header"),
                new Cell("text", "results-header"), new Cell("Σ log p", "results-header"), new Cell("p", "results-header"),
                new Cell(normalised ? "score (Σ / length)" : "score", "results-header"), new Cell("", "results-header")});
        ids.add("header");
        hoverNodes.add(-1);
        for (BeamTree.FinalBeam ending : tree.beams()) {
            Beam beam = ending.beam();
            int number = tree.nodes().get(ending.node()).beam();
            table.add(new Cell[] {new Cell(String.valueOf(number), number == 1 ? "results-badge-best" : "results-badge"),
                    new Cell(BeamFormat.pathLabel(tree, ending.node(), tokenizer), "results-tokens",
                            BeamFormat.textSoFar(tree, ending.node(), tokenizer)),
                    new Cell(BeamFormat.continuation(beam.tokens(), tokenizer), "results-text"),
                    new Cell(BeamFormat.logProbability(beam.logProbability()), "results-number"),
                    new Cell(BeamFormat.probability(beam.logProbability()), "results-number"),
                    new Cell(BeamFormat.logProbability(beam.score()), "results-number"),
                    new Cell(beam.finished() ? "finished" : "unfinished", "results-state")});
            ids.add("beam-row-" + number);
            hoverNodes.add(ending.node());
        }
        BeamTree.GreedyPath greedy = tree.greedy();
        table.add(new Cell[] {new Cell("greedy", "results-badge-greedy"),
                new Cell(BeamFormat.greedyLabel(greedy, tokenizer), "results-tokens",
                        BeamFormat.textSoFar(tree, greedy.tokens(), greedy.finished(), tokenizer)),
                new Cell(BeamFormat.continuation(greedy.tokens(), tokenizer), "results-text"),
                new Cell(BeamFormat.logProbability(greedy.logProbability()), "results-number"),
                new Cell(BeamFormat.probability(greedy.logProbability()), "results-number"), new Cell("", "results-number"),
                new Cell(greedy.finished() ? "finished" : "unfinished", "results-state")});
        ids.add("beam-row-greedy");
        hoverNodes.add(-1);

        while (rows.size() > table.size()) grid.getChildren().removeAll(rows.remove(rows.size() - 1).labels());
        for (int r = 0; r < table.size(); r++) {
            if (r == rows.size()) rows.add(newRow(r, table.get(r).length));
            Row row = rows.get(r);
            row.hoverNode()[0] = hoverNodes.get(r);
            String id = ids.get(r);
            for (int c = 0; c < row.labels().length; c++) {
                Label label = row.labels()[c];
                Cell cell = table.get(r)[c];
                if (!label.getText().equals(cell.text())) label.setText(cell.text());
                java.util.List<String> classes = java.util.List.of("label", cell.styleClass(),
                        id.equals("header") ? "header-row" : "result-row");
                if (!label.getStyleClass().equals(classes)) label.getStyleClass().setAll(classes);
                // in a narrow lab the tokens give way first: a char model's "n d ␣ t h" says less than its text "nd th"
                label.setMinWidth(cell.styleClass().equals("results-tokens") ? 40 : javafx.scene.layout.Region.USE_PREF_SIZE);
                if (cell.tooltip() == null) {
                    label.setTooltip(null);
                } else if (label.getTooltip() == null) {
                    label.setTooltip(new javafx.scene.control.Tooltip(cell.tooltip()));
                } else {
                    label.getTooltip().setText(cell.tooltip());
                }
                label.setId(c == 0 && !id.equals("header") ? id
                        : c == 1 && id.startsWith("beam-row-") ? (id.equals("beam-row-greedy") ? "beam-greedy-label"
                        : "beam-label-" + id.substring("beam-row-".length())) : null);
            }
        }
        verdict.setText(verdict(tree));
    }

    /** One row of the table and the tree node its beam ends in (-1: none), which hovering it highlights. */
    private record Row(Label[] labels, int[] hoverNode) {}

    private final java.util.List<Row> rows = new java.util.ArrayList<>();

    private Row newRow(int r, int columns) {
        Row row = new Row(new Label[columns], new int[] {-1});
        for (int c = 0; c < columns; c++) {
            Label label = new Label();
            row.labels()[c] = label;
            grid.add(label, c, r);
            label.setOnMouseEntered(e -> {
                if (row.hoverNode()[0] >= 0) onHoverBeam.accept(row.hoverNode()[0]);
            });
            label.setOnMouseExited(e -> {
                if (row.hoverNode()[0] >= 0) onHoverBeam.accept(-1);
            });
        }
        return row;
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
