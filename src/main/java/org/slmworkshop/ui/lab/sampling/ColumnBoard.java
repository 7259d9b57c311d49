package org.slmworkshop.ui.lab.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.slmworkshop.generate.Comparison;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.generate.MemorisationReport;
import org.slmworkshop.generate.Sample;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.text.Tokenizer;

/**
 * The columns side by side, in equal widths. While a comparison runs, sampled tokens stream in at
 * 20 Hz (beam search shows its best beam at the end); when it is done every column is redrawn with
 * its divergence from greedy and its repeated stretches, and then with what it copies of the training text.
 */
final class ColumnBoard extends HBox {
    private final List<Column> columns = new ArrayList<>();
    private final List<SampleColumnView> views = new ArrayList<>();
    private final ConcurrentLinkedQueue<TokenListener.GeneratedToken> arrived = new ConcurrentLinkedQueue<>();
    private final Timeline drain = new Timeline(new KeyFrame(Duration.millis(50), e -> drainTokens()));
    private final Map<String, List<Integer>> columnsByLabel = new HashMap<>();
    private int[] streamedCounts = new int[0];
    private Consumer<List<Column>> onEdited = edited -> { };
    private Runnable onFirstToken = () -> { };

    ColumnBoard() {
        getStyleClass().add("column-board");
        setId("sampling-columns");
        setSpacing(5);
        setFillHeight(true);
        drain.setCycleCount(Timeline.INDEFINITE);
    }

    List<Column> columns() {
        return List.copyOf(columns);
    }

    List<SampleColumnView> views() {
        return List.copyOf(views);
    }

    List<DecodingSettings> settings() {
        return columns.stream().map(Column::settings).toList();
    }

    /** Called when the learner removes a column. */
    void setOnEdited(Consumer<List<Column>> action) {
        onEdited = action;
    }

    /** Called once per generation, when its first token is on screen. */
    void setOnFirstToken(Runnable action) {
        onFirstToken = action;
    }

    void setColumns(List<Column> updated) {
        boolean sameCount = updated.size() == columns.size();
        columns.clear();
        columns.addAll(updated);
        if (!sameCount) rebuildViews();
        for (int i = 0; i < columns.size(); i++) views.get(i).showColumn(columns.get(i));
    }

    private void rebuildViews() {
        views.clear();
        for (int i = 0; i < columns.size(); i++) {
            int index = i;
            SampleColumnView view = new SampleColumnView(i);
            view.pinItem().setOnAction(e -> {
                columns.set(index, columns.get(index).withPinned(view.pinItem().isSelected()));
                view.showColumn(columns.get(index));
            });
            view.removeItem().setOnAction(e -> {
                List<Column> left = new ArrayList<>(columns);
                left.remove(index);
                setColumns(left);
                onEdited.accept(columns());
            });
            view.removeItem().setDisable(columns.size() == 1);
            views.add(view);
        }
        getChildren().setAll(views);
    }

    /** Clears the columns for a new run and returns the listener the engine streams into. */
    TokenListener startStreaming(String prompt) {
        arrived.clear();
        streamedCounts = new int[columns.size()];
        columnsByLabel.clear();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            columnsByLabel.computeIfAbsent(column.label(), l -> new ArrayList<>()).add(i);
            views.get(i).showPending(prompt, column.settings().strategy() == Strategy.BEAM
                    ? "searching " + column.settings().beamWidth() + " beams…" : "generating…");
        }
        drain.play();
        return arrived::add;
    }

    private void drainTokens() {
        boolean first = false;
        for (TokenListener.GeneratedToken token; (token = arrived.poll()) != null; ) {
            // the lockstep decoder names runs by their label; identical settings share a label
            for (int index : columnsByLabel.getOrDefault(token.label(), List.of())) {
                if (streamedCounts[index] == token.step()) {
                    first |= totalStreamed() == 0;
                    views.get(index).appendStreamed(token.text());
                    streamedCounts[index]++;
                    break;
                }
            }
        }
        if (first) onFirstToken.run();
    }

    private int totalStreamed() {
        int total = 0;
        for (int count : streamedCounts) total += count;
        return total;
    }

    void stopStreaming() {
        drain.stop();
        arrived.clear();
    }

    /** The finished comparison: every column with its statistics, divergence and repeats. */
    void showComparison(Comparison comparison, Tokenizer tokenizer) {
        stopStreaming();
        List<Sample> samples = comparison.samples();
        int reference = referenceColumn();
        for (int i = 0; i < samples.size() && i < views.size(); i++) {
            Sample sample = samples.get(i);
            Integer step = reference < 0 || i == reference ? null : divergenceStep(comparison, reference, i);
            int fromChar = step == null ? -1 : ColumnText.charOffset(tokenizer, sample.tokens(), sample.text(), step - 1);
            views.get(i).showSample(comparison.prompt(), sample, fromChar, step, i == reference, reference >= 0);
        }
    }

    /** The memorisation meter's reading, one per column in order; a report that is not measured clears them. */
    void showMemorisation(MemorisationReport report) {
        for (int i = 0; i < views.size(); i++) {
            if (report.measured() && i < report.samples().size()) views.get(i).showMemorisation(report.samples().get(i), report.corpusId());
            else views.get(i).clearMemorisation();
        }
    }

    /** No model to generate with: the columns keep their settings and say what they wait for. */
    void showWaiting(String prompt, String note) {
        stopStreaming();
        views.forEach(view -> view.showPending(prompt, note));
    }

    void showFailure(String message) {
        stopStreaming();
        views.forEach(view -> view.showFailure(message));
    }

    /** The first greedy column, or -1. */
    int referenceColumn() {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).settings().strategy() == Strategy.GREEDY) return i;
        }
        return -1;
    }

    static Integer divergenceStep(Comparison comparison, int a, int b) {
        int first = Math.min(a, b), second = Math.max(a, b);
        return comparison.divergences().stream().filter(d -> d.first() == first && d.second() == second).findFirst()
                .map(Comparison.Divergence::firstDifferentStep).orElse(null);
    }
}
