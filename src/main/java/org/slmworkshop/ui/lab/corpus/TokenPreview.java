package org.slmworkshop.ui.lab.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.slmworkshop.text.TokenPiece;
import org.slmworkshop.text.TokenPieces;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.ui.Notifier;

/**
 * How text becomes tokens: an editable sample, how many tokens each tokenizer cuts it into, and the
 * current tokenizer's cut as coloured spans. Re-tokenizes off the FX thread a moment after typing stops.
 */
final class TokenPreview extends VBox {
    /** Beyond this many tokens the spans stop; a pasted book would otherwise become a million nodes. */
    static final int MAX_SPANS = 2000;
    private static final Duration TYPING_PAUSE = Duration.millis(200);

    /** The sample cut every way, computed in the background. */
    private record Cut(List<TokenPiece> pieces, Map<String, Integer> counts) {}

    private final TextArea input = new TextArea();
    private final TokenSpans spans = new TokenSpans();
    private final Map<String, Button> countChips = new LinkedHashMap<>();
    private final Label unknowns = new Label();
    private final Label truncated = new Label();
    private final PauseTransition typing = new PauseTransition(TYPING_PAUSE);
    private final Notifier notifier;
    private final java.util.concurrent.Executor work;
    private final Function<String, TokenizerSpec> specFor;
    private Tokenizer tokenizer;
    private CorpusStatistics stats;
    private long generation;

    /**
     * @param specFor   the spec each kind would use, for counting the sample every way
     * @param onChoose  called with a kind when the learner clicks its count
     */
    /** @param work the corpus labs' thread: quick work that must not queue behind corpus preparation */
    TokenPreview(Notifier notifier, java.util.concurrent.Executor work, Function<String, TokenizerSpec> specFor,
                 Consumer<String> onChoose) {
        this.work = work;
        this.notifier = notifier;
        this.specFor = specFor;
        getStyleClass().add("token-preview");
        setSpacing(8);

        Label title = new Label("How text becomes tokens");
        title.getStyleClass().add("section-title");
        CheckBox showIds = new CheckBox("show ids");
        showIds.setId("show-ids");
        showIds.setSelected(true);
        spans.showIdsProperty().bind(showIds.selectedProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(8, title, gap, showIds);
        header.setAlignment(Pos.CENTER_LEFT);

        input.setId("token-input");
        input.setWrapText(true);
        input.setPrefRowCount(3);
        input.setPromptText("Type or paste any text to see how it is cut into tokens");
        input.textProperty().addListener((obs, old, text) -> typing.playFromStart());
        typing.setOnFinished(e -> retokenize());

        Label countsLabel = new Label("Tokens in this text:");
        countsLabel.getStyleClass().add("field-label");
        HBox counts = new HBox(6, countsLabel);
        counts.setAlignment(Pos.CENTER_LEFT);
        for (String kind : TokenizerSpec.KINDS) {
            Button chip = new Button(kind + " …");
            chip.setId("count-" + kind);
            chip.getStyleClass().add("count-chip");
            chip.setOnAction(e -> onChoose.accept(kind));
            countChips.put(kind, chip);
            counts.getChildren().add(chip);
        }
        unknowns.setId("sample-unknowns");
        unknowns.getStyleClass().add("sample-unknowns");
        counts.getChildren().add(unknowns);

        truncated.getStyleClass().add("muted");
        truncated.managedProperty().bind(truncated.visibleProperty());
        truncated.setVisible(false);
        getChildren().addAll(header, input, counts, spans, truncated);
    }

    TextArea input() {
        return input;
    }

    /** Shows the sample with another tokenizer (after the corpus or tokenizer changed). */
    void use(Tokenizer newTokenizer, CorpusStatistics newStats) {
        this.tokenizer = newTokenizer;
        this.stats = newStats;
        for (var entry : countChips.entrySet()) {
            entry.getValue().getStyleClass().remove("current");
            if (entry.getKey().equals(newTokenizer.kind())) entry.getValue().getStyleClass().add("current");
        }
        retokenize();
    }

    /** Like {@link #use}, with a new sample text (after the corpus changed). */
    void use(Tokenizer newTokenizer, CorpusStatistics newStats, String sample) {
        input.setText(sample);
        typing.stop();
        use(newTokenizer, newStats);
    }

    private void retokenize() {
        if (tokenizer == null) return;
        long ticket = ++generation;
        String text = input.getText() == null ? "" : input.getText();
        Tokenizer using = tokenizer;
        CorpusStatistics with = stats;
        Map<String, TokenizerSpec> specs = new LinkedHashMap<>();
        for (String kind : TokenizerSpec.KINDS) specs.put(kind, specFor.apply(kind));
        CompletableFuture.supplyAsync(() -> cut(using, text, specs), work).whenComplete((cut, error) ->
                Platform.runLater(() -> {
                    if (ticket != generation) return;
                    if (error != null) notifier.error("Could not tokenize the sample", error);
                    else show(cut, using, with);
                }));
    }

    private static Cut cut(Tokenizer tokenizer, String text, Map<String, TokenizerSpec> specs) {
        List<TokenPiece> pieces = TokenPieces.of(tokenizer, text);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (var entry : specs.entrySet()) {
            counts.put(entry.getKey(), entry.getKey().equals(tokenizer.kind())
                    ? pieces.size() : TokenPieces.split(entry.getValue(), text).size());
        }
        return new Cut(pieces, counts);
    }

    private void show(Cut cut, Tokenizer using, CorpusStatistics with) {
        for (var entry : cut.counts().entrySet()) {
            int count = entry.getValue();
            countChips.get(entry.getKey()).setText(entry.getKey() + ": " + Numbers.count(count) + (count == 1 ? " token" : " tokens"));
        }
        long unknown = cut.pieces().stream().filter(TokenPiece::isUnknown).count();
        unknowns.setText(unknown == 0 ? "" : Numbers.count(unknown) + " <unk>");
        List<TokenPiece> shown = cut.pieces().size() > MAX_SPANS ? cut.pieces().subList(0, MAX_SPANS) : cut.pieces();
        truncated.setVisible(shown.size() < cut.pieces().size());
        truncated.setText("Showing the first " + Numbers.count(MAX_SPANS) + " of " + Numbers.count(cut.pieces().size()) + " tokens.");
        spans.show(shown, using, with);
    }
}
