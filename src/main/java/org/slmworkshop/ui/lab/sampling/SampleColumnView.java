package org.slmworkshop.ui.lab.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.slmworkshop.generate.Memorisation;
import org.slmworkshop.generate.Sample;

/**
 * One column: what it demonstrates, its exact settings, how likely the model finds its text, where it
 * leaves greedy, how much of it repeats, how much it copies the training text, and the text itself
 * with those places styled.
 */
final class SampleColumnView extends VBox {
    private static final PseudoClass COPYING = PseudoClass.getPseudoClass("copying");
    private final Label title = new Label();
    private final Label settings = new Label();
    private final Label stats = new Label();
    private final Label divergence = new Label();
    private final Label repetition = new Label();
    private final Label copied = new Label();
    private final ShadedTextFlow text = new ShadedTextFlow();
    private final Label menu = new Label("⋯");
    private final CheckMenuItem pin = new CheckMenuItem("Pinned: the sliders leave it alone");
    private final MenuItem remove = new MenuItem("Remove this column");
    private final ContextMenu actions = new ContextMenu(pin, remove);
    private Text streaming;
    private Shown shown;   // the finished sample on screen, so the meter can restyle it without regenerating

    /** What {@link #showSample} drew, kept to redraw it with the copied stretches. */
    private record Shown(String prompt, String continuation, int divergedFromChar, boolean[] repeated) {}

