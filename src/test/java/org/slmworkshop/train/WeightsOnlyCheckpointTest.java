package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.train.Checkpoints.Precision;
import org.slmworkshop.util.Float16;
import org.slmworkshop.util.Json;
import org.slmworkshop.util.Rng;

/** Weights-only checkpoints, float32 and float16, against the full checkpoint they were slimmed from. */
class WeightsOnlyCheckpointTest {
    @TempDir
    static Path folder;

    private static PreparedCorpus prepared;
    private static Trainer trainer;
    private static Path full, slim32, slim16;
    private static Checkpoints.WeightsOnly written16;

    /** A tiny GPT, 30 steps on Macbeth's characters, saved in full and slimmed both ways. */
    @BeforeAll
    static void trainAndSlim() {
        prepared = TrainFixtures.macbethChars();
        GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), 16, 32, 2, 2, 0.0, false, true);
        trainer = new Trainer(Models.create(config, new Rng(3)), prepared.data(),
                TrainFixtures.config(30, 3e-3, Schedule.COSINE, 0.1, 8));
        trainer.run(event -> { }, new RunControl());
        full = folder.resolve("full.ckpt");
        Checkpoints.save(full, trainer, prepared);
        slim32 = folder.resolve("slim32.ckpt");
        slim16 = folder.resolve("slim16.ckpt");
        Checkpoints.WeightsOnly written32 = Checkpoints.saveWeightsOnly(full, slim32, Precision.FLOAT32);
        assertEquals(0.0, written32.maxAbsChange());
        written16 = Checkpoints.saveWeightsOnly(full, slim16, Precision.FLOAT16);
    }

    private static List<Double> losses(Trainer trainer) {
        List<Double> losses = new ArrayList<>();
        trainer.run(event -> {
            if (event instanceof TrainingEvent.Step step) losses.add(step.trainLoss());
        }, new RunControl());
        return losses;
    }

    @Test
    void aFullCheckpointLoadsAsBeforeWithItsMomentsAndNoFlag() throws IOException {
        Checkpoints.Loaded loaded = Checkpoints.load(full);
        assertFalse(loaded.weightsOnly());
        assertEquals(Precision.FLOAT32, loaded.precision());
        assertEquals(30, loaded.optimizerStep());
        assertArrayEquals(trainer.optimizer().firstMoment().toHost(), loaded.firstMoment().toHost());
        assertArrayEquals(trainer.optimizer().secondMoment().toHost(), loaded.secondMoment().toHost());
        assertEquals(List.of("parameters.f32", "adam_m.f32", "adam_v.f32", "checkpoint.json"), Checkpoints.entryNames(full));
    }

    @Test
    void float32WeightsOnlyIsExactWithZeroMomentsAndTheRunsState() throws IOException {
        Checkpoints.Loaded loaded = Checkpoints.load(slim32);
        assertTrue(loaded.weightsOnly());
        assertEquals(Precision.FLOAT32, loaded.precision());
        assertArrayEquals(trainer.model().store().values().toHost(), loaded.model().store().values().toHost());
        assertEquals(0, loaded.optimizerStep());
        for (float m : loaded.firstMoment().toHost()) assertEquals(0f, m);
        for (float v : loaded.secondMoment().toHost()) assertEquals(0f, v);
        assertEquals(trainer.state(), loaded.state());
        assertEquals(trainer.config(), loaded.trainingConfig());
        assertEquals(List.of("parameters.f32", "checkpoint.json"), Checkpoints.entryNames(slim32));
        Checkpoints.verify(slim32);
    }

    @Test
    void everyFloat16WeightIsTheNearestHalfWithinTheClosedFormBound() throws IOException {
        float[] original = trainer.model().store().values().toHost();
        Checkpoints.Loaded loaded = Checkpoints.load(slim16);
        assertTrue(loaded.weightsOnly());
        assertEquals(Precision.FLOAT16, loaded.precision());
        float[] widened = loaded.model().store().values().toHost();
        assertEquals(original.length, widened.length);
        double maxChange = 0;
        int normal = 0;
        for (int i = 0; i < original.length; i++) {
            float x = original[i];
            double change = Math.abs((double) x - widened[i]);
            assertEquals(Float16.round(x), widened[i], "weight " + i);
            if (Math.abs(x) >= Float16.MIN_NORMAL) {
                normal++;
                assertTrue(change <= 0x1p-11 * Math.abs(x), "weight " + i + ": " + x + " → " + widened[i]);
            } else {
                assertTrue(change <= 0x1p-25, "weight " + i + ": " + x + " → " + widened[i]);
            }
            maxChange = Math.max(maxChange, change);
        }
        assertTrue(normal > original.length * 0.99, normal + " of " + original.length + " in float16's normal range");
        assertTrue(maxChange > 0, "float16 rounds something");
        assertEquals(maxChange, written16.maxAbsChange());
        assertEquals(List.of("parameters.f16", "checkpoint.json"), Checkpoints.entryNames(slim16));
        Checkpoints.verify(slim16);
    }

    /**
     * Every weight moved by at most 2⁻¹¹ relatively, so the logits move by a small multiple of 2⁻¹¹ times their
     * size: measured 2.0e-4 on logits up to 1.8, held to 2e-3; the validation loss moved by 8e-6, held to 1e-4.
     */
    @Test
    void theFloat16ModelsLogitsAndValidationLossMatchTheFullModel() {
        Checkpoints.Loaded fullModel = Checkpoints.load(full), slimModel = Checkpoints.load(slim16);
        int[] validation = prepared.data().validationTokens();
        int batch = 4, length = 16;
        int[] windows = java.util.Arrays.copyOf(validation, batch * length);
        float[][] before = fullModel.model().logits(windows, batch, length);
        float[][] after = slimModel.model().logits(windows, batch, length);
        double maxGap = 0, maxLogit = 0;
        for (int row = 0; row < before.length; row++) {
            for (int v = 0; v < before[row].length; v++) {
                maxGap = Math.max(maxGap, Math.abs(before[row][v] - after[row][v]));
                maxLogit = Math.max(maxLogit, Math.abs(before[row][v]));
            }
        }
        assertTrue(maxGap > 0, "rounding changes the logits a little");
        assertTrue(maxGap <= 2e-3, "max |Δlogit| = " + maxGap + " (logits up to " + maxLogit + ")");

        double lossBefore = Perplexity.slidingWindow(fullModel.model(), validation, 16, 8, 16).crossEntropy();
        double lossAfter = Perplexity.slidingWindow(slimModel.model(), validation, 16, 8, 16).crossEntropy();
        double lossFloat32 = Perplexity.slidingWindow(Checkpoints.load(slim32).model(), validation, 16, 8, 16).crossEntropy();
        assertEquals(lossBefore, lossFloat32, 0.0, "float32 weights only: the same model");
        assertTrue(Math.abs(lossAfter - lossBefore) < 1e-4, "validation loss " + lossBefore + " → " + lossAfter);
    }

    /** Full: 4 + 4 + 4 bytes a weight; float32 weights only: 4; float16: 2 (deflate takes a little off each). */
    @Test
    void theFloat16FileIsAboutASixthOfTheFullOne() throws IOException {
        double ratio16 = Files.size(slim16) / (double) Files.size(full);
        double ratio32 = Files.size(slim32) / (double) Files.size(full);
        assertTrue(ratio16 > 1 / 7.5 && ratio16 < 1 / 5.0, "float16 file is " + ratio16 + " of the full one");
        assertTrue(ratio32 > 1 / 3.6 && ratio32 < 1 / 2.6, "float32 weights-only file is " + ratio32 + " of the full one");
    }

    @Test
    void aDamagedOrTruncatedSlimFileIsRefusedWithAClearMessage() throws IOException {
        // one half of the weights changed, the manifest's CRC-32 kept: only our checksum can notice
        Path flipped = folder.resolve("flipped16.ckpt");
        rewrite(slim16, flipped, (name, bytes) -> {
            if (name.equals("parameters.f16")) bytes[100] ^= 0x01;
            return bytes;
        });
        TrainingException damaged = assertThrows(TrainingException.class, () -> Checkpoints.load(flipped));
        assertTrue(damaged.getMessage().contains("parameters.f16 fails its checksum (the file is damaged)"), damaged.getMessage());
        assertThrows(TrainingException.class, () -> Checkpoints.verify(flipped));

        Path shortBlob = folder.resolve("short16.ckpt");
        rewrite(slim16, shortBlob, (name, bytes) -> name.equals("parameters.f16")
                ? java.util.Arrays.copyOf(bytes, bytes.length - 2) : bytes);
        TrainingException missing = assertThrows(TrainingException.class, () -> Checkpoints.load(shortBlob));
        assertTrue(missing.getMessage().contains("parameters.f16"), missing.getMessage());

        byte[] bytes = Files.readAllBytes(slim16);
        Path truncated = folder.resolve("truncated16.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        TrainingException cut = assertThrows(TrainingException.class, () -> Checkpoints.load(truncated));
        assertTrue(cut.getMessage().contains("truncated16.ckpt") && cut.getMessage().contains("cannot be loaded"), cut.getMessage());

        Path unknown = folder.resolve("bf16.ckpt");
        rewrite(slim16, unknown, (name, blob) -> {
            if (!name.equals("checkpoint.json")) return blob;
            ObjectNode root = (ObjectNode) Json.MAPPER.readTree(blob);
            ((ObjectNode) root.get("weights")).put("precision", "bfloat16");
            return Json.MAPPER.writeValueAsBytes(root);
        });
        TrainingException precision = assertThrows(TrainingException.class, () -> Checkpoints.load(unknown));
        assertTrue(precision.getMessage().contains("unknown precision 'bfloat16'"), precision.getMessage());
    }

    @Test
    void slimmingASlimFileOrOverwritingTheSourceIsRefusedAndChangesNothing() throws IOException {
        byte[] before = Files.readAllBytes(slim16);
        TrainingException again = assertThrows(TrainingException.class,
                () -> Checkpoints.saveWeightsOnly(slim16, folder.resolve("again.ckpt"), Precision.FLOAT16));
        assertTrue(again.getMessage().contains("already holds weights only (float16)"), again.getMessage());
        assertFalse(Files.exists(folder.resolve("again.ckpt")));
        TrainingException self = assertThrows(TrainingException.class,
                () -> Checkpoints.saveWeightsOnly(full, full, Precision.FLOAT16));
        assertTrue(self.getMessage().contains("would replace"), self.getMessage());
        assertEquals(List.of("parameters.f32", "adam_m.f32", "adam_v.f32", "checkpoint.json"), Checkpoints.entryNames(full));
        assertArrayEquals(before, Files.readAllBytes(slim16));
        TrainingException snapshots = assertThrows(TrainingException.class, () -> Checkpoints.readSnapshot(slim16, 30));
        assertTrue(snapshots.getMessage().contains("holds weights only, without run snapshots; they stay in the full"
                + " checkpoint it was slimmed from (full.ckpt)"), snapshots.getMessage());
        TrainingException missing = assertThrows(TrainingException.class,
                () -> Checkpoints.saveWeightsOnly(folder.resolve("nothing.ckpt"), folder.resolve("x.ckpt"), Precision.FLOAT16));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aWeightBeyondFloat16sRangeIsRefusedForFloat16AndKeptByFloat32() {
        Trainer large = new Trainer(Models.create(trainer.model().config(), new Rng(5)), prepared.data(),
                TrainFixtures.config(1, 1e-3, Schedule.CONSTANT, 0, 2));
        float[] values = large.model().store().values().toHost();
        values[7] = 70_000f;
        large.model().store().values().copyFrom(values);
        Path source = folder.resolve("large.ckpt");
        Checkpoints.save(source, large, prepared);
        TrainingException refused = assertThrows(TrainingException.class,
                () -> Checkpoints.saveWeightsOnly(source, folder.resolve("large16.ckpt"), Precision.FLOAT16));
        assertTrue(refused.getMessage().contains("Weight 7") && refused.getMessage().contains("beyond float16's range"),
                refused.getMessage());
        Checkpoints.saveWeightsOnly(source, folder.resolve("large32.ckpt"), Precision.FLOAT32);
        assertEquals(70_000f, Checkpoints.load(folder.resolve("large32.ckpt")).model().store().values().toHost()[7]);
    }

    /**
     * No AdamW state: a proper resume is refused, and so is the resume experiment; continuing with fresh moments
     * from the float32 slim file takes exactly the steps the full file takes with --reset-optimizer.
     */
    @Test
    void aWeightsOnlyFileResumesOnlyWithTheOptimizerReset() {
        Checkpoints.Loaded slim = Checkpoints.load(slim32);
        TrainingException proper = assertThrows(TrainingException.class, () -> Trainer.resume(slim, prepared.data(), 36));
        assertTrue(proper.getMessage().contains("holds weights only (float32)")
                && proper.getMessage().contains("--reset-optimizer"), proper.getMessage());
        TrainingException experiment = assertThrows(TrainingException.class, () -> ResumeExperiment.forCheckpoint(slim16));
        assertTrue(experiment.getMessage().contains("holds weights only (float16)"), experiment.getMessage());

        List<Double> fromSlim = losses(ResumeExperiment.weightsOnly(slim, prepared.data(), 36));
        List<Double> fromFull = losses(ResumeExperiment.weightsOnly(Checkpoints.load(full), prepared.data(), 36));
        assertEquals(6, fromSlim.size());
        assertEquals(fromFull, fromSlim);
    }

    @FunctionalInterface
    private interface EntryChange {
        byte[] apply(String name, byte[] bytes) throws IOException;
    }

    /** Copies a checkpoint's zip entry by entry, letting {@code change} alter one. */
    private static void rewrite(Path source, Path target, EntryChange change) throws IOException {
        try (ZipFile zip = new ZipFile(source.toFile());
             OutputStream file = Files.newOutputStream(target);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(change.apply(entry.getName(), bytes));
                out.closeEntry();
            }
        }
    }
}
