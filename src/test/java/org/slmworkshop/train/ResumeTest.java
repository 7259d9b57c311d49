package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.TestArrays;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.util.Rng;

class ResumeTest {
    @TempDir
    Path folder;

    private static List<Double> losses(Trainer trainer) {
        List<Double> losses = new ArrayList<>();
        trainer.run(event -> {
            if (event instanceof TrainingEvent.Step step) losses.add(step.trainLoss());
        }, new RunControl());
        return losses;
    }

    private void resumeMatchesOneRun(ModelConfig config) {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        int n = 6;
        TrainingConfig twoN = TrainFixtures.config(2 * n, 3e-3, Schedule.COSINE, 0.1, 4);
        Trainer oneGo = new Trainer(Models.create(config, new Rng(7)), prepared.data(), twoN);
        List<Double> straight = losses(oneGo);

        Trainer first = new Trainer(Models.create(config, new Rng(7)), prepared.data(), twoN.withSteps(n));
        List<Double> firstHalf = losses(first);
        Path checkpoint = folder.resolve("half.ckpt");
        Checkpoints.save(checkpoint, first, prepared);
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint, config.kind());
        assertEquals(n, loaded.state().step());
        assertEquals(prepared.tokenizer().vocabSize(), Tokenizers.restore(loaded.tokenizerState()).vocabSize());
        Trainer second = Trainer.resume(loaded, prepared.data(), 2 * n);
        List<Double> secondHalf = losses(second);

        assertEquals(n, secondHalf.size());
        for (int i = 0; i < n; i++) {
            assertEquals(straight.get(i), firstHalf.get(i), 1e-5, "step " + (i + 1));
            assertEquals(straight.get(n + i), secondHalf.get(i), 1e-5, "step " + (n + i + 1) + " after resume");
        }
        double weightGap = TestArrays.maxAbsDifference(second.model().store().values().toHost(),
                oneGo.model().store().values().toHost());
        assertTrue(weightGap <= 1e-6, "final weights differ by " + weightGap);
    }

    @Test
    void gptTrainedNThenResumedForNMoreMatchesTwoNInOneGo() {
        resumeMatchesOneRun(new GptConfig(TrainFixtures.macbethChars().tokenizer().vocabSize(), 16, 32, 2, 2, 0.1, false, true));
    }

    @Test
    void bigramWithSparseRowUpdatesAndWeightDecayResumesExactly() {
        BigramConfig config = new BigramConfig(TrainFixtures.macbethChars().tokenizer().vocabSize(), 16,
                BigramConfig.RowUpdates.SPARSE);
        assertTrue(config.sparseRows());
        resumeMatchesOneRun(config);
    }

    @Test
    void lowRankWithDropoutResumesExactly() {
        resumeMatchesOneRun(new LowRankConfig(TrainFixtures.macbethChars().tokenizer().vocabSize(), 8, 0.1, 16));
    }

    @Test
    void corruptTruncatedOrForeignCheckpointsGiveClearErrorsAndChangeNothing() throws Exception {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), 8, 16, 2, 1, 0.0, false, true);
        Trainer trainer = new Trainer(Models.create(config, new Rng(1)), prepared.data(),
                TrainFixtures.config(2, 1e-3, Schedule.CONSTANT, 0, 2));
        trainer.run(e -> { }, new RunControl());
        Path good = folder.resolve("good.ckpt");
        Checkpoints.save(good, trainer, prepared);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = folder.resolve("truncated.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        TrainingException e1 = assertThrows(TrainingException.class, () -> Checkpoints.load(truncated));
        assertTrue(e1.getMessage().contains("truncated.ckpt") && e1.getMessage().contains("cannot be loaded"), e1.getMessage());

        Path flipped = folder.resolve("flipped.ckpt");
        byte[] damaged = bytes.clone();
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) damaged[i] ^= 0x5A;
        Files.write(flipped, damaged);
        assertThrows(TrainingException.class, () -> Checkpoints.load(flipped));
        // the quick check used by lesson validation refuses the same damage and accepts the good file
        Checkpoints.verify(good);
        assertThrows(TrainingException.class, () -> Checkpoints.verify(flipped));
        assertThrows(TrainingException.class, () -> Checkpoints.verify(truncated));

        Path text = folder.resolve("notes.ckpt");
        Files.writeString(text, "not a checkpoint");
        assertThrows(TrainingException.class, () -> Checkpoints.load(text));
        assertThrows(TrainingException.class, () -> Checkpoints.verify(text));

        TrainingException wrongKind = assertThrows(TrainingException.class, () -> Checkpoints.load(good, "bigram"));
        assertTrue(wrongKind.getMessage().contains("holds a gpt model"), wrongKind.getMessage());

        assertThrows(TrainingException.class, () -> Checkpoints.load(folder.resolve("missing.ckpt")));
        // a failed save over an existing file leaves the old bytes in place
        assertEquals(bytes.length, Files.size(good));
        try (var files = Files.list(folder)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left behind");
        }
    }
}
