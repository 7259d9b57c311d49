package org.slmworkshop.ui.lab.stepper;

import java.util.List;
import java.util.function.IntConsumer;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import org.slmworkshop.ui.lab.TokenText;

/**
 * The prompt as the model reads it, one chip per token: click a chip to pick that position. After a later token was
 * changed, the changed chip says what it was, and the chips before it, whose values the check compares, turn green.
 * FX thread only.
 */
final class TokenStrip extends FlowPane {
    private final IntConsumer onPick;
    private List<String> shownTokens = List.of();
    private int shownEdited = -1;
    private String shownWas;

    TokenStrip(IntConsumer onPick) {
        this.onPick = onPick;
        getStyleClass().add("token-strip");
        setHgap(2);
        setVgap(3);
    }

    /**
     * @param edited      the position whose token was changed, or -1
     * @param was         the token there before the change (a label), or null
     */
    void show(List<String> newTokens, int selectedPosition, int edited, String was) {
        List<String> tokens = List.copyOf(newTokens);
        if (tokens.equals(shownTokens) && edited == shownEdited && java.util.Objects.equals(was, shownWas)
                && getChildren().size() == tokens.size()) {
            select(selectedPosition);   // a new model on the same prompt: the chips stand (no new nodes, no CSS pass)
            return;
        }
        shownTokens = tokens;
        shownEdited = edited;
        shownWas = was;
        getChildren().clear();
        for (int t = 0; t < tokens.size(); t++) {
            Label chip = new Label(tokens.get(t));
            chip.setId("stepper-token-" + t);
            chip.getStyleClass().add("token-chip");
            String tip = "position " + t + ": " + TokenText.quoted(tokens.get(t));
            if (edited >= 0 && t < edited) chip.getStyleClass().add("checked");
            if (t == edited) {
                chip.getStyleClass().add("edited");
                tip += was == null ? " (changed)" : ", changed from " + TokenText.quoted(was);
            }
            chip.setTooltip(new Tooltip(tip));
            int position = t;
            chip.setOnMouseClicked(e -> onPick.accept(position));
            getChildren().add(chip);
        }
        select(selectedPosition);
    }

    void select(int position) {
        for (int t = 0; t < getChildren().size(); t++) {
            var classes = getChildren().get(t).getStyleClass();
            if (t == position) {
                if (!classes.contains("selected")) classes.add("selected");
            } else {
                classes.remove("selected");
            }
        }
    }
}
