package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.TestArrays;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.util.Rng;

class CheckpointSaverTest {
    @TempDir
    Path folder;

    private static TrainingConfig config(int steps, double learningRate, Schedule schedule, int evalEvery) {
        return new TrainingConfig(steps, 4, learningRate, learningRate / 10, 2, steps, schedule, 0.9, 0.99,
                0.1, 1.0, 0.0, TrainingConfig.Batching.WINDOWS, evalEvery, 4, 0, 42);
    }

    private static List<Double> stepLosses(List<TrainingEvent> events) {
        return events.stream().filter(e -> e instanceof TrainingEvent.Step)
                .map(e -> ((TrainingEvent.Step) e).trainLoss()).toList();
    }

    @Test
    void savingEveryFourStepsOfATenStepRunWritesAfterStepsFourAndEight() {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        Trainer trainer = new Trainer(Models.create(new BigramConfig(prepared.tokenizer().vocabSize(), 16), new Rng(1)),
                prepared.data(), config(10, 3e-2, Schedule.COSINE, 3));
        Path out = folder.resolve("run.ckpt");
        List<TrainingEvent.Saved> saves = new ArrayList<>();
        Map<Integer, Integer> stepInFileAtStep = new LinkedHashMap<>();   // what the file holds as each step starts
        CheckpointSaver saver = new CheckpointSaver(out, 4, false, prepared, event -> {
            if (event instanceof TrainingEvent.Saved saved) saves.add(saved);
        });
        trainer.run(event -> {
            if (event instanceof TrainingEvent.Step step) {
                stepInFileAtStep.put(step.step(), Files.exists(out) ? Checkpoints.readState(out).step() : 0);
            }
        }, new RunControl(), saver);

        assertEquals(List.of(new TrainingEvent.Saved(4, out.toString(), false), new TrainingEvent.Saved(8, out.toString(), false)),
                saves);
        assertEquals(Map.of(1, 0, 2, 0, 3, 0, 4, 0, 5, 4, 6, 4, 7, 4, 8, 4, 9, 8, 10, 8), stepInFileAtStep);
        Checkpoints.Loaded loaded = Checkpoints.load(out);
        assertEquals(8, loaded.state().step(), "the last step is the caller's save, not the saver's");
        assertEquals(8, loaded.optimizerStep());
        assertEquals(8L * 4 * 16, loaded.state().tokensSeen());
        assertEquals(List.of(3, 6), loaded.state().history().stream().map(LossPoint::step).toList(),
                "the evaluations up to step 8 are in the file");
        assertFalse(Files.exists(CheckpointSaver.bestPath(out)), "best saving was off");
    }

