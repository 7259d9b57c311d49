package org.slmworkshop.ui.lab.stepper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.slmworkshop.inspect.ForwardTrace.TopToken;
import org.slmworkshop.inspect.Stage;
import org.slmworkshop.ui.lab.TokenText;
import org.slmworkshop.ui.lab.heatmap.ColourScale;
import org.slmworkshop.ui.lab.heatmap.Heatmap;
import org.slmworkshop.ui.lab.heatmap.HeatmapData;
import org.slmworkshop.ui.view.Ems;

/**
 * One stage of the walk at one position: its name, formula and shape; its numbers (the position's vector as a strip
 * and every position as a grid, the attention weights as a heatmap with the position's row as bars, or the top next
 * tokens as bars); the value under the mouse; and the causality check's line for this stage. FX thread only.
 */
final class StageView extends VBox {
    private static final int VALUES_WRITTEN = 8;
    private static final int KEYS_LISTED = 8;

    private final Label title = new Label();
    private final Label name = new Label();
    private final Label formula = new Label();
    private final Label shape = new Label();
    private final Label numbers = new Label();
    private final Label stream = new Label();
    private final ValueGrid strip = new ValueGrid(22, 26);
    private final Label gridCaption = new Label();
    private final ValueGrid grid = new ValueGrid(2.5, 12);
    private final Heatmap attention = new Heatmap("key position", "query position");
    private final BarList bars = new BarList();
    private final HBox pictures = new HBox(14);
    private final VBox vectorBox = new VBox(4);
    private final Label readout = new Label();
    private final Label causality = new Label();
    private final Label later = new Label();

    StageView() {
        getStyleClass().add("stage-view");
        setSpacing(5);
        title.setId("stepper-stage-title");
        title.getStyleClass().add("stage-title");
        name.setId("stepper-stage-name");
        name.getStyleClass().add("stage-name");
        name.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        title.setMinWidth(0);
        title.setWrapText(true);
        HBox formulaRow = new HBox(10, formula, spacer, name);
        formulaRow.setAlignment(Pos.CENTER_LEFT);
        formula.setId("stepper-formula");
        formula.getStyleClass().add("stage-formula");
        formula.setWrapText(true);
        shape.setId("stepper-shape");
        shape.getStyleClass().add("stage-shape");
        shape.setWrapText(true);
        numbers.setId("stepper-numbers");
        numbers.getStyleClass().add("stage-numbers");
        numbers.setWrapText(true);
        stream.setId("stepper-stream");
        stream.getStyleClass().add("stage-stream");
        stream.setWrapText(true);
        strip.setId("stepper-strip");
        strip.setRowName("position");
        grid.setId("stepper-grid");
        gridCaption.getStyleClass().add("caption");
        for (Label label : List.of(title, formula, shape, numbers, stream, gridCaption)) label.setMinHeight(Region.USE_PREF_SIZE);
        formula.setMinWidth(120);
        attention.setId("stepper-attention");
        attention.setHint("Point at a cell: how much a query position attends to a key position.");
        attention.setDescriber(StageView::describeAttention);
        attention.setMinSize(180, 180);
        HBox.setHgrow(attention, Priority.ALWAYS);
        bars.setId("stepper-bars");
        bars.setMinWidth(170);
        Ems.prefWidth(bars, 210);
        HBox.setHgrow(bars, Priority.SOMETIMES);
        VBox.setVgrow(grid, Priority.ALWAYS);
        VBox.setVgrow(pictures, Priority.ALWAYS);
        vectorBox.getChildren().addAll(strip, numbers, stream, gridCaption, grid);
        VBox.setVgrow(vectorBox, Priority.ALWAYS);
        readout.setId("stepper-readout");
        readout.getStyleClass().add("stage-readout");
        readout.setMinHeight(Region.USE_PREF_SIZE);
        strip.setOnHover(this::hovered);
        grid.setOnHover(this::hovered);
        causality.setId("stepper-causality");
        causality.getStyleClass().add("causality-line");
        causality.setWrapText(true);
        causality.setMinHeight(Region.USE_PREF_SIZE);
        causality.setMaxWidth(Double.MAX_VALUE);
        later.setId("stepper-causality-later");
        later.getStyleClass().add("caption");
        later.setWrapText(true);
        getChildren().addAll(title, formulaRow, shape, vectorBox, readout, causality, later);
    }

