package org.slmworkshop.ui.lab.training;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.slmworkshop.ui.view.Ems;

/**
 * Shown while a loaded checkpoint sits in the lab: what it holds, and "Resume training" up to a
 * new step total, which continues the saved run exactly where it stopped.
 */
final class CheckpointStrip extends VBox {
    final Button resume = new Button("Resume training");
    final Button close = new Button("Close");
    final Spinner<Integer> totalSteps = FormFields.integer("checkpoint-resume-steps", 1, 10_000_000, 1000, 100);
    private final Label description = new Label();
    private OpenedCheckpoint shown;

    CheckpointStrip() {
        getStyleClass().add("checkpoint-strip");
        setId("checkpoint-strip");
        setSpacing(6);
        resume.setId("checkpoint-resume");
        resume.getStyleClass().add("accent");
        close.setId("checkpoint-close");
        description.setId("checkpoint-description");
        description.setWrapText(true);
        description.setMinHeight(Label.USE_PREF_SIZE);
        Ems.prefWidth(totalSteps, 110);
        Label to = new Label("to a total of");
        Label steps = new Label("steps");
        HBox spinnerGroup = new HBox(6, to, totalSteps, steps);
        spinnerGroup.setAlignment(Pos.CENTER_LEFT);
        FlowPane actions = new FlowPane(8, 6, resume, spinnerGroup, close);
        actions.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(description, actions);
        managedProperty().bind(visibleProperty());
        setVisible(false);
    }

    void show(OpenedCheckpoint checkpoint) {
        shown = checkpoint;
        description.setText(String.format("Loaded %s: a %s with %,d parameters (V = %,d), trained %,d of %,d steps on %s.",
                checkpoint.name(), checkpoint.kind(), checkpoint.parameters(), checkpoint.vocabSize(), checkpoint.step(),
                checkpoint.plannedSteps(), RunPlan.corpusLabel(checkpoint.corpusId()))
                + (checkpoint.weightsOnly() ? " It holds weights only (" + checkpoint.precision().id() + "), no"
                        + " optimizer state: resuming starts AdamW's moments at zero." : ""));
        int target = checkpoint.plannedSteps() > checkpoint.step() ? checkpoint.plannedSteps() : checkpoint.step() * 2;
        totalSteps.getValueFactory().setValue(Math.max(target, checkpoint.step() + 1));
        setVisible(true);
    }

    void hide() {
        shown = null;
        setVisible(false);
    }

    OpenedCheckpoint checkpoint() {
        return shown;
    }
}
