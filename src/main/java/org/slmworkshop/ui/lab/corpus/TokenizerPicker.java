package org.slmworkshop.ui.lab.corpus;

import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.controlsfx.control.SegmentedButton;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.ui.view.Ems;

/**
 * Char, word or BPE, with the one setting each has here: the word vocabulary's size, or the BPE
 * encoding. The spec changes a moment after the learner stops adjusting, so stepping the
 * vocabulary spinner does not re-tokenize the corpus at every click.
 */
final class TokenizerPicker extends HBox {
    private static final Duration SETTLE = Duration.millis(400);

    private final ReadOnlyObjectWrapper<TokenizerSpec> spec = new ReadOnlyObjectWrapper<>(this, "spec");
    private final SegmentedButton kinds = new SegmentedButton();
    private final Spinner<Integer> wordVocab = new Spinner<>();
    private final ComboBox<String> bpeEncoding = new ComboBox<>();
    private final HBox wordOptions;
    private final HBox bpeOptions;
    private final PauseTransition settle = new PauseTransition(SETTLE);
    /** A cap the lesson asked for on char or BPE (0: none); word shows its cap in the spinner. */
    private int otherCap;
    private String cappedKind = "";
    private String kind = "char";
    private boolean quiet;

    TokenizerPicker() {
        getStyleClass().add("tokenizer-picker");
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        for (String each : TokenizerSpec.KINDS) {
            ToggleButton button = new ToggleButton(each);
            button.setId("tokenizer-" + each);
            button.setUserData(each);
            button.setTooltip(new Tooltip(switch (each) {
                case "char" -> "One token per character";
                case "word" -> "One token per word (with its leading space); rare words become <unk>";
                default -> "GPT-2 byte-pair encoding, compacted to the ids this corpus uses";
            }));
            button.setToggleGroup(kinds.getToggleGroup()); // the skin would, but only once shown
            kinds.getButtons().add(button);
        }
        kinds.getToggleGroup().selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                if (old != null) old.setSelected(true); // a segmented choice never goes empty
                return;
            }
            if (quiet) return;
            kind = (String) toggle.getUserData();
            showOptionsFor(kind);
            publish(false);
        });

        wordVocab.setId("word-vocab");
        wordVocab.setEditable(true);
        Ems.prefWidth(wordVocab, 100);
        wordVocab.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(3, 1_000_000,
                TokenizerSpec.DEFAULT_WORD_VOCAB, 1024));
        wordVocab.valueProperty().addListener((obs, old, value) -> publish(true));
        Label vocabLabel = new Label("max V");
        vocabLabel.getStyleClass().add("field-label");
        wordOptions = new HBox(6, vocabLabel, wordVocab);
        wordOptions.setAlignment(Pos.CENTER_LEFT);

        bpeEncoding.setId("bpe-encoding");
        bpeEncoding.getItems().setAll(TokenizerSpec.BPE_ENCODINGS);
        bpeEncoding.setValue(TokenizerSpec.DEFAULT_BPE_ENCODING);
        bpeEncoding.setTooltip(new Tooltip("r50k_base is GPT-2's; cl100k_base and o200k_base are later OpenAI encodings"));
        bpeEncoding.valueProperty().addListener((obs, old, value) -> publish(false));
        Label encodingLabel = new Label("encoding");
        encodingLabel.getStyleClass().add("field-label");
        bpeOptions = new HBox(6, encodingLabel, bpeEncoding);
        bpeOptions.setAlignment(Pos.CENTER_LEFT);
        for (HBox options : new HBox[] {wordOptions, bpeOptions}) options.managedProperty().bind(options.visibleProperty());

        settle.setOnFinished(e -> spec.set(current()));
        Label label = new Label("Tokenizer");
        label.getStyleClass().add("field-label");
        kinds.setMinWidth(USE_PREF_SIZE);
        for (Label fixed : new Label[] {label, vocabLabel, encodingLabel}) fixed.setMinWidth(USE_PREF_SIZE);
        wordVocab.setMinWidth(USE_PREF_SIZE);
        bpeEncoding.setMinWidth(USE_PREF_SIZE);
        setMinWidth(USE_PREF_SIZE);
        getChildren().addAll(label, kinds, wordOptions, bpeOptions);
        select(TokenizerSpec.defaults("char"));
    }

    /** The tokenizer to prepare the corpus with; changes when the learner settles on another. */
    ReadOnlyObjectProperty<TokenizerSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    TokenizerSpec spec() {
        return spec.get();
    }

    /** Shows and publishes {@code wanted} at once (the lesson's settings, or a click on a count). */
    void select(TokenizerSpec wanted) {
        quiet = true;
        try {
            kind = wanted.kind();
            for (var toggle : kinds.getButtons()) if (wanted.kind().equals(toggle.getUserData())) toggle.setSelected(true);
            if (wanted.kind().equals("word")) {
                wordVocab.getValueFactory().setValue(wanted.maxVocab() == 0 ? TokenizerSpec.DEFAULT_WORD_VOCAB : wanted.maxVocab());
            } else {
                otherCap = wanted.maxVocab();
                cappedKind = wanted.kind();
            }
            if (wanted.kind().equals("bpe")) bpeEncoding.setValue(wanted.bpeEncoding());
            showOptionsFor(wanted.kind());
        } finally {
            quiet = false;
        }
        settle.stop();
        spec.set(current());
    }

    /** Switches kind keeping each kind's own settings. */
    void selectKind(String wanted) {
        for (var toggle : kinds.getButtons()) if (wanted.equals(toggle.getUserData())) toggle.setSelected(true);
    }

    /** The spec for a kind with the settings this picker holds for it (used to count a sample every way). */
    TokenizerSpec specFor(String kindName) {
        return switch (kindName) {
            case "word" -> new TokenizerSpec("word", wordVocab.getValue(), null);
            case "bpe" -> new TokenizerSpec("bpe", cappedKind.equals("bpe") ? otherCap : 0, bpeEncoding.getValue());
            default -> new TokenizerSpec("char", cappedKind.equals("char") ? otherCap : 0, null);
        };
    }

    private TokenizerSpec current() {
        return specFor(kind);
    }

    private void showOptionsFor(String kindName) {
        wordOptions.setVisible(kindName.equals("word"));
        bpeOptions.setVisible(kindName.equals("bpe"));
    }

    private void publish(boolean wait) {
        if (quiet) return;
        if (wait) {
            settle.playFromStart();
        } else {
            settle.stop();
            spec.set(current());
        }
    }
}
