package org.slmworkshop.ui.lab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.TrainingSession.State;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.Fx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The run scrubber in a real training lab, on a tiny GPT trained for 30 steps (an evaluation every 3). */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class RunScrubberTest {
    private static final List<Integer> EVALUATIONS = IntStream.rangeClosed(0, 10).map(i -> 3 * i).boxed().toList();
    private Workspace workspace;
    private TrainingLab lab;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new TrainingLab(workspace);
        Scene scene = new Scene(new javafx.scene.layout.BorderPane(lab.view()), 1100, 800);
        scene.getStylesheets().add(RunScrubberTest.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stopTraining() {
        Fx.run(() -> {
            lab.dispose();
            workspace.shutdown();
        });
    }

    private void trainTinyGpt() {
        Fx.run(() -> lab.apply(new LabSettings(Lab.TRAINING, "macbeth", "char", null, "gpt", Map.of("steps", 30,
                "context", 16, "layers", 1, "heads", 2, "dim", 16, "batch", 4), null, null, null, null, null, null, null)));
        Fx.waitUntil("the plan is ready", 120, () -> lab.form().planProperty().get() != null);
        Fx.run(lab::start);
        Fx.waitUntil("the run is over", 120, () -> lab.session().state() == State.FINISHED
                && lab.scrubber().run() != null && lab.scrubber().run().snapshots().steps().size() == 11
                && !lab.scrubber().slider.isDisabled());
    }

    private static float[] weights(LanguageModel model) {
        return model.store().values().toHost();
    }

    @Test
    void movingTheSliderPublishesThatStepsModelAndBackToLatestRestoresTheRunsModel(FxRobot robot) {
        trainTinyGpt();
        RunScrubber scrubber = lab.scrubber();
        assertEquals(EVALUATIONS, lab.session().snapshots().steps());
        assertTrue(Fx.get(() -> scrubber.readoutText()).startsWith("11 snapshots, steps 0–30 · "), Fx.get(scrubber::readoutText));
        LanguageModel finalModel = Fx.get(() -> lab.session().setup().trainer().model());
        Fx.waitUntil("the run's final model is published", 30, () -> workspace.trainedModelProperty().get().model() == finalModel);

        Fx.run(() -> scrubber.slider.setValue(13.2));   // as a drag would leave it: the slider snaps to step 12
        Fx.waitUntil("step 12 is published", 30, () -> workspace.trainedModelProperty().get().step() == 12);
        ModelSnapshot shown = Fx.get(() -> workspace.trainedModelProperty().get());
        assertFalse(shown.live());
        assertEquals(12.0, Fx.get(scrubber.slider::getValue));
        assertArrayEquals(lab.session().snapshots().at(12).orElseThrow().parameters(), weights(shown.model()));
        assertFalse(java.util.Arrays.equals(weights(finalModel), weights(shown.model())));
        assertEquals(12, Fx.get(() -> lab.chart().markedStep()));
        assertTrue(Fx.get(() -> workspace.viewingPastProperty().get()));
        assertTrue(Fx.get(scrubber::readoutText).startsWith("Viewing step 12: "), Fx.get(scrubber::readoutText));
        Fx.waitUntil("the samples show step 12", 60, () -> lab.samples().text().contains("\n\nstep 12 (scrubbed back): "));

        robot.clickOn("#scrub-latest");
        Fx.waitUntil("the latest model is back", 10, () -> workspace.trainedModelProperty().get().model() == finalModel);
        assertEquals(30, Fx.get(() -> workspace.trainedModelProperty().get().step()));
        assertNull(Fx.get(() -> lab.chart().markedStep()));
        assertFalse(Fx.get(() -> workspace.viewingPastProperty().get()));
        assertEquals(30.0, Fx.get(scrubber.slider::getValue));

        // the sample the lab wrote at step 12 is the one a checkpoint of the run gives at that step
        String line = Fx.get(() -> lab.samples().text()).lines().filter(l -> l.startsWith("step 12 (")).findFirst().orElseThrow();
        Path file = Path.of(System.getProperty("slm.home")).resolve("whole-run.ckpt");
        Fx.run(() -> {
            scrubber.keepInCheckpoint.setSelected(true);
            lab.saveCheckpoint(file);
        });
        Fx.waitUntil("the checkpoint is written", 30, () -> Files.isRegularFile(file));
        assertEquals(EVALUATIONS, Checkpoints.snapshotSteps(file));
        Checkpoints.Loaded loaded = Checkpoints.load(file);
        LanguageModel atTwelve = Checkpoints.readSnapshot(file, 12).toModel(loaded.model().config());
        String fromFile = TrainingSamples.generate(new ModelSnapshot(atTwelve, shown.tokenizer(), null, "file", 12, false));
        assertEquals(line.substring(line.indexOf("): ") + 3), fromFile);

        // opening that checkpoint lets the learner scrub it too
        Fx.run(() -> lab.openCheckpoint(file));
        Fx.waitUntil("the checkpoint's run can be scrubbed", 60, () -> lab.scrubber().run() != null
                && "whole-run.ckpt".equals(lab.scrubber().run().title()));
        assertEquals(EVALUATIONS, Fx.get(() -> lab.scrubber().run().snapshots().steps()));
        Fx.run(() -> scrubber.slider.setValue(3));
        Fx.waitUntil("step 3 of the file is published", 30, () -> workspace.trainedModelProperty().get().step() == 3);
        assertArrayEquals(lab.session().snapshots().at(3).orElseThrow().parameters(),
                weights(Fx.get(() -> workspace.trainedModelProperty().get()).model()));
        assertSame(null, Fx.get(() -> workspace.trainedModelProperty().get().prepared()));

        // closing the lab while scrubbed back gives the other labs the latest model again
        Fx.run(lab::dispose);
        assertFalse(Fx.get(() -> workspace.viewingPastProperty().get()));
        assertEquals(30, Fx.get(() -> workspace.trainedModelProperty().get().step()));
    }
}
