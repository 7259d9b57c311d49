package org.slmworkshop.ui.lab.sampling;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.util.Duration;
import org.slmworkshop.ui.view.Ems;

/**
 * One slider per knob with its value beside it. {@link #knobsProperty} follows every move (the chart
 * redraws while a slider is dragged); the commit callback fires when a slider is released, or shortly
 * after a keyboard or programmatic change, so the columns regenerate once per decision.
 */
final class KnobPanel extends GridPane {
    private static final Duration SETTLE = Duration.millis(250);

    private final Map<Knob, Slider> sliders = new EnumMap<>(Knob.class);
    private final ReadOnlyObjectWrapper<Knobs> knobs = new ReadOnlyObjectWrapper<>(this, "knobs", Knobs.NEUTRAL);
    private BiConsumer<Knob, Knobs> onCommit = (knob, values) -> { };
    private boolean settingProgrammatically;

    KnobPanel() {
        getStyleClass().add("knob-panel");
        setHgap(8);
        setVgap(2);
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(USE_PREF_SIZE);
        ColumnConstraints slider = new ColumnConstraints(80, 120, 200);
        slider.setHgrow(Priority.ALWAYS);
        ColumnConstraints value = new ColumnConstraints();   // as wide as its labels: 34 px at 100%, growing with the zoom
        value.setMinWidth(USE_PREF_SIZE);
        value.setHalignment(HPos.RIGHT);
        getColumnConstraints().addAll(name, slider, value);
        int row = 0;
        for (Knob knob : Knob.values()) addRow(row++, knob);
    }

    private void addRow(int row, Knob knob) {
        Slider slider = new Slider(knob.min, knob.max, knob.neutral);
        slider.setId(knob.sliderId);
        slider.setBlockIncrement(knob.whole ? 1 : 0.05);
        if (knob.whole) {
            slider.setMajorTickUnit(knob == Knob.TOP_K ? 10 : 1);
            slider.setMinorTickCount(knob == Knob.TOP_K ? 9 : 0);
            slider.setSnapToTicks(true);
        }
        Tooltip.install(slider, new Tooltip(explanation(knob)));
        Label title = new Label(knob.title);
        title.getStyleClass().add("knob-name");
        Label value = new Label(knob.format(knob.neutral));
        value.getStyleClass().add("knob-value");
        value.setId(knob.sliderId + "-value");
        Ems.prefWidth(value, 34);
        value.setMinWidth(USE_PREF_SIZE);
        value.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        PauseTransition settle = new PauseTransition(SETTLE);
        settle.setOnFinished(e -> onCommit.accept(knob, knobs.get()));
        slider.valueProperty().addListener((obs, old, now) -> {
            double clamped = knob.clamp(now.doubleValue());
            value.setText(knob.format(clamped));
            if (settingProgrammatically || clamped == knobs.get().value(knob)) return;
            knobs.set(knobs.get().with(knob, clamped));
            if (!slider.isValueChanging()) settle.playFromStart();
        });
        slider.valueChangingProperty().addListener((obs, was, changing) -> {
            if (!changing && !settingProgrammatically) {
                settle.stop();
                onCommit.accept(knob, knobs.get());
            }
        });
        sliders.put(knob, slider);
        addRow(row, title, slider, value);
    }

    private static String explanation(Knob knob) {
        return switch (knob) {
            case TEMPERATURE -> "Divides the logits: below 1 sharpens, above 1 flattens. Every sampled column follows it.";
            case TOP_K -> "Keeps the k most likely tokens (0: off). The columns made with top-k follow it.";
            case TOP_P -> "Keeps the smallest set of likeliest tokens whose probability reaches p. Top-p columns follow it.";
            case MIN_P -> "Drops tokens below min-p × the top probability. Min-p columns follow it.";
            case REPETITION_PENALTY -> "Makes tokens already in the context less likely (1: off). Every column follows it.";
            case BEAM_WIDTH -> "How many partial sequences beam search keeps. Beam columns follow it.";
        };
    }

    ReadOnlyObjectProperty<Knobs> knobsProperty() {
        return knobs.getReadOnlyProperty();
    }

    Knobs knobs() {
        return knobs.get();
    }

    Slider slider(Knob knob) {
        return sliders.get(knob);
    }

    /** Called with the knob that settled and all values, once a slider is let go. */
    void setOnCommit(BiConsumer<Knob, Knobs> action) {
        onCommit = action;
    }

    /** Moves the sliders without committing anything (the lesson's starting values). */
    void set(Knobs values) {
        settingProgrammatically = true;
        try {
            for (Knob knob : Knob.values()) sliders.get(knob).setValue(values.value(knob));
            knobs.set(values);
        } finally {
            settingProgrammatically = false;
        }
    }
}