    SampleColumnView(int index) {
        getStyleClass().add("sample-column");
        setId("sampling-column-" + index);
        title.getStyleClass().add("column-title");
        settings.getStyleClass().add("column-settings");
        settings.setId("sampling-column-settings-" + index);
        stats.getStyleClass().add("column-stats");
        divergence.getStyleClass().add("column-divergence");
        divergence.setId("sampling-divergence-" + index);
        repetition.getStyleClass().add("column-repetition");
        copied.getStyleClass().add("column-copied");
        copied.setId("sampling-copied-" + index);
        text.getStyleClass().add("column-text");
        text.setId("sampling-column-text-" + index);
        for (Label label : List.of(settings, stats, divergence, repetition, copied)) {
            label.setWrapText(true);
            label.setMinHeight(Region.USE_PREF_SIZE);
            label.managedProperty().bind(label.textProperty().isNotEmpty());   // an empty line would only push the text down
        }
        menu.getStyleClass().add("column-menu");
        menu.setId("sampling-column-menu-" + index);
        menu.setTooltip(new Tooltip("Pin or remove this column"));
        menu.setMinWidth(Region.USE_PREF_SIZE);
        menu.setOnMouseClicked(e -> actions.show(menu, Side.BOTTOM, 0, 0));
        setOnContextMenuRequested(e -> actions.show(this, e.getScreenX(), e.getScreenY()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        title.setMinWidth(0);
        HBox header = new HBox(2, title, spacer, menu);
        header.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(header, settings, stats, divergence, repetition, copied, text);
        setMinWidth(112);
        setPrefWidth(0);   // columns share the row equally
        HBox.setHgrow(this, Priority.ALWAYS);
    }

    CheckMenuItem pinItem() {
        return pin;
    }

    MenuItem removeItem() {
        return remove;
    }

    void showColumn(Column column) {
        title.setText(column.title());
        title.setTooltip(new Tooltip(column.title() + ": " + column.label()));   // narrow columns cut the title short
        settings.setText(column.label().replace(",", ", ") + (column.pinned() ? " (pinned)" : ""));
        pin.setSelected(column.pinned());
    }

    /** Before any token arrives: the prompt, and what is happening. */
    void showPending(String prompt, String note) {
        stats.setText(note);
        divergence.setText("");
        repetition.setText("");
        shown = null;
        clearMemorisation();
        Text shownPrompt = new Text(prompt);
        shownPrompt.getStyleClass().addAll("sample-text", "prompt-text");
        streaming = new Text();
        streaming.getStyleClass().add("sample-text");
        text.show(List.of(shownPrompt, streaming), List.of());
    }

    /** A token as it is generated, before the comparison is complete. */
    void appendStreamed(String piece) {
        if (streaming != null) streaming.setText(streaming.getText() + piece);
    }

    String streamedText() {
        return streaming == null ? "" : streaming.getText();
    }

    /**
     * The finished sample.
     *
     * @param divergenceStep 1-based step where it first differs from greedy; null when identical
     * @param isReference    this is the greedy column the others are compared with
     */
    void showSample(String prompt, Sample sample, int divergedFromChar, Integer divergenceStep, boolean isReference,
                    boolean hasReference) {
        streaming = null;
        stats.setText(statistics(sample));
        stats.setTooltip(new Tooltip(String.format(Locale.ROOT, "%d tokens. log p: the log-probability the model itself gives"
                + " this text (higher is likelier). Perplexity: exp(−log p per token).", sample.length())));
        if (isReference) divergence.setText("the reference");
        else if (!hasReference) divergence.setText("no greedy column to compare with");
        else if (divergenceStep == null) divergence.setText("identical to greedy");
        else divergence.setText("diverges from greedy at token " + divergenceStep);
        boolean[] repeated = ColumnText.repeated(sample.text());
        double share = ColumnText.share(repeated);
        repetition.setText(share == 0 ? "" : String.format(Locale.ROOT, "repeats itself: %.0f%%", 100 * share));
        repetition.pseudoClassStateChanged(PseudoClass.getPseudoClass("looping"), share >= 0.3);
        clearMemorisation();
        shown = new Shown(prompt, sample.text(), divergedFromChar, repeated);
        draw(new boolean[sample.text().length()]);
    }

    /**
     * The memorisation meter's verdict on this column's continuation: the copied stretches shaded,
     * and one line saying how long the longest is and how much of the text they cover.
     *
     * @param corpus names the training text in the tooltip
     */
    void showMemorisation(Memorisation meter, String corpus) {
        if (shown == null || meter.textLength() != shown.continuation().length()) return;   // a newer sample is on screen
        copied.setText(CopiedLine.of(meter));
        copied.setTooltip(CopiedLine.tooltip(meter, corpus));
        copied.pseudoClassStateChanged(COPYING, !meter.spans().isEmpty());
        draw(ColumnText.copied(meter));
    }

    /** No meter reading (not measured, or a new sample on its way): no line, no shading. */
    void clearMemorisation() {
        copied.setText("");
        copied.setTooltip(null);
        copied.pseudoClassStateChanged(COPYING, false);
        if (shown != null && !text.shaded().isEmpty()) draw(new boolean[shown.continuation().length()]);
    }

    private void draw(boolean[] copiedMarks) {
        List<Text> pieces = new ArrayList<>();
        List<ShadedTextFlow.Range> shaded = new ArrayList<>();
        int offset = 0;
        for (ColumnText.Run run : ColumnText.runs(shown.prompt(), shown.continuation(), shown.divergedFromChar(),
                shown.repeated(), copiedMarks)) {
            Text piece = new Text(run.text());
            piece.getStyleClass().add("sample-text");
            if (run.prompt()) piece.getStyleClass().add("prompt-text");
            if (run.diverged()) piece.getStyleClass().add("diverged-text");
            if (run.repeated()) piece.getStyleClass().add("repeated-text");
            if (run.copied()) {
                piece.getStyleClass().add("copied-text");
                int end = offset + run.text().length();
                boolean continues = !shaded.isEmpty() && shaded.get(shaded.size() - 1).end() == offset;   // one span, other looks
                if (continues) shaded.set(shaded.size() - 1, new ShadedTextFlow.Range(shaded.get(shaded.size() - 1).start(), end));
                else shaded.add(new ShadedTextFlow.Range(offset, end));
            }
            pieces.add(piece);
            offset += run.text().length();
        }
        text.show(pieces, shaded);
    }

    void showFailure(String message) {
        streaming = null;
        stats.setText(message);
    }

    String copiedLine() {
        return copied.getText();
    }

    Tooltip copiedTooltip() {
        return copied.getTooltip();
    }

    /** The continuation's stretches drawn as copied, each with its start in the continuation. */
    List<ShadedTextFlow.Range> copiedRanges() {
        int promptLength = shown == null ? 0 : shown.prompt().length();
        return text.shaded().stream().map(r -> new ShadedTextFlow.Range(r.start() - promptLength, r.end() - promptLength)).toList();
    }

    ShadedTextFlow textFlow() {
        return text;
    }

    /** The continuation as shown (prompt excluded). */
    String continuation() {
        StringBuilder out = new StringBuilder();
        text.getChildren().forEach(node -> {
            if (node instanceof Text piece && !piece.getStyleClass().contains("prompt-text")) out.append(piece.getText());
        });
        return out.toString();
    }

    /** The continuation drawn as shared with greedy: everything before the first diverged run. */
    String sharedWithReference() {
        StringBuilder out = new StringBuilder();
        for (var node : text.getChildren()) {
            if (!(node instanceof Text piece) || piece.getStyleClass().contains("prompt-text")) continue;
            if (piece.getStyleClass().contains("diverged-text")) break;
            out.append(piece.getText());
        }
        return out.toString();
    }

    String divergenceText() {
        return divergence.getText();
    }

    static String statistics(Sample sample) {
        int scored = sample.length() + (sample.stopReason() == Sample.StopReason.END_OF_TEXT ? 1 : 0);
        String length = switch (sample.stopReason()) {
            case END_OF_TEXT -> sample.length() + " tokens + <eot> · ";
            case MAX_TOKENS -> "";
            case CANCELLED -> sample.length() + " tokens (stopped) · ";
        };
        if (scored == 0) return "no tokens";
        double perToken = sample.logProbability() / scored;
        return String.format(Locale.ROOT, "%slog p %.1f · ppl %.2f", length, sample.logProbability(), Math.exp(-perToken));
    }
}
