package org.slmworkshop.ui.lab.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.ResumeExperiment;
import org.slmworkshop.train.ResumeExperiment.Arm;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.util.Rng;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The resume lab on a small Macbeth GPT saved at step 10: its charts and readouts against the engine's numbers. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class ResumeLabTest {
    private static final int K = 10;
    private static final int N = 8;
    @TempDir
    static Path folder;
    private static Path checkpoint;

    private Workspace workspace;
    private ResumeLab lab;

    @BeforeAll
    static void saveCheckpoint() {
        PreparedCorpus macbeth = PreparedCorpus.prepare(CorpusCatalog.load("macbeth"), SplitSpec.DEFAULT,
                TokenizerSpec.defaults("char"));
        GptConfig config = new GptConfig(macbeth.tokenizer().vocabSize(), 16, 32, 2, 1, 0.0, false, true);
        TrainingConfig planned = new TrainingConfig(40, 4, 3e-3, 3e-4, 4, 40, Schedule.COSINE, 0.9, 0.99, 0.1, 1.0, 0.0,
                TrainingConfig.Batching.WINDOWS, 0, 2, 0, 7);
        Trainer trainer = new Trainer(Models.create(config, new Rng(planned.seed())), macbeth.data(), planned.withSteps(K));
        trainer.run(event -> { }, new RunControl());
        checkpoint = folder.resolve("macbeth-step10.ckpt");
        Checkpoints.save(checkpoint, trainer, macbeth);
    }

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new ResumeLab(workspace);
        Scene scene = new Scene(new StackPane(lab.view()), 1000, 760);
        scene.getStylesheets().add(ResumeLab.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void dispose() {
        lab.dispose();
        workspace.shutdown();
    }

    private static LabSettings settings(Path file, int steps) {
        return new LabSettings(Lab.RESUME, null, null, null, null, Map.of("steps", steps), file.toString(), null, Map.of(),
                null, null, List.of(), null);
    }

    @Test
    void theChartsAndReadoutsShowTheEnginesArmsAndAnExactResume(FxRobot robot) {
        robot.interact(() -> lab.apply(settings(checkpoint, N)));
        robot.clickOn("#resume-run");
        Fx.waitUntil("the experiment is over", 120, () -> lab.result() != null && !lab.isRunning());
        ResumeExperiment.Result result = Fx.get(lab::result);
        assertEquals(K, result.resumeStep());
        assertTrue(result.resumeIsExact(), "max |Δloss| " + result.maxLossGap() + ", weights " + result.finalWeightGap());
        for (Arm arm : Arm.values()) assertEquals(N, Fx.get(() -> lab.chart().plotted(arm)), arm.label());
        // the lower chart: the reset arm minus the proper one, 0 on the checkpoint's weights, then the engine's gap
        List<Double> gap = result.resetGap();
        assertEquals(0.0, Fx.get(() -> lab.chart().plottedGap(Arm.WEIGHTS_ONLY, 0)));
        assertEquals(gap.get(1), Fx.get(() -> lab.chart().plottedGap(Arm.WEIGHTS_ONLY, 1)), 1e-12);
        assertTrue(gap.get(1) != 0);
        for (int i = 0; i < N; i++) {
            int index = i;
            assertEquals(0.0, Fx.get(() -> lab.chart().plottedGap(Arm.UNINTERRUPTED, index)), "step " + (K + i + 1));
        }
        String exact = Fx.get(() -> lab.exactReadout().getText());
        assertTrue(exact.contains("max |Δloss| = 0 over " + N + " steps") && exact.contains("bit for bit"), exact);
        String spike = Fx.get(() -> lab.spikeReadout().getText());
        assertTrue(spike.contains(String.format("%.2f η on average with the moments reset",
                result.firstUpdate().get(Arm.WEIGHTS_ONLY))), spike);
    }

    @Test
    void aDamagedCheckpointGivesAClearMessageAndTheLabCanRunAgain(FxRobot robot) throws Exception {
        Path damaged = folder.resolve("damaged.ckpt");
        Files.writeString(damaged, "not a checkpoint");
        robot.interact(() -> lab.apply(settings(damaged, 3)));
        robot.clickOn("#resume-run");
        Fx.waitUntil("the failure shows", 60, () -> !lab.isRunning() && lab.status().getText().contains("could not run"));
        String status = Fx.get(() -> lab.status().getText());
        assertTrue(status.contains("damaged.ckpt") && status.contains("cannot be loaded"), status);
        assertFalse(status.contains("Exception"), status);
        assertFalse(Fx.get(() -> robot.lookup("#resume-run").queryButton().isDisabled()));
    }

    @Test
    void aWeightsOnlyCheckpointIsRefusedWithTheReason(FxRobot robot) {
        Path slim = folder.resolve("macbeth-step10-f16.ckpt");
        Checkpoints.saveWeightsOnly(checkpoint, slim, Checkpoints.Precision.FLOAT16);
        robot.interact(() -> lab.apply(settings(slim, 3)));
        robot.clickOn("#resume-run");
        Fx.waitUntil("the refusal shows", 60, () -> !lab.isRunning() && lab.status().getText().contains("could not run"));
        String status = Fx.get(() -> lab.status().getText());
        assertTrue(status.contains("holds weights only (float16), with no AdamW state, so there is no proper resume to"
                + " compare"), status);
        assertFalse(Fx.get(() -> robot.lookup("#resume-run").queryButton().isDisabled()));
    }

    @Test
    void lessonNineOpensTheResumeLab() {
        Lesson lesson = Lessons.load(Path.of("lessons")).lessons().stream().filter(l -> l.id().startsWith("09-"))
                .findFirst().orElseThrow();
        LabSettings settings = lesson.labs().stream().filter(l -> l.lab() == Lab.RESUME).findFirst().orElseThrow();
        assertTrue(settings.hyperparameters().get("steps") instanceof Number, "the lesson sets the steps to continue");
    }
}