    /** Shows {@code step} of {@code traced} at {@code position}. */
    void show(TracedPrompt traced, Walk.Step step, int position) {
        Stage stage = step.stage();
        int index = step.index();
        title.setText(step.title());
        name.setText(stage.label());
        formula.setText(stage.formula());
        String token = TokenText.quoted(traced.tokens().get(position));
        shape.setText(String.format(Locale.ROOT, "shape %s · position %d %s · ‖row‖ = %.4f", stage.shapeText(), position,
                token, traced.norms()[index][position]));
        hovered(null);
        readout.setVisible(!step.isAttentionWeights());   // the heatmap reads its own cells out
        readout.setManaged(!step.isAttentionWeights());
        if (step.isAttentionWeights()) showAttention(traced, stage, position);
        else if (step.isLogits()) showLogits(traced, stage, index, position);
        else showVector(traced, step, position);
        showCausality(traced, index, stage, position);
    }

    private void showVector(TracedPrompt traced, Walk.Step step, int position) {
        Stage stage = step.stage();
        int index = step.index();
        double extent = traced.extents()[index];
        float[] row = stage.row(position);
        String label = position + " " + TokenText.quoted(traced.tokens().get(position));
        strip.show(row, 1, stage.width(), extent, List.of(label), 0, null);
        numbers.setText(written(row, traced.norms()[index][position], "position " + position));
        stream.setText(step.isResidual() ? streamSizes(traced, position) : "");
        stream.setVisible(step.isResidual());
        stream.setManaged(step.isResidual());
        gridCaption.setText(String.format(Locale.ROOT, "All %d positions, row %d outlined · blue −%.3g · white 0 · red +%.3g",
                stage.length(), position, extent, extent));
        grid.show(stage.values(), stage.length(), stage.width(), extent, traced.tokens(), position, marks(traced, index));
        grid.setVisible(true);
        grid.setManaged(true);
        gridCaption.setVisible(true);
        gridCaption.setManaged(true);
        vectorBox.getChildren().setAll(strip, numbers, stream, gridCaption, grid);
        replaceVisual(vectorBox);
    }

