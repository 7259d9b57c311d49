package org.slmworkshop.ui.lab.surprise;

import java.util.Arrays;
import java.util.Random;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.controlsfx.control.SegmentedButton;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.ui.view.Ems;

/**
 * What both models read: a stretch of the corpus's validation split (from a start token, so many
 * tokens long) or text the learner types; and the stride of the sliding window they are scored with.
 */
final class PassageBar extends VBox {
    /** The text both models score. */
    record Passage(String text) {}

    static final int DEFAULT_LENGTH = 400, MAX_LENGTH = 1000;
    private static final Duration TYPING_PAUSE = Duration.millis(400);

    private final ToggleButton validationButton = new ToggleButton("Validation text");
    private final ToggleButton ownButton = new ToggleButton("Your own text");
    private final Spinner<Integer> start = new Spinner<>(0, 0, 0, 100);
    private final Spinner<Integer> length = new Spinner<>(20, MAX_LENGTH, DEFAULT_LENGTH, 50);
    private final Spinner<Integer> stride = new Spinner<>(1, 1024, 32, 1);
    private final Button another = new Button("Another passage");
    private final Label corpusLabel = new Label("Validation split");
    private final TextArea ownText = new TextArea();
    private final HBox validationControls;
    private final FlowPane row = new FlowPane(14, 6);
    private final PauseTransition typing = new PauseTransition(TYPING_PAUSE);
    private final Random random = new Random(8);
    private Runnable onChanged = () -> { };
    private int[] validation;
    private Tokenizer tokenizer;
    private boolean quiet;

