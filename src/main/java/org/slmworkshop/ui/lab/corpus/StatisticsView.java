package org.slmworkshop.ui.lab.corpus;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.FlowPane;
import org.slmworkshop.text.Tokenizer;

/**
 * The corpus in numbers: a tidy grid of counts beside a chart of its most frequent tokens, or above it where the lab
 * is too narrow for both (a zoomed window).
 */
final class StatisticsView extends FlowPane {
    private final GridPane grid = new GridPane();
    private final Map<String, Label> values = new LinkedHashMap<>();
    private final TopTokensTable topTokens = new TopTokensTable();

    StatisticsView() {
        getStyleClass().add("corpus-statistics");
        setHgap(16);
        setVgap(12);
        grid.getStyleClass().add("statistics-grid");
        grid.setHgap(14);
        grid.setVgap(5);
        ColumnConstraints names = new ColumnConstraints();
        names.setHalignment(HPos.LEFT);
        names.setMinWidth(USE_PREF_SIZE);
        ColumnConstraints numbers = new ColumnConstraints();
        numbers.setHalignment(HPos.RIGHT);
        numbers.setMinWidth(USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(names, numbers);
        row("documents", "Documents", "Texts in the corpus; <eot> separates them in the token stream.");
        row("characters", "Characters", "Length of the cleaned text, line ends as \\n.");
        row("tokens", "Tokens", "Train + validation (+ test) tokens, <eot> between documents included.");
        row("train-tokens", "  train", "The split the tokenizer and the models learn from.");
        row("validation-tokens", "  validation", "Held out: losses reported on it measure generalisation.");
        row("test-tokens", "  test", "Held out until the very end.");
        row("vocab", "Vocabulary V", "Distinct token ids, <unk> (0) and <eot> (1) included.");
        row("uniform", "Uniform loss ln V", "The cross-entropy of a model that gives every token 1/V.");
        row("chars-per-token", "Characters per token", "How much text one token covers on average.");
        row("unknowns", "Unknown tokens", "Tokens that became <unk>, in the train and validation splits.");
        row("bigram-memory", "V×V bigram (float32)", "The full bigram table of lesson 3: V² weights of 4 bytes.");
        getChildren().addAll(grid, topTokens);
    }

    private void row(String key, String name, String explanation) {
        Label nameLabel = new Label(name);
        nameLabel.getStyleClass().add("stat-name");
        Label value = new Label("…");
        value.setId("stat-" + key);
        value.getStyleClass().add("stat-value");
        Tooltip tooltip = new Tooltip(explanation);
        nameLabel.setTooltip(tooltip);
        value.setTooltip(tooltip);
        int index = values.size();
        grid.addRow(index, nameLabel, value);
        values.put(key, value);
        if (key.equals("test-tokens")) {
            nameLabel.visibleProperty().bind(value.visibleProperty());
            nameLabel.managedProperty().bind(value.visibleProperty());
            value.managedProperty().bind(value.visibleProperty());
        }
    }

    void show(CorpusStatistics stats, Tokenizer tokenizer) {
        long total = stats.totalTokens();
        set("documents", Numbers.count(stats.documents()));
        set("characters", Numbers.count(stats.characters()));
        set("tokens", Numbers.count(total));
        set("train-tokens", share(stats.trainTokens(), total));
        set("validation-tokens", share(stats.validationTokens(), total));
        set("test-tokens", share(stats.testTokens(), total));
        values.get("test-tokens").setVisible(stats.testTokens() > 0);
        set("vocab", Numbers.count(stats.vocabSize()));
        set("uniform", String.format(Locale.ROOT, "%.3f nats", stats.uniformLoss()));
        set("chars-per-token", String.format(Locale.ROOT, "%.2f", stats.charactersPerToken()));
        set("unknowns", unknowns(stats));
        set("bigram-memory", Numbers.bytes(stats.bigramBytes()));
        values.get("bigram-memory").setTooltip(new Tooltip(String.format(Locale.ROOT,
                "%s × %s = %s weights × 4 bytes = %s bytes, before gradients and optimiser state",
                Numbers.count(stats.vocabSize()), Numbers.count(stats.vocabSize()),
                Numbers.count((long) stats.vocabSize() * stats.vocabSize()), Numbers.count(stats.bigramBytes()))));
        topTokens.show(stats.topTokens(tokenizer, 10), stats.totalTokens());
    }

    private static String share(long part, long total) {
        return String.format(Locale.ROOT, "%s (%.1f%%)", Numbers.count(part), total == 0 ? 0 : 100.0 * part / total);
    }

    private static String unknowns(CorpusStatistics stats) {
        if (stats.trainUnknowns() == 0 && stats.validationUnknowns() == 0) return "none";
        return percent(stats.trainUnknowns(), stats.trainTokens()) + " train · "
                + percent(stats.validationUnknowns(), stats.validationTokens()) + " validation";
    }

    private static String percent(long part, long total) {
        if (part == 0) return "0";
        double share = 100.0 * part / Math.max(1, total);
        return share < 0.1 ? "<0.1%" : String.format(Locale.ROOT, "%.1f%%", share);
    }

    private void set(String key, String text) {
        values.get(key).setText(text);
    }
}
