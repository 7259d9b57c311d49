package org.slmworkshop.ui.lab.training;

import org.slmworkshop.ui.IsolatedSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.Memory;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.TrainingSession.State;
import org.slmworkshop.ui.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The training lab in a real window, training real (tiny) models on Macbeth's characters. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class TrainingLabTest {
    private Workspace workspace;
    private TrainingLab lab;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new TrainingLab(workspace);
        Scene scene = new Scene(new javafx.scene.layout.BorderPane(lab.view()), 1100, 800);
        scene.getStylesheets().add(TrainingLabTest.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stopTraining() throws Exception {
        fx(() -> {
            lab.dispose();
            workspace.shutdown();
            return null;
        });
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
    }

    private void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> fx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            String state = fx(() -> {
                List<TrainingEvent> history = lab.session().history();
                return lab.session().state() + ", progress '" + lab.bar().progressText() + "', last events "
                        + history.subList(Math.max(0, history.size() - 4), history.size());
            });
            throw new AssertionError("timed out waiting until " + what + " (" + state + ")", e);
        }
    }

    private void applyLesson(String model, Map<String, Object> hyperparameters) throws Exception {
        fx(() -> {
            lab.apply(new LabSettings(Lab.TRAINING, "macbeth", "char", null, model, hyperparameters, null, null, null,
                    null, null, null, null));
            return null;
        });
        waitUntil("V is known", () -> lab.form().vocabProperty().get() > 0 && lab.form().planProperty().get() != null);
    }

    private static void typeInto(FxRobot robot, String id, String text) {
        Node editor = robot.lookup(id).queryAs(Spinner.class).getEditor();
        robot.clickOn(editor).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void the_form_shows_v_and_the_engines_parameter_count_and_explains_bad_settings_inline(FxRobot robot) throws Exception {
        applyLesson("gpt", Map.of("steps", 50));
        int vocab = workspace.prepare("macbeth", TokenizerSpec.defaults("char"), SplitSpec.DEFAULT).get()
                .tokenizer().vocabSize();
        assertEquals(vocab, fx(() -> lab.form().vocabProperty().get()));
        assertTrue(text(robot, "#train-vocab").startsWith("V = " + vocab), text(robot, "#train-vocab"));
        GptConfig expected = new GptConfig(vocab, 64, 128, 4, 4, 0.0, false, true);
        assertEquals(String.format("%,d parameters", expected.parameterCount()), text(robot, "#train-parameters"));
        assertTrue(text(robot, "#train-memory").contains(Memory.human(Memory.estimate(expected, 12).total())));
        assertFalse(robot.lookup("#train-start").queryButton().isDisabled());

        typeInto(robot, "#train-heads", "3");
        assertTrue(text(robot, "#train-problem").contains("multiple of heads"), text(robot, "#train-problem"));
        assertTrue(robot.lookup("#train-start").queryButton().isDisabled(), "no start with 128 / 3");

        typeInto(robot, "#train-heads", "8");
        assertNull(fx(() -> lab.form().problem()));
        assertFalse(robot.lookup("#train-start").queryButton().isDisabled());

        typeInto(robot, "#train-layers", "8");
        GptConfig deeper = new GptConfig(vocab, 64, 128, 8, 8, 0.0, false, true);
        assertEquals(String.format("%,d parameters", deeper.parameterCount()), text(robot, "#train-parameters"));
    }

    @Test
    void a_model_the_memory_guard_would_refuse_is_flagged_before_start(FxRobot robot) throws Exception {
        applyLesson("gpt", Map.of("steps", 50));
        assertFalse(fx(() -> lab.form().isMemoryWarningShown()));
        waitUntil("the memory limit is known", () -> !text(robot, "#train-memory").isEmpty());
        typeInto(robot, "#train-context", "4096");
        typeInto(robot, "#train-batch", "4096");
        waitUntil("the warning shows", () -> lab.form().isMemoryWarningShown());
        String warning = text(robot, "#train-memory-warning");
        assertTrue(warning.startsWith("Yikes! This gpt model needs about"), warning);
    }

    @Test
    void a_bigram_over_all_of_gpt2s_tokens_shows_the_guards_refusal_and_start_refuses(FxRobot robot) throws Exception {
        org.slmworkshop.model.BigramConfig full = new org.slmworkshop.model.BigramConfig(50_258, 64);
        org.junit.jupiter.api.Assumptions.assumeTrue(Memory.available() < Memory.estimate(full, 12).total(),
                "this machine could hold the table; the guard would let it through");
        fx(() -> {
            lab.apply(new LabSettings(Lab.TRAINING, "genia", "bpe", null, "bigram", Map.of("steps", 10), null, null,
                    null, null, null, null, null));
            return null;
        });
        waitUntil("the compacted V is known", () -> lab.form().vocabProperty().get() > 0);
        int compacted = fx(() -> lab.form().vocabProperty().get());
        assertTrue(compacted < 10_000, "genia's compacted BPE: " + compacted);
        assertFalse(fx(() -> lab.form().isMemoryWarningShown()), "the compacted table fits");
        waitUntil("the memory limit is known", () -> !text(robot, "#train-memory").isEmpty());

        robot.clickOn("#train-full-vocab");
        waitUntil("the full V is known", () -> lab.form().vocabProperty().get() == 50_258);
        waitUntil("the warning shows", () -> lab.form().isMemoryWarningShown());
        String warning = text(robot, "#train-memory-warning");
        String expected = "Yikes! " + Memory.refusal(full, 12, Memory.available());
        assertEquals(expected, warning);
        assertTrue(warning.startsWith("Yikes! This bigram model needs about 28.7 GB (weights 9.4 GB, gradients and "
                + "optimizer 18.8 GB, activations 441.7 MB) but only "), warning);
        assertTrue(text(robot, "#train-vocab").startsWith("V = 50,258"), text(robot, "#train-vocab"));

        long before = org.bytedeco.javacpp.Pointer.physicalBytes();
        robot.clickOn("#train-start");
        waitUntil("the run is refused", () -> lab.session().history().stream()
                .anyMatch(e -> e instanceof TrainingEvent.Failed));
        TrainingEvent.Failed failed = fx(() -> (TrainingEvent.Failed) lab.session().history().stream()
                .filter(e -> e instanceof TrainingEvent.Failed).findFirst().orElseThrow());
        assertTrue(failed.message().contains("50,258 × 50,258 transition matrix is too big"), failed.message());
        long grown = org.bytedeco.javacpp.Pointer.physicalBytes() - before;
        assertTrue(grown < (1L << 30), "nothing like the 9.4 GB table was allocated: grew " + grown + " bytes");
    }

    @Test
    void the_chart_gains_a_point_per_step_and_the_result_shows_the_engines_figures(FxRobot robot) throws Exception {
        applyLesson("bigram", Map.of("steps", 30, "lr", 0.03));
        int vocab = fx(() -> lab.form().vocabProperty().get());
        robot.clickOn("#train-start");
        waitUntil("the run is over", () -> lab.session().state() == State.FINISHED && lab.result().figureTexts().size() == 6);

        LossChart chart = lab.chart();
        assertEquals(30, fx(chart::plottedTrainPoints));
        assertEquals(10, fx(chart::plottedValidationPoints), "every 3 steps and at the end");
        assertEquals(Math.log(vocab), chart.uniformLoss(), 1e-12);
        // the bigram starts with all logits zero: its first loss is the uniform model's ln V
        assertEquals(Math.log(vocab), fx(() -> chart.curves().trainSteps().value(0)), 1e-3);

        TrainingEvent.Finished finished = fx(() -> lab.session().history().stream()
                .filter(TrainingEvent.Finished.class::isInstance).map(TrainingEvent.Finished.class::cast).findFirst().orElseThrow());
        List<String> figures = fx(() -> lab.result().figureTexts());
        assertTrue(figures.contains(String.format("validation loss  %.3f", finished.summary().validationLoss())), figures.toString());
        assertEquals(finished.summary().validationLoss(), fx(() -> chart.curves().validation().last()), 1e-12);
        double firstLoss = fx(() -> chart.curves().trainSteps().value(0));
        robot.clickOn("#loss-x-tokens").clickOn("#loss-log-scale");
        waitUntil("the chart redraws in tokens and log10", () -> chart.isLogScale()
                && chart.plottedTrainPoint(0)[0] == 12 * 64);
        assertEquals(Math.log10(firstLoss), fx(() -> chart.plottedTrainPoint(0)[1]), 1e-12);
        assertEquals(Math.log(vocab), chart.uniformLoss(), 1e-12, "ln V whatever the scale");
        waitUntil("the untrained and the final model have written", () -> lab.samples().sampleCount() >= 2);
        assertTrue(fx(() -> lab.samples().text()).startsWith("step 0 (untrained): "));
    }

    @Test
    void pause_resume_and_stop_drive_the_run_and_stop_ends_it_cancelled(FxRobot robot) throws Exception {
        applyLesson("bigram", Map.of("steps", 1_000_000, "lr", 0.03));
        robot.clickOn("#train-start");
        waitUntil("the chart has points", () -> lab.chart().plottedTrainPoints() >= 20);
        assertTrue(robot.lookup("#train-start").queryButton().isDisabled(), "one run per window");

        robot.clickOn("#train-pause");
        waitUntil("the run pauses", () -> lab.session().state() == State.PAUSED);
        int pausedAt = fx(() -> lab.chart().plottedTrainPoints());
        Thread.sleep(300);
        assertEquals(pausedAt, fx(() -> lab.chart().plottedTrainPoints()), "no steps while paused");
        robot.clickOn("#train-resume");
        waitUntil("it trains again", () -> lab.chart().plottedTrainPoints() > pausedAt + 5);

        robot.clickOn("#train-stop");
        waitUntil("the stopped run is evaluated", () -> !lab.result().figureTexts().isEmpty());
        assertEquals(State.CANCELLED, fx(() -> lab.session().state()));
        int lastStep = fx(() -> lab.session().history().get(lab.session().history().size() - 1).step());
        assertEquals(lastStep, fx(() -> lab.chart().plottedTrainPoints()), "one point per step taken");
        assertTrue(lastStep < 1_000_000);
        assertFalse(robot.lookup("#train-start").queryButton().isDisabled());
    }

    @Test
    void a_saved_checkpoint_loads_with_its_history_and_resumes_to_a_new_total(FxRobot robot) throws Exception {
        applyLesson("bigram", Map.of("steps", 20, "lr", 0.03));
        robot.clickOn("#train-start");
        waitUntil("the first run is over", () -> lab.session().state() == State.FINISHED);
        Path file = Path.of(System.getProperty("slm.home")).resolve("bigram-20.ckpt");
        fx(() -> {
            lab.saveCheckpoint(file);
            return null;
        });
        waitUntil("the checkpoint is written", () -> Files.isRegularFile(file));
        // the settings are updated on the FX thread once the save has finished
        waitUntil("the settings remember it",
                () -> file.toAbsolutePath().toString().equals(AppSettings.load().lastCheckpoint()));

        fx(() -> {
            lab.openCheckpoint(file);
            return null;
        });
        waitUntil("the checkpoint shows", () -> lab.checkpointStrip().isVisible());
        assertEquals(0, fx(() -> lab.chart().plottedTrainPoints()), "a checkpoint keeps evaluations, not steps");
        assertEquals(10, fx(() -> lab.chart().plottedValidationPoints()));
        assertEquals(20, fx(() -> workspace.trainedModelProperty().get().step()));

        typeInto(robot, "#checkpoint-resume-steps", "30");
        robot.clickOn("#checkpoint-resume");
        waitUntil("the resumed run is over", () -> lab.session().state() == State.FINISHED
                && !lab.result().figureTexts().isEmpty());
        LossCurves curves = lab.chart().curves();
        assertEquals(10, fx(() -> curves.trainSteps().size()), "steps 21 to 30");
        assertEquals(21.0, fx(() -> curves.trainSteps().step(0)));
        assertEquals(30.0, fx(() -> curves.validation().step(curves.validation().size() - 1)));
        assertTrue(fx(() -> curves.validation().size()) > 10, "the saved history, then the new evaluations");
    }

    @Test
    void a_weights_only_float16_checkpoint_opens_says_so_and_resumes_with_the_moments_reset(FxRobot robot) throws Exception {
        applyLesson("bigram", Map.of("steps", 20, "lr", 0.03));
        robot.clickOn("#train-start");
        waitUntil("the first run is over", () -> lab.session().state() == State.FINISHED);
        Path home = Path.of(System.getProperty("slm.home"));
        Path file = home.resolve("bigram-full.ckpt"), slim = home.resolve("bigram-f16.ckpt");
        fx(() -> {
            lab.saveCheckpoint(file);
            return null;
        });
        waitUntil("the checkpoint is written", () -> Files.isRegularFile(file));
        Checkpoints.saveWeightsOnly(file, slim, Checkpoints.Precision.FLOAT16);

        fx(() -> {
            lab.openCheckpoint(slim);
            return null;
        });
        waitUntil("the checkpoint shows", () -> lab.checkpointStrip().isVisible());
        assertTrue(text(robot, "#checkpoint-description").contains("It holds weights only (float16), no optimizer state:"
                + " resuming starts AdamW's moments at zero."), text(robot, "#checkpoint-description"));
        assertEquals(20, fx(() -> workspace.trainedModelProperty().get().step()));

        typeInto(robot, "#checkpoint-resume-steps", "30");
        robot.clickOn("#checkpoint-resume");
        waitUntil("the resumed run is over", () -> lab.session().state() == State.FINISHED
                && !lab.result().figureTexts().isEmpty());
        LossCurves curves = lab.chart().curves();
        assertEquals(10, fx(() -> curves.trainSteps().size()), "steps 21 to 30");
        assertEquals(21.0, fx(() -> curves.trainSteps().step(0)));
    }

    @Test
    void a_corpus_that_cannot_be_read_is_refused_under_the_picker_and_the_form_keeps_the_one_that_worked(
            @org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        applyLesson("bigram", Map.of("steps", 30));
        int vocab = fx(() -> lab.form().vocabProperty().get());
        Path empty = Files.createDirectories(folder.resolve("no-text-here"));
        fx(() -> {
            lab.form().requestCorpus(org.slmworkshop.ui.lab.CorpusChoice.imported(empty));
            return null;
        });
        waitUntil("the picker says why", () -> !lab.form().corpusPicker().errorText().isEmpty());
        String error = fx(() -> lab.form().corpusPicker().errorText());
        assertTrue(error.startsWith("Could not use no-text-here: ") && error.endsWith("Still using macbeth."), error);
        waitUntil("the plan is macbeth's again", () -> lab.form().planProperty().get() != null
                && lab.form().planProperty().get().corpus().equals("macbeth") && lab.form().vocabProperty().get() > 0);
        assertEquals(vocab, fx(() -> lab.form().vocabProperty().get()));
        assertEquals("macbeth", fx(() -> lab.form().corpusPicker().confirmed().key()));
        assertNull(fx(() -> workspace.settings().lastCorpus()), "a corpus that failed is not remembered");
    }
}
