package org.slmworkshop.ui.lab.sampling;

import java.util.concurrent.ThreadLocalRandom;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.slmworkshop.ui.view.Ems;

/**
 * The prompt, the token budget and the seed, on one line, or on two where one is too narrow for them (a zoomed
 * window beside a lesson): the prompt, then the budget and the seed. Typing settles for a moment before anything
 * runs, so a generation starts once per pause rather than once per key.
 */
final class PromptBar extends VBox {
    private static final Duration SETTLE = Duration.millis(400);
    static final int MAX_TOKENS_LIMIT = 2000;

    private final TextField prompt = new TextField();
    private final Spinner<Integer> maxTokens = new Spinner<>(1, MAX_TOKENS_LIMIT, SamplingSetup.DEFAULT_MAX_TOKENS, 50);
    private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, (int) SamplingSetup.DEFAULT_SEED, 1);
    private final Button newSeed = new Button("New seed");
    private final PauseTransition promptSettled = new PauseTransition(SETTLE);
    private final PauseTransition runSettled = new PauseTransition(SETTLE);
    private boolean settingProgrammatically;

    private final HBox first = new HBox(8), second = new HBox(8);
    private final HBox runSettings;

    PromptBar() {
        getStyleClass().add("prompt-bar");
        setSpacing(6);
        first.setAlignment(Pos.CENTER_LEFT);
        second.setAlignment(Pos.CENTER_LEFT);
        prompt.setId("sampling-prompt");
        prompt.setPromptText("Empty: start a new document from <eot>");
        prompt.getStyleClass().add("prompt-field");
        HBox.setHgrow(prompt, Priority.ALWAYS);
        prompt.setMinWidth(Region.USE_PREF_SIZE);
        Ems.prefWidth(prompt, 120);   // the least it keeps on the first line; it grows to fill it
        prompt.setMaxWidth(Double.MAX_VALUE);
        maxTokens.setId("sampling-max-tokens");
        maxTokens.setEditable(true);
        Ems.prefWidth(maxTokens, 86);
        seed.setId("sampling-seed");
        seed.setEditable(true);
        Ems.prefWidth(seed, 110);
        seed.setTooltip(new Tooltip("The same seed gives the same draws, so the same text"));
        newSeed.setId("sampling-new-seed");
        newSeed.setOnAction(e -> seed.getValueFactory().setValue(ThreadLocalRandom.current().nextInt(0, 1_000_000)));
        Label promptLabel = new Label("Prompt");
        Label budgetLabel = new Label("Max tokens");
        Label seedLabel = new Label("Seed");
        for (Region fixed : new Region[] {promptLabel, budgetLabel, seedLabel, maxTokens, seed, newSeed}) {
            fixed.setMinWidth(Region.USE_PREF_SIZE);   // never "Max t…": the line breaks instead
        }
        runSettings = new HBox(8, budgetLabel, maxTokens, seedLabel, seed, newSeed);
        runSettings.setAlignment(Pos.CENTER_LEFT);
        first.getChildren().addAll(promptLabel, prompt, runSettings);
        getChildren().add(first);
        widthProperty().addListener((obs, old, width) -> fit(width.doubleValue()));
        prompt.textProperty().addListener((obs, old, now) -> settle(promptSettled));
        maxTokens.valueProperty().addListener((obs, old, now) -> settle(runSettled));
        seed.valueProperty().addListener((obs, old, now) -> settle(runSettled));
    }

    /** As narrow as the two-line layout: the prompt line, or the run settings, whichever is wider. */
    @Override
    protected double computeMinWidth(double height) {
        double promptLine = first.getChildren().get(0).prefWidth(-1) + first.getSpacing() + prompt.minWidth(-1);
        return snappedLeftInset() + Math.max(promptLine, runSettings.prefWidth(-1)) + snappedRightInset();
    }

    /** The run settings beside the prompt while everything fits at its natural width, below it otherwise. */
    private void fit(double width) {
        double oneLine = first.getChildren().get(0).prefWidth(-1) + prompt.prefWidth(-1) + runSettings.prefWidth(-1)
                + 2 * first.getSpacing() + first.snappedLeftInset() + first.snappedRightInset();
        boolean twoLines = width > 0 && width < oneLine;
        if (twoLines == (runSettings.getParent() == second)) return;
        if (twoLines) {
            first.getChildren().remove(runSettings);
            second.getChildren().setAll(runSettings);
            getChildren().setAll(first, second);
        } else {
            second.getChildren().clear();
            first.getChildren().add(runSettings);
            getChildren().setAll(first);
        }
    }

    private void settle(PauseTransition pause) {
        if (!settingProgrammatically) pause.playFromStart();
    }

    /** After the prompt text stops changing. */
    void setOnPromptChanged(Runnable action) {
        promptSettled.setOnFinished(e -> action.run());
    }

    /** After the token budget or the seed stops changing. */
    void setOnRunSettingsChanged(Runnable action) {
        runSettled.setOnFinished(e -> action.run());
    }

    void set(String promptText, int tokens, long seedValue) {
        settingProgrammatically = true;
        try {
            prompt.setText(promptText);
            maxTokens.getValueFactory().setValue(Math.min(MAX_TOKENS_LIMIT, tokens));
            seed.getValueFactory().setValue((int) Math.max(0, Math.min(Integer.MAX_VALUE, seedValue)));
        } finally {
            settingProgrammatically = false;
        }
    }

    String prompt() {
        return prompt.getText() == null ? "" : prompt.getText();
    }

    int maxTokens() {
        return maxTokens.getValue();
    }

    long seed() {
        return seed.getValue();
    }
}