    PassageBar() {
        getStyleClass().add("passage-bar");
        setSpacing(6);
        validationButton.setId("surprise-validation-text");
        ownButton.setId("surprise-own-text");
        validationButton.setSelected(true);
        SegmentedButton mode = new SegmentedButton(validationButton, ownButton);
        mode.getStyleClass().add("surprise-mode");
        mode.getToggleGroup().selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) old.setSelected(true);   // one of the two is always chosen
            else modeChanged();
        });
        start.setId("surprise-start");
        length.setId("surprise-length");
        stride.setId("surprise-stride");
        for (Spinner<Integer> spinner : java.util.List.of(start, length, stride)) {
            spinner.setEditable(true);
            keepLastGoodValue(spinner);
            spinner.valueProperty().addListener((obs, old, value) -> changed());
        }
        Ems.prefWidth(start, 96);
        Ems.prefWidth(length, 80);
        Ems.prefWidth(stride, 70);
        Tooltip.install(stride, new Tooltip("A window of the model's context starts every stride tokens; each scores"
                + " only the targets the windows before it did not reach. 1 gives every prediction the most context."));
        another.setId("surprise-another-passage");
        another.setOnAction(e -> anotherPassage());
        corpusLabel.getStyleClass().add("passage-corpus");
        corpusLabel.setMinWidth(Region.USE_PREF_SIZE);
        // the passage's start and its length in two groups, so that the row wraps between them in a narrow or zoomed lab
        validationControls = new HBox(6, corpusLabel, new Label("from token"), start);
        validationControls.setAlignment(Pos.CENTER_LEFT);
        validationControls.managedProperty().bind(validationControls.visibleProperty());
        HBox lengthBox = new HBox(6, new Label("length"), length, another);
        lengthBox.setAlignment(Pos.CENTER_LEFT);
        lengthBox.visibleProperty().bind(validationControls.visibleProperty());
        lengthBox.managedProperty().bind(validationControls.visibleProperty());
        HBox strideBox = new HBox(6, new Label("stride"), stride);
        strideBox.setAlignment(Pos.CENTER_LEFT);
        row.getChildren().addAll(mode, validationControls, lengthBox, strideBox);
        row.setAlignment(Pos.CENTER_LEFT);
        ownText.setId("surprise-text");
        ownText.setPrefRowCount(3);
        ownText.setWrapText(true);
        ownText.setPromptText("Type or paste a passage; both models score it as you type.");
        ownText.getStyleClass().add("surprise-text-area");
        ownText.managedProperty().bind(ownText.visibleProperty());
        ownText.setVisible(false);
        ownText.textProperty().addListener((obs, old, text) -> typing.playFromStart());
        typing.setOnFinished(e -> changed());
        getChildren().addAll(row, ownText);
    }

    /** Puts {@code node} at the end of the controls' row (the lab's view switch). */
    void addToRow(javafx.scene.Node node) {
        row.getChildren().add(node);
    }

    void setOnChanged(Runnable onChanged) {
        this.onChanged = onChanged;
    }

    /** The validation split to take passages from; the passage starts at its first token. */
    void setValidation(PreparedCorpus prepared) {
        validation = prepared.data().validationTokens();
        tokenizer = prepared.tokenizer();
        corpusLabel.setText(prepared.corpus().id() + " validation,");
        quiet = true;
        try {
            clampStart();
        } finally {
            quiet = false;
        }
        changed();
    }

    void setStride(int value) {
        stride.getValueFactory().setValue(value);
    }

    int stride() {
        return stride.getValue();
    }

    /** Switches to the learner's own text, showing {@code text}. */
    void useOwnText(String text) {
        quiet = true;
        try {
            ownText.setText(text);
            ownButton.setSelected(true);
        } finally {
            quiet = false;
        }
        typing.stop();
        changed();
    }

    boolean ownTextMode() {
        return ownButton.isSelected();
    }

    /** What to score now, or null while the validation split is still loading. */
    Passage passage() {
        if (ownTextMode()) return new Passage(ownText.getText());
        if (validation == null) return null;
        int from = Math.min(start.getValue(), Math.max(0, validation.length - 2));
        int to = Math.min(validation.length, from + length.getValue());
        return new Passage(tokenizer.decode(Arrays.copyOfRange(validation, from, to)));
    }

    void dispose() {
        typing.stop();
    }

    private void modeChanged() {
        boolean own = ownButton.isSelected();
        validationControls.setVisible(!own);
        ownText.setVisible(own);
        if (own && ownText.getText().isEmpty()) {
            // start from the passage on screen, so that an edit shows what it changes
            ownText.setText(validation == null ? "It was a dark and stormy night." : tokenizer.decode(Arrays.copyOfRange(
                    validation, Math.min(start.getValue(), validation.length),
                    Math.min(validation.length, start.getValue() + 200))));
            typing.stop();
        }
        changed();
    }

    /** Text that is not a whole number puts the last good value back, instead of throwing on the FX thread. */
    private static void keepLastGoodValue(Spinner<Integer> spinner) {
        SpinnerValueFactory<Integer> factory = spinner.getValueFactory();
        factory.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                try {
                    return Integer.valueOf(text.trim().replace(",", "").replace("_", ""));
                } catch (NumberFormatException e) {
                    return factory.getValue();
                }
            }
        });
    }

    private void clampStart() {
        if (validation == null) return;
        int max = Math.max(0, validation.length - length.getValue());
        ((SpinnerValueFactory.IntegerSpinnerValueFactory) start.getValueFactory()).setMax(max);
        if (start.getValue() > max) start.getValueFactory().setValue(max);
    }

    /** A random start, moved to just after the next line break so the passage begins at a line's start. */
    private void anotherPassage() {
        if (validation == null) return;
        int max = Math.max(0, validation.length - length.getValue());
        int from = random.nextInt(max + 1);
        for (int i = from; i < Math.min(max, from + 400); i++) {
            if (tokenizer.decode(new int[] {validation[i]}).endsWith("\n")) {
                from = i + 1;
                break;
            }
        }
        start.getValueFactory().setValue(Math.min(from, max));
    }

    private void changed() {
        if (quiet) return;
        if (!ownTextMode()) {
            quiet = true;
            try {
                clampStart();
            } finally {
                quiet = false;
            }
        }
        onChanged.run();
    }
}
