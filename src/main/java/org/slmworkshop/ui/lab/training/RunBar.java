package org.slmworkshop.ui.lab.training;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.event.EventHandler;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.Durations;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.TrainingSession.State;
import org.slmworkshop.ui.view.Appearance;

/**
 * Start, pause, resume and stop the window's run, save or load a checkpoint, and see how far the
 * run has come: step x of N and the time left. The buttons follow the session's state, whichever
 * lab started the run.
 */
final class RunBar extends VBox {
    final Button start = button("Start training", "train-start", "accent");
    final Button pause = button("Pause", "train-pause", null);
    final Button resume = button("Resume", "train-resume", null);
    final Button stop = button("Stop", "train-stop", null);
    final Button save = button("Save checkpoint…", "train-save-checkpoint", null);
    final Button load = button("Load checkpoint…", "train-load-checkpoint", null);
    /** Selected: the settings column is hidden, so the chart gets the lab's whole width. */
    final ToggleButton settingsToggle = new ToggleButton("Hide settings");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label("No run yet");
    private final Label runTitle = new Label();
    /** Between Stop and the run's last evaluation the session is no longer active, but the trainer still works. */
    private final javafx.beans.property.BooleanProperty finishing = new javafx.beans.property.SimpleBooleanProperty(this, "finishing");
    /** A run is preparing, training, paused or still evaluating after Stop. */
    final BooleanBinding busy;
    private int totalSteps;
    static final KeyCombination START_KEYS = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination PAUSE_KEYS = new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination STOP_KEYS = new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN);
    private static final String KEYS = "slm.run.keys";
    /** The settings column's state before presenter mode hid it; null when not presenting. */
    private Boolean settingsBeforePresenting;
    private int firstStep;

    /** @param canStart true when the form holds settings the engine accepts */
    RunBar(TrainingSession session, ObservableBooleanValue canStart) {
        getStyleClass().add("run-bar");
        setSpacing(6);
        var state = session.stateProperty();
        busy = Bindings.createBooleanBinding(() -> state.get().isActive(), state).or(finishing);
        BooleanBinding active = busy;
        start.disableProperty().bind(active.or(Bindings.not(canStart)));
        pause.visibleProperty().bind(state.isNotEqualTo(State.PAUSED));
        pause.disableProperty().bind(state.isNotEqualTo(State.RUNNING));
        resume.visibleProperty().bind(state.isEqualTo(State.PAUSED));
        stop.disableProperty().bind(active.not());
        save.disableProperty().bind(Bindings.createBooleanBinding(
                () -> state.get() == State.IDLE || state.get() == State.PREPARING || state.get() == State.FAILED, state));
        load.disableProperty().bind(active);
        for (Button b : new Button[] {pause, resume}) b.managedProperty().bind(b.visibleProperty());
        pause.setOnAction(e -> session.pause());
        resume.setOnAction(e -> session.resume());
        stop.setOnAction(e -> session.stop());
        shortcut(start, START_KEYS, "Start training");
        shortcut(pause, PAUSE_KEYS, "Pause the run");
        shortcut(resume, PAUSE_KEYS, "Resume the run");
        shortcut(stop, STOP_KEYS, "Stop the run (it evaluates once more and keeps the model)");
        sceneProperty().addListener((obs, old, now) -> {
            if (old != null) old.removeEventHandler(KeyEvent.KEY_PRESSED, keys);
            if (now != null) now.addEventHandler(KeyEvent.KEY_PRESSED, keys);
        });
        // presenter mode hides the settings column, and gives it back as it was
        Appearance.watchPresenting(this, presenting -> {
            if (presenting && settingsBeforePresenting == null) {
                settingsBeforePresenting = settingsToggle.isSelected();
                settingsToggle.setSelected(true);
            } else if (!presenting && settingsBeforePresenting != null) {
                settingsToggle.setSelected(settingsBeforePresenting);
                settingsBeforePresenting = null;
            }
        });

        progress.setId("train-progress");
        progress.progressProperty().bind(session.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        progressText.setId("train-progress-text");
        progressText.getStyleClass().add("progress-text");
        progressText.setMinWidth(0);
        runTitle.setId("train-run-title");
        runTitle.getStyleClass().add("muted");
        runTitle.setMinWidth(0);
        runTitle.textProperty().bind(Bindings.createStringBinding(
                () -> session.titleProperty().get().isEmpty() ? "" : "Run: " + session.titleProperty().get(),
                session.titleProperty()));

        // run controls, then checkpoint controls; they wrap onto two lines when the lab is narrow
        HBox runButtons = new HBox(6, start, pause, resume, stop);
        HBox checkpointButtons = new HBox(6, save, load);
        settingsToggle.setId("train-settings-toggle");
        settingsToggle.setMinWidth(Region.USE_PREF_SIZE);
        settingsToggle.textProperty().bind(Bindings.when(settingsToggle.selectedProperty())
                .then("Show settings").otherwise("Hide settings"));
        FlowPane buttons = new FlowPane(14, 6, runButtons, checkpointButtons, settingsToggle);
        buttons.setAlignment(Pos.CENTER_LEFT);
        FlowPane progressLine = new FlowPane(16, 2, progressText, runTitle);
        progressLine.setMinHeight(Region.USE_PREF_SIZE);   // its wrapped lines never overlap the row below
        getChildren().addAll(buttons, progress, progressLine, new Separator());
    }

    /**
     * The run's keys work anywhere in the window while this lab is on screen (a lesson's other labs,
     * or another lesson, do not take them).
     */
    private final EventHandler<KeyEvent> keys = event -> {
        if (!showing()) return;
        for (Button button : new Button[] {start, pause, resume, stop}) {
            KeyCombination combination = (KeyCombination) button.getProperties().get(KEYS);
            if (combination.match(event) && button.isVisible() && !button.isDisabled()) {
                button.fire();
                event.consume();
                return;
            }
        }
    };

    private static void shortcut(Button button, KeyCombination combination, String what) {
        button.getProperties().put(KEYS, combination);
        button.setTooltip(new Tooltip(what + " (" + combination.getDisplayText().replace("↵", "Enter") + ")"));
    }

    /** In a window, and neither this bar nor any parent hidden (an unselected tab hides its content). */
    private boolean showing() {
        if (getScene() == null) return false;
        for (javafx.scene.Node node = this; node != null; node = node.getParent()) {
            if (!node.isVisible()) return false;
        }
        return true;
    }

    private static Button button(String text, String id, String styleClass) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        if (styleClass != null) button.getStyleClass().add(styleClass);
        return button;
    }

    /** Follows the run's progress: step x of N, time left from the pace so far, throughput. */
    void follow(TrainingEvent event) {
        if (event instanceof TrainingEvent.Cancelled) finishing.set(true);
        if (event instanceof TrainingEvent.Started || event instanceof TrainingEvent.Finished
                || event instanceof TrainingEvent.Failed) {
            finishing.set(false);
        }
        if (event instanceof TrainingEvent.Started started) {
            totalSteps = started.totalSteps();
            firstStep = started.step();
            progressText.setText(String.format("step %,d of %,d · %,d parameters", started.step(), totalSteps,
                    started.parameters()));
        } else if (event instanceof TrainingEvent.Step step) {
            double secondsPerStep = step.elapsedSeconds() / Math.max(1, step.step() - firstStep);
            progressText.setText(String.format("step %,d of %,d · %s left · %,.0f tokens/s", step.step(), totalSteps,
                    Durations.human(secondsPerStep * (totalSteps - step.step())), step.tokensPerSecond()));
        } else if (event instanceof TrainingEvent.Paused paused) {
            progressText.setText(String.format("paused at step %,d of %,d", paused.step(), totalSteps));
        } else if (event instanceof TrainingEvent.Cancelled cancelled) {
            progressText.setText(String.format("stopped at step %,d of %,d · evaluating…", cancelled.step(), totalSteps));
        } else if (event instanceof TrainingEvent.Finished finished) {
            progressText.setText(String.format("done: %,d steps in %s", finished.step(),
                    Durations.human(finished.summary().wallSeconds())));
        } else if (event instanceof TrainingEvent.Failed failed) {
            progressText.setText(String.format("failed at step %,d", failed.step()));
        }
    }

    void showPreparing(String what) {
        progressText.setText(what);
    }

    String progressText() {
        return progressText.getText();
    }
}
