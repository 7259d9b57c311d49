package org.slmworkshop.ui.lab.surprise;

import java.util.Locale;
import java.util.stream.Collectors;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.slmworkshop.train.TokenLosses;
import org.slmworkshop.ui.lab.TokenText;

/**
 * One model's side: which model, its cross-entropy and perplexity on the passage, the passage
 * coloured by its losses, and its sliding windows beneath.
 */
final class ModelColumn extends VBox {
    private final String name;
    private final ModelPicker picker;
    private final Label crossEntropy = new Label();
    private final Label details = new Label();
    private final Label note = new Label();
    private final TokenFlow flow = new TokenFlow();
    private final WindowStrip strip = new WindowStrip();
    private final Label stripCaption = new Label();
    private Scored shown;

    ModelColumn(String name, ModelPicker picker) {
        this.name = name;
        this.picker = picker;
        getStyleClass().add("surprise-column");
        setId("surprise-column-" + name);
        setSpacing(4);
        Label badge = new Label(name);
        badge.getStyleClass().addAll("model-badge", "model-badge-" + name.toLowerCase(Locale.ROOT));
        badge.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(picker, Priority.ALWAYS);
        HBox header = new HBox(6, badge, picker);
        header.setAlignment(Pos.TOP_LEFT);
        crossEntropy.setId("surprise-ce-" + name);
        crossEntropy.getStyleClass().add("surprise-ce");
        details.setId("surprise-details-" + name);
        details.getStyleClass().add("surprise-details");
        note.setId("surprise-note-" + name);
        note.getStyleClass().add("surprise-note");
        for (Label label : new Label[] {crossEntropy, details, note}) {
            label.setWrapText(true);
            label.setMinHeight(Region.USE_PREF_SIZE);
            label.setMaxWidth(Double.MAX_VALUE);
        }
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        flow.setId("surprise-flow-" + name);
        ScrollPane scroll = new ScrollPane(flow);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("surprise-scroll");
        scroll.setMinHeight(80);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        stripCaption.getStyleClass().add("strip-caption");
        stripCaption.setWrapText(true);
        stripCaption.setMinHeight(Region.USE_PREF_SIZE);
        strip.setId("surprise-windows-" + name);
        getChildren().addAll(header, crossEntropy, details, note, scroll, stripCaption, strip);
        showWaiting("");
    }

    ModelPicker picker() {
        return picker;
    }

    TokenFlow flow() {
        return flow;
    }

    WindowStrip strip() {
        return strip;
    }

    Scored shown() {
        return shown;
    }

    Label crossEntropyLabel() {
        return crossEntropy;
    }

    /** No scores: waiting for a model, the passage or the first pass. */
    void showWaiting(String message) {
        shown = null;
        details.getStyleClass().remove("surprise-error");
        flow.clear();
        strip.clear();
        crossEntropy.setText("cross-entropy –");
        details.setText(message);
        note.setText("");
        stripCaption.setText("");
    }

    /** Scores that could not be computed: the reason, in the learner's words. */
    void showError(String message) {
        showWaiting(message);
        details.getStyleClass().add("surprise-error");
    }

    /** Tells that the first scores are on their way (later passes keep the old ones on screen meanwhile). */
    void showScoring() {
        if (shown == null && !details.getStyleClass().contains("surprise-error")) details.setText("Scoring…");
    }

    void show(Scored scored) {
        shown = scored;
        details.getStyleClass().remove("surprise-error");
        TokenLosses.Result losses = scored.losses();
        flow.show(scored);
        strip.show(scored);
        crossEntropy.setText(String.format(Locale.ROOT, "cross-entropy %s nats · perplexity %.2f",
                format(losses.crossEntropy()), losses.perplexity()));
        details.setText(String.format(Locale.ROOT, "%,d scored · context %d · stride %d · %d windows",
                losses.tokens().size(), losses.contextLength(), scored.stride(), losses.windows().size()));
        StringBuilder text = new StringBuilder("Most surprised by ");
        text.append(scored.biggestSurprises(3).stream()
                .map(t -> String.format(Locale.ROOT, "'%s' %.1f", TokenText.dotted(t.piece()), t.loss()))
                .collect(Collectors.joining(", ")));
        text.append(".");
        if (scored.unknowns() > 0) {
            text.append(String.format(Locale.ROOT, " %d token%s not in this model's vocabulary (read as <unk>).",
                    scored.unknowns(), scored.unknowns() == 1 ? " is" : "s are"));
        }
        note.setText(text.toString());
        stripCaption.setText(scored.readsOneToken()
                ? "Sliding windows (a bigram reads only the token before; the windows do not change its losses):"
                : "Context each token was scored with (top) and the sliding windows (dark: the tokens each scores):");
    }

    /** Colours the tokens by their losses on the shared ramp. */
    void paint(ColourRamp ramp) {
        if (shown == null) return;
        Scored scored = shown;
        flow.paint(position -> scored.at(position).loss(), ramp);
    }

    /** Marks token {@code position} (−1: none) in the text and in the windows. */
    void highlight(int position) {
        if (shown == null) return;
        int valid = position >= 1 && position < shown.tokenCount() ? position : -1;
        flow.highlight(valid, valid < 0 ? 0 : shown.at(valid).contextLength());
        strip.hover(valid);
    }

    /** The cross-entropy as the label shows it. */
    static String format(double crossEntropy) {
        return String.format(Locale.ROOT, "%.4f", crossEntropy);
    }

    String name() {
        return name;
    }
}
