package org.slmworkshop.ui.lab.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;
import org.slmworkshop.text.TokenPiece;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.lab.TokenText;

/**
 * A text drawn as its tokens: one pastel box per token, wrapping like prose, the id small beneath,
 * whitespace made visible, {@code <unk>} in red; the tooltip tells the token's frequency in the corpus.
 */
final class TokenSpans extends TextFlow {
    static final String SPAN_CLASS = "token-span";
    private static final int PALETTE_SIZE = 5;

    private final BooleanProperty showIds = new SimpleBooleanProperty(this, "showIds", true);

    TokenSpans() {
        getStyleClass().add("token-spans");
        setId("token-spans");
        setLineSpacing(6);
    }

    BooleanProperty showIdsProperty() {
        return showIds;
    }

    /** Replaces the spans; each span's user data is its {@link TokenPiece}. */
    void show(List<TokenPiece> pieces, Tokenizer tokenizer, CorpusStatistics stats) {
        List<Node> nodes = new ArrayList<>(pieces.size() + 16);
        for (int i = 0; i < pieces.size(); i++) {
            TokenPiece piece = pieces.get(i);
            nodes.add(span(piece, i, tokenizer, stats));
            // break the line where the text does, once after a run of line breaks, so blank lines cost no rows
            boolean nextIsBreak = i + 1 < pieces.size() && pieces.get(i + 1).text().startsWith("\n");
            if (piece.text().endsWith("\n") && !nextIsBreak) nodes.add(new Text("\n"));
        }
        getChildren().setAll(nodes);
    }

    private Node span(TokenPiece piece, int index, Tokenizer tokenizer, CorpusStatistics stats) {
        Label text = new Label(TokenText.dotted(piece.text()));
        text.getStyleClass().add("token-text");
        Label id = new Label(Integer.toString(piece.id()));
        id.getStyleClass().add("token-id");
        id.visibleProperty().bind(showIds);
        id.managedProperty().bind(showIds);
        VBox box = new VBox(text, id);
        box.getStyleClass().addAll(SPAN_CLASS, piece.isUnknown() ? "token-unknown" : "token-c" + index % PALETTE_SIZE);
        box.setUserData(piece);
        // a Tooltip is a popup window, costly by the hundred: made when the pointer first reaches the span
        box.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_ENTERED, new javafx.event.EventHandler<>() {
            @Override
            public void handle(javafx.scene.input.MouseEvent event) {
                box.removeEventHandler(javafx.scene.input.MouseEvent.MOUSE_ENTERED, this);
                Tooltip tooltip = new Tooltip(describe(piece, tokenizer, stats));
                tooltip.setShowDelay(Duration.millis(150));
                Tooltip.install(box, tooltip);
            }
        });
        return box;
    }

    private static String describe(TokenPiece piece, Tokenizer tokenizer, CorpusStatistics stats) {
        long frequency = stats.frequency(piece.id());
        double share = 100.0 * frequency / Math.max(1, stats.totalTokens());
        String inCorpus = String.format(Locale.ROOT, "%s %s in the corpus (%s of its tokens)", Numbers.count(frequency),
                frequency == 1 ? "time" : "times",
                share > 0 && share < 0.01 ? "<0.01%" : String.format(Locale.ROOT, "%.2f%%", share));
        if (piece.isUnknown()) {
            return "<unk> (id 0): \"" + TokenText.dotted(piece.text()) + "\" is not in the " + tokenizer.kind()
                    + " vocabulary.\n<unk> occurs " + inCorpus + ".";
        }
        return "id " + piece.id() + " · \"" + TokenText.dotted(piece.text()) + "\"\n" + inCorpus;
    }
}