    private void showLogits(TracedPrompt traced, Stage stage, int index, int position) {
        List<TopToken> top = traced.topTokens().get(position);
        List<BarList.Bar> shown = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            TopToken t = top.get(i);
            shown.add(new BarList.Bar(TokenText.quoted(label(traced, t.id())), t.probability(),
                    String.format(Locale.ROOT, "p = %.3f   logit %+.2f", t.probability(), t.logit()), i == 0));
        }
        TopToken best = top.get(0);
        bars.show(String.format(Locale.ROOT, "Next token after position %d %s: softmax of the logits, the top %d."
                + " The model's choice (argmax) is %s, p = %.3f.", position, TokenText.quoted(traced.tokens().get(position)),
                top.size(), TokenText.quoted(label(traced, best.id())), best.probability()), shown);
        float[] row = stage.row(position);
        strip.show(row, 1, stage.width(), traced.extents()[index], List.of(position + " " + TokenText.quoted(traced.tokens().get(position))), 0, null);
        numbers.setText(written(row, traced.norms()[index][position], "position " + position));
        stream.setVisible(false);
        stream.setManaged(false);
        vectorBox.getChildren().setAll(bars, strip, numbers);
        replaceVisual(vectorBox);
    }

    private void showAttention(TracedPrompt traced, Stage stage, int position) {
        int visible = position + 1;   // queries and keys 0..position
        List<String> labels = traced.tokens().subList(0, visible);
        double[][] values = new double[visible][visible];
        for (int q = 0; q < visible; q++) {
            float[] row = stage.row(q);
            for (int k = 0; k < visible; k++) values[q][k] = row[k];
        }
        attention.show(new HeatmapData(labels, labels, values, true), ColourScale.sequential(1, "attention weight"));
        float[] row = stage.row(position);
        List<Integer> keys = new ArrayList<>();
        for (int k = 0; k < visible; k++) keys.add(k);
        keys.sort(Comparator.<Integer>comparingDouble(k -> -row[k]).thenComparingInt(k -> k));
        List<BarList.Bar> shown = new ArrayList<>();
        for (int k : keys.subList(0, Math.min(KEYS_LISTED, keys.size()))) {
            shown.add(new BarList.Bar(k + " " + TokenText.quoted(traced.tokens().get(k)), row[k],
                    String.format(Locale.ROOT, "%.3f", row[k]), k == keys.get(0)));
        }
        bars.show(String.format(Locale.ROOT, "Row %d %s: its %d largest weights over keys 0..%d (they sum to 1; later"
                + " keys are masked)", position, TokenText.quoted(traced.tokens().get(position)), shown.size(), position), shown);
        numbers.setText("");
        pictures.getChildren().setAll(attention, bars);
        replaceVisual(pictures);
    }

    private void replaceVisual(Region visual) {
        int at = getChildren().indexOf(readout) - 1;
        if (getChildren().get(at) != visual) getChildren().set(at, visual);
    }

    private void showCausality(TracedPrompt traced, int index, Stage stage, int position) {
        TraceJob.Comparison comparison = traced.comparison();
        causality.getStyleClass().removeAll("causality-ok", "causality-broken", "causality-idle");
        if (comparison == null) {
            boolean last = position == traced.length() - 1;
            causality.setText((last ? "Causality: pick a position before the last token, then press “Change a later token”"
                    : "Causality: press “Change a later token”") + " (or type over a later part of the prompt) and check"
                    + " that the earlier positions keep every value.");
            causality.getStyleClass().add("causality-idle");
            later.setText("");
            return;
        }
        String line = CausalityText.line(comparison, index, stage);
        boolean ok = line.startsWith("unchanged");
        causality.setText((ok ? "✓ " : "✗ ") + line);
        causality.getStyleClass().add(ok ? "causality-ok" : comparison.firstEdited() == 0 ? "causality-idle" : "causality-broken");
        later.setText(CausalityText.later(comparison, index, stage));
    }

    private static ValueGrid.Mark[] marks(TracedPrompt traced, int index) {
        TraceJob.Comparison comparison = traced.comparison();
        if (comparison == null) return null;
        boolean[] changed = comparison.changedRows()[index];
        ValueGrid.Mark[] marks = new ValueGrid.Mark[changed.length];
        for (int t = 0; t < changed.length; t++) marks[t] = changed[t] ? ValueGrid.Mark.CHANGED : ValueGrid.Mark.SAME;
        return marks;
    }

    /** "+0.1234 −0.5678 … (128 values) · min −2.1 · max +3.0 · ‖·‖ = 9.81". */
    private static String written(float[] row, double norm, String where) {
        StringBuilder text = new StringBuilder(where).append(":");
        for (int i = 0; i < Math.min(VALUES_WRITTEN, row.length); i++) text.append(String.format(Locale.ROOT, " %+.3f", row[i]));
        if (row.length > VALUES_WRITTEN) text.append(" …");
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return text.append(String.format(Locale.ROOT, "  (%d values, min %+.3f, max %+.3f)", row.length, min, max)).toString()
                .replace('-', '−');
    }

    /** The residual stream's size at the position: after the embedding and after each block. */
    private static String streamSizes(TracedPrompt traced, int position) {
        StringBuilder text = new StringBuilder("Residual stream size ‖x‖ at position " + position + ": ");
        List<Stage> stages = traced.trace().stages();
        boolean first = true;
        for (int s = 0; s < stages.size(); s++) {
            String stageName = stages.get(s).name();
            String label = stageName.equals("embedding") ? "embedding" : stageName.endsWith(".residual")
                    ? "after block " + stages.get(s).block() : null;
            if (label == null) continue;
            if (!first) text.append(" → ");
            text.append(String.format(Locale.ROOT, "%s %.2f", label, traced.norms()[s][position]));
            first = false;
        }
        return text.toString();
    }

    private static String label(TracedPrompt traced, int id) {
        return TokenText.label(traced.snapshot().tokenizer(), id);
    }

    private void hovered(String text) {
        readout.setText(text == null ? "Point at a cell to read its value." : text);
    }

    private static String describeAttention(Heatmap.Cell cell) {
        String query = "query " + cell.row() + " " + TokenText.quoted(cell.rowLabel());
        String key = "key " + cell.column() + " " + TokenText.quoted(cell.columnLabel());
        if (cell.masked()) return query + " cannot see " + key + ": it lies in the future (masked)";
        return String.format(Locale.ROOT, "%s attends to %s with weight %.3f", query, key, cell.value());
    }

    // what the tests read
    String causalityText() {
        return causality.getText();
    }

    BarList bars() {
        return bars;
    }

    Heatmap attention() {
        return attention;
    }

    ValueGrid grid() {
        return grid;
    }
}
