package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.util.Rng;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class TrainingSessionTest {
    private final Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));

    @Start
    void start(Stage stage) {
        stage.show();
    }

    private static TrainingSession.Setup bigramOnMacbeth(int steps) {
        PreparedCorpus prepared = PreparedCorpus.prepare(CorpusCatalog.load("macbeth"), SplitSpec.DEFAULT,
                TokenizerSpec.defaults("char"));
        var model = Models.create(new BigramConfig(prepared.tokenizer().vocabSize(), 8), new Rng(1));
        TrainingConfig config = new TrainingConfig(steps, 8, 0.03, 0.003, 0, steps, Schedule.CONSTANT, 0.9, 0.99,
                0.0, 1.0, 0.0, TrainingConfig.Batching.WINDOWS, steps / 4, 4, 0, 7);
        return new TrainingSession.Setup(new Trainer(model, prepared.data(), config), prepared, "bigram on macbeth");
    }

    @Test
    void events_reach_the_fx_thread_in_batches_and_the_final_model_is_published() throws Exception {
        TrainingSession session = workspace.training();
        List<Integer> batchSizes = new ArrayList<>();
        AtomicBoolean offFxThread = new AtomicBoolean();
        Platform.runLater(() -> {
            session.addListener(batch -> {
                if (!Platform.isFxApplicationThread()) offFxThread.set(true);
                batchSizes.add(batch.size());
            });
            session.start("bigram on macbeth", () -> bigramOnMacbeth(400));
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.state() == TrainingSession.State.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(offFxThread.get());
        List<TrainingEvent> history = session.history();
        long steps = history.stream().filter(e -> e instanceof TrainingEvent.Step).count();
        assertEquals(400, steps);
        assertTrue(batchSizes.size() < steps, "events arrive in batches, not one by one: " + batchSizes.size());
        assertTrue(history.get(history.size() - 1) instanceof TrainingEvent.Finished);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> workspace.trainedModelProperty().get() != null
                && !workspace.trainedModelProperty().get().live());
        ModelSnapshot last = workspace.trainedModelProperty().get();
        assertEquals(400, last.step());
        assertEquals(1.0, session.progressProperty().get());
    }

    @Test
    void a_paused_run_saves_a_checkpoint_at_the_paused_step_and_resumes_to_the_end() throws Exception {
        TrainingSession session = workspace.training();
        Path checkpoint = Files.createTempDirectory("session").resolve("paused.ckpt");
        Platform.runLater(() -> session.start("bigram on macbeth", () -> bigramOnMacbeth(30_000)));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.state() == TrainingSession.State.RUNNING);
        session.pause();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session.state() == TrainingSession.State.PAUSED);
        session.betweenSteps(setup -> Checkpoints.save(checkpoint, setup.trainer(), setup.prepared()))
                .get(30, TimeUnit.SECONDS);
        int pausedAt = session.setup().trainer().step();
        assertEquals(pausedAt, Checkpoints.load(checkpoint).state().step());
        session.resume();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session.state() == TrainingSession.State.RUNNING);
        session.stop();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !session.state().isActive());
        assertEquals(TrainingSession.State.CANCELLED, session.state());
        assertTrue(session.setup().trainer().step() < 30_000);
        assertNotNull(session.history().stream().filter(e -> e instanceof TrainingEvent.Cancelled).findFirst().orElse(null));
    }

    @Test
    void a_setup_that_fails_reports_a_readable_message() throws Exception {
        TrainingSession session = workspace.training();
        Platform.runLater(() -> session.start("broken", () -> {
            throw new IllegalArgumentException("the corpus is empty");
        }));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session.state() == TrainingSession.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Training stopped: the corpus is empty", workspace.notifier().lastMessageProperty().get());
    }
}