    @Test
    void aCheckpointSavedMidRunResumesToTheSameLossesAndWeightsAsAnUninterruptedRun() throws Exception {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        GptConfig model = new GptConfig(prepared.tokenizer().vocabSize(), 16, 32, 2, 2, 0.1, false, true);
        TrainingConfig training = config(12, 3e-3, Schedule.COSINE, 3);
        List<TrainingEvent> straightEvents = new ArrayList<>();
        Trainer straight = new Trainer(Models.create(model, new Rng(7)), prepared.data(), training);
        straight.run(straightEvents::add, new RunControl());

        // a run saving every 6 steps; keep a copy of the file as it was after step 6, as if killed at step 7 or later
        Path out = folder.resolve("run.ckpt");
        Path killedAfterSix = folder.resolve("killed.ckpt");
        Trainer saving = new Trainer(Models.create(model, new Rng(7)), prepared.data(), training);
        Consumer<TrainingEvent> copyAtSix = event -> {
            if (event instanceof TrainingEvent.Saved saved && saved.step() == 6) {
                try {
                    Files.copy(out, killedAfterSix, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        saving.run(e -> { }, new RunControl(), new CheckpointSaver(out, 6, false, prepared, copyAtSix));

        Checkpoints.Loaded loaded = Checkpoints.load(killedAfterSix, "gpt");
        assertEquals(6, loaded.state().step());
        List<TrainingEvent> resumedEvents = new ArrayList<>();
        Trainer resumed = Trainer.resume(loaded, prepared.data(), 12);
        resumed.run(resumedEvents::add, new RunControl());

        List<Double> expected = stepLosses(straightEvents).subList(6, 12);
        List<Double> actual = stepLosses(resumedEvents);
        assertEquals(6, actual.size());
        for (int i = 0; i < 6; i++) assertEquals(expected.get(i), actual.get(i), 1e-6, "step " + (7 + i));
        double weightGap = TestArrays.maxAbsDifference(resumed.model().store().values().toHost(),
                straight.model().store().values().toHost());
        assertTrue(weightGap <= 1e-6, "final weights differ by " + weightGap);
        assertEquals(straight.history(), resumed.history(), "the loss history continues as if never interrupted");
    }

    /** Train "ab…", validate on "abac…": the validation loss falls, then rises as a→c is unlearned. */
    private static PreparedCorpus overfitting() {
        return TrainFixtures.tiny("abac" + "ab".repeat(448) + "abac".repeat(25));
    }

    private static TrainingConfig overfittingConfig(int steps) {
        return new TrainingConfig(steps, 4, 0.1, 0.1, 0, steps, Schedule.CONSTANT, 0.9, 0.99, 0, 1.0, 0.0,
                TrainingConfig.Batching.WINDOWS, 5, 4, 0, 42);
    }

    @Test
    void theBestCheckpointHoldsTheEvaluationWithTheLowestValidationLoss() {
        PreparedCorpus prepared = overfitting();
        BigramConfig bigram = new BigramConfig(prepared.tokenizer().vocabSize(), 8);
        Trainer trainer = new Trainer(Models.create(bigram, new Rng(1)), prepared.data(), overfittingConfig(40));
        Path out = folder.resolve("overfit.ckpt");
        List<TrainingEvent> events = new ArrayList<>();
        CheckpointSaver saver = new CheckpointSaver(out, 0, true, prepared, events::add);
        trainer.run(events::add, new RunControl(), saver);

        List<TrainingEvent.Evaluated> evaluations = events.stream().filter(e -> e instanceof TrainingEvent.Evaluated)
                .map(e -> (TrainingEvent.Evaluated) e).toList();
        TrainingEvent.Evaluated lowest = evaluations.stream()
                .min((a, b) -> Double.compare(a.validationLoss(), b.validationLoss())).orElseThrow();
        TrainingEvent.Evaluated last = evaluations.get(evaluations.size() - 1);
        assertEquals(10, lowest.step(), "this corpus overfits after step 10: " + evaluations);
        assertTrue(last.validationLoss() > lowest.validationLoss() + 0.2, "the run ends well past its best");

        Path bestFile = folder.resolve("overfit.best.ckpt");
        CheckpointSaver.Best best = saver.best().orElseThrow();
        assertEquals(new CheckpointSaver.Best(10, lowest.validationLoss(), bestFile), best);
        assertEquals(List.of(5, 10), events.stream().filter(e -> e instanceof TrainingEvent.Saved)
                .map(TrainingEvent::step).toList(), "saved at each new best only");

        // load the best file and measure it again on the same fixed validation batches
        Checkpoints.Loaded loaded = Checkpoints.load(bestFile, "bigram");
        assertEquals(10, loaded.state().step());
        TrainingSummary measured = Trainer.resume(loaded, prepared.data(), 10).run(e -> { }, new RunControl());
        assertEquals(lowest.validationLoss(), measured.validationLoss(), 1e-9);
        assertFalse(Files.exists(out), "no save-every: the run's own file is the caller's to write");
    }

    @Test
    void aResumedRunKeepsTheEarlierBestUntilAnEvaluationBeatsIt() {
        PreparedCorpus prepared = overfitting();
        BigramConfig bigram = new BigramConfig(prepared.tokenizer().vocabSize(), 8);
        Path out = folder.resolve("run.ckpt");
        Trainer first = new Trainer(Models.create(bigram, new Rng(1)), prepared.data(), overfittingConfig(20));
        CheckpointSaver firstSaver = new CheckpointSaver(out, 0, true, prepared, e -> { });
        first.run(e -> { }, new RunControl(), firstSaver);
        Checkpoints.save(out, first, prepared);
        assertEquals(10, firstSaver.best().orElseThrow().step());

        Checkpoints.Loaded loaded = Checkpoints.load(out);
        Trainer second = Trainer.resume(loaded, prepared.data(), 40);
        List<TrainingEvent> events = new ArrayList<>();
        CheckpointSaver secondSaver = new CheckpointSaver(out, 0, true, prepared, events::add);
        secondSaver.continueFrom(second.state());
        second.run(events::add, new RunControl(), secondSaver);
        assertEquals(10, secondSaver.best().orElseThrow().step(), "later, worse evaluations do not replace it");
        assertTrue(events.stream().noneMatch(e -> e instanceof TrainingEvent.Saved));
        assertEquals(10, Checkpoints.readState(CheckpointSaver.bestPath(out)).step());
    }

    @Test
    void theBestFileSitsBesideTheRunsFile() {
        assertEquals(Path.of("runs", "gpt.best.ckpt"), CheckpointSaver.bestPath(Path.of("runs", "gpt.ckpt")));
        assertEquals(Path.of("model.v2.best.zip"), CheckpointSaver.bestPath(Path.of("model.v2.zip")));
        assertEquals(Path.of("model.best"), CheckpointSaver.bestPath(Path.of("model")));
        assertEquals(Path.of(".ckpt.best"), CheckpointSaver.bestPath(Path.of(".ckpt")));
    }
}
