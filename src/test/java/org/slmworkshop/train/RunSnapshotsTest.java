package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.util.Json;
import org.slmworkshop.util.Rng;

class RunSnapshotsTest {
    @TempDir
    Path folder;

    /** Ten floats: 40 bytes a snapshot, so a budget of 160 bytes holds four. */
    private static float[] weights(int step) {
        float[] values = new float[10];
        java.util.Arrays.fill(values, step);
        return values;
    }

    private static List<Integer> keptAfterAdding(long budget, int... steps) {
        RunSnapshots snapshots = new RunSnapshots(budget);
        for (int step : steps) snapshots.add(step, weights(step));
        return snapshots.steps();
    }

    @Test
    void aFullBudgetThinsTheOlderSnapshotsEvenlyKeepingTheFirstAndTheLatest() {
        assertEquals(List.of(0, 100, 200, 300), keptAfterAdding(160, 0, 100, 200, 300));
        assertEquals(List.of(0, 200, 400), keptAfterAdding(160, 0, 100, 200, 300, 400));
        assertEquals(List.of(0, 200, 400, 500), keptAfterAdding(160, 0, 100, 200, 300, 400, 500));
        assertEquals(List.of(0, 200, 400, 600), keptAfterAdding(160, 0, 100, 200, 300, 400, 500, 600));
        assertEquals(List.of(0, 400, 700), keptAfterAdding(160, 0, 100, 200, 300, 400, 500, 600, 700));
        assertEquals(List.of(0, 400, 800, 900), keptAfterAdding(160, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900));
        // a budget between two multiples of a snapshot holds as many whole ones as fit
        assertEquals(List.of(0, 400, 800, 900), keptAfterAdding(199, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900));
        // two fit: the first and the latest
        assertEquals(List.of(0, 900), keptAfterAdding(80, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900));
        // one fits: the latest
        assertEquals(List.of(900), keptAfterAdding(40, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900));
        // sixteen evaluations in a budget of five: every fourth, and the latest
        assertEquals(List.of(0, 4, 8, 12, 15), keptAfterAdding(200, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    }

    @Test
    void theStoreNeverTakesMoreThanItsBudgetAndSaysWhenOneSnapshotIsTooLarge() {
        RunSnapshots snapshots = new RunSnapshots(160);
        for (int step = 0; step <= 2000; step += 10) {
            snapshots.add(step, weights(step));
            assertTrue(snapshots.bytes() <= 160, "at step " + step + ": " + snapshots.bytes() + " bytes");
        }
        // 201 snapshots: the grid is every 128th (steps 0 and 1280), and the latest
        assertEquals(List.of(0, 1280, 2000), snapshots.steps());
        assertEquals(1280f, snapshots.at(1280).orElseThrow().parameters()[3]);
        assertEquals(1280, snapshots.nearest(1500).orElseThrow());
        assertEquals(2000, snapshots.nearest(1700).orElseThrow());

        PreparedCorpus prepared = TrainFixtures.tiny("abcabcabd".repeat(40));
        Trainer trainer = new Trainer(Models.create(new org.slmworkshop.model.BigramConfig(prepared.tokenizer().vocabSize(), 4),
                new Rng(1)), prepared.data(), TrainFixtures.config(2, 0.1, Schedule.CONSTANT, 0, 2));
        RunSnapshots tooSmall = new RunSnapshots(4L * trainer.model().parameterCount() - 1);
        tooSmall.take(trainer);
        assertTrue(tooSmall.isEmpty() && tooSmall.tooLarge());
        RunSnapshots justEnough = new RunSnapshots(4L * trainer.model().parameterCount());
        justEnough.take(trainer);
        assertEquals(List.of(0), justEnough.steps());

        RunSnapshots small = new RunSnapshots(39);
        small.add(0, weights(0));
        assertTrue(small.isEmpty());
        assertTrue(small.tooLarge());
    }

    @Test
    void aRepeatedStepIsTakenOnceAndStepsComeInOrder() {
        RunSnapshots snapshots = new RunSnapshots(1000);
        snapshots.add(5, weights(5));
        snapshots.add(5, weights(6));
        assertEquals(List.of(5), snapshots.steps());
        assertEquals(5f, snapshots.at(5).orElseThrow().parameters()[0]);
        assertThrows(IllegalArgumentException.class, () -> snapshots.add(4, weights(4)));
    }

    private static GptConfig tinyGpt(PreparedCorpus prepared) {
        return new GptConfig(prepared.tokenizer().vocabSize(), 16, 32, 2, 2, 0.0, false, true);
    }

    private static TrainingConfig everyFiveSteps(int steps) {
        return new TrainingConfig(steps, 4, 3e-3, 3e-4, 2, steps, Schedule.COSINE, 0.9, 0.99,
                0.1, 1.0, 0.0, TrainingConfig.Batching.WINDOWS, 5, 2, 0, 42);
    }

    private static String sample(LanguageModel model, Tokenizer tokenizer) {
        Generator generator = new Generator(model, tokenizer);
        return generator.generate(generator.prompt("The "), DecodingSettings.sample(0.8), 60, 1337, TokenListener.NONE).text();
    }

    @Test
    void aScrubbedStepsSampleEqualsASampleFromACheckpointSavedAtThatStep() throws Exception {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        GptConfig config = tinyGpt(prepared);
        Trainer trainer = new Trainer(Models.create(config, new Rng(3)), prepared.data(), everyFiveSteps(20));
        RunSnapshots snapshots = new RunSnapshots(RunSnapshots.DEFAULT_BUDGET_BYTES);
        snapshots.take(trainer);
        Path atTen = folder.resolve("step-10.ckpt");
        trainer.run(event -> { }, new RunControl(), (t, evaluation) -> {
            snapshots.afterStep(t, evaluation);
            if (t.step() == 10 && evaluation != null) Checkpoints.save(atTen, t, prepared);
        });
        assertEquals(List.of(0, 5, 10, 15, 20), snapshots.steps());

        Checkpoints.Loaded savedAtTen = Checkpoints.load(atTen);
        assertEquals(10, savedAtTen.state().step());
        String fromCheckpoint = sample(savedAtTen.model(), Tokenizers.restore(savedAtTen.tokenizerState()));
        String scrubbed = sample(snapshots.at(10).orElseThrow().toModel(config), prepared.tokenizer());
        assertEquals(fromCheckpoint, scrubbed);
        assertArrayEquals(savedAtTen.model().store().values().toHost(), snapshots.at(10).orElseThrow().parameters());

        // the same through a checkpoint of the whole run that keeps its snapshots
        Path run = folder.resolve("run.ckpt");
        Checkpoints.save(run, trainer, prepared, snapshots);
        assertEquals(List.of(0, 5, 10, 15, 20), Checkpoints.snapshotSteps(run));
        String scrubbedFromFile = sample(Checkpoints.readSnapshot(run, 10).toModel(config), prepared.tokenizer());
        assertEquals(fromCheckpoint, scrubbedFromFile);
        // and the step matters: the end of the run writes something else
        assertNotEquals(fromCheckpoint, sample(trainer.model(), prepared.tokenizer()));
    }

    @Test
    void aCheckpointKeepsTheSnapshotsBitForBitAndOneWithoutThemIsAsBefore() throws Exception {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        Trainer trainer = new Trainer(Models.create(tinyGpt(prepared), new Rng(5)), prepared.data(), everyFiveSteps(10));
        RunSnapshots snapshots = new RunSnapshots(RunSnapshots.DEFAULT_BUDGET_BYTES);
        snapshots.take(trainer);
        trainer.run(event -> { }, new RunControl(), snapshots);

        Path with = folder.resolve("with.ckpt");
        Path without = folder.resolve("without.ckpt");
        Path withEmpty = folder.resolve("empty.ckpt");
        Checkpoints.save(with, trainer, prepared, snapshots);
        Checkpoints.save(without, trainer, prepared);
        Checkpoints.save(withEmpty, trainer, prepared, new RunSnapshots(1000));

        RunSnapshots read = Checkpoints.readSnapshots(with);
        assertEquals(List.of(0, 5, 10), read.steps());
        for (RunSnapshots.Snapshot kept : snapshots.all()) {
            float[] expected = kept.parameters();
            float[] actual = read.at(kept.step()).orElseThrow().parameters();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "step " + kept.step() + ", value " + i);
            }
        }
        assertFalse(java.util.Arrays.equals(read.at(0).orElseThrow().parameters(), read.at(10).orElseThrow().parameters()));
        Checkpoints.verify(with);
        assertArrayEquals(Checkpoints.load(with).model().store().values().toHost(), Checkpoints.load(without).model().store().values().toHost());

        List<String> plain = List.of("parameters.f32", "adam_m.f32", "adam_v.f32", "checkpoint.json");
        assertEquals(plain, Checkpoints.entryNames(without));
        assertEquals(plain, Checkpoints.entryNames(withEmpty), "no snapshots: nothing is added");
        assertFalse(manifest(without).has("snapshots"));
        assertFalse(manifest(withEmpty).has("snapshots"));
        assertEquals(List.of(), Checkpoints.snapshotSteps(without));
        assertTrue(Checkpoints.readSnapshots(without).isEmpty());
        long snapshotBytes = 3L * 4 * trainer.model().parameterCount();
        assertTrue(Files.size(with) > Files.size(without) + snapshotBytes, "snapshots are stored uncompressed");

        TrainingException missing = assertThrows(TrainingException.class, () -> Checkpoints.readSnapshot(with, 7));
        assertTrue(missing.getMessage().endsWith("keeps no snapshot at step 7; it keeps steps 0, 5, 10."), missing.getMessage());
        TrainingException none = assertThrows(TrainingException.class, () -> Checkpoints.readSnapshot(without, 5));
        assertTrue(none.getMessage().contains("keeps no run snapshots"), none.getMessage());
    }

    private static com.fasterxml.jackson.databind.JsonNode manifest(Path checkpoint) throws Exception {
        try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
            return Json.MAPPER.readTree(zip.getInputStream(zip.getEntry("checkpoint.json")));
        }
    }

    @Test
    void aResumedRunContinuesItsCheckpointsSnapshots() {
        RunSnapshots earlier = new RunSnapshots(160);
        for (int step = 0; step <= 300; step += 100) earlier.add(step, weights(step));
        RunSnapshots resumed = new RunSnapshots(160);
        resumed.addAll(earlier);
        resumed.add(400, weights(400));
        List<Integer> expected = new ArrayList<>(keptAfterAdding(160, 0, 100, 200, 300, 400));
        assertEquals(expected, resumed.steps());
    }
}
