package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.util.Rng;

class TrainerBehaviourTest {
    @Test
    void aHugeLearningRateStopsTheRunWithAMessageNamingTheStep() {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), 8, 16, 2, 1, 0.0, false, true);
        TrainingConfig absurd = new TrainingConfig(50, 2, 1e30, 1e30, 0, 50, Schedule.CONSTANT, 0.9, 0.99, 0, 0, 0,
                TrainingConfig.Batching.WINDOWS, 0, 1, 0, 1);
        List<TrainingEvent> events = new ArrayList<>();
        Trainer trainer = new Trainer(Models.create(config, new Rng(1)), prepared.data(), absurd);
        TrainingException e = assertThrows(TrainingException.class, () -> trainer.run(events::add, new RunControl()));
        assertTrue(e.getMessage().matches("(?s).*at step \\d+.*lower learning rate.*"), e.getMessage());
        assertTrue(events.get(events.size() - 1) instanceof TrainingEvent.Failed);
    }

    @Test
    void cancellingStopsBetweenStepsAndReportsIt() throws Exception {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        LowRankConfig config = new LowRankConfig(prepared.tokenizer().vocabSize(), 8, 0.0, 16);
        Trainer trainer = new Trainer(Models.create(config, new Rng(1)), prepared.data(),
                TrainFixtures.config(1_000_000, 1e-2, Schedule.CONSTANT, 0, 4));
        RunControl control = new RunControl();
        List<TrainingEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        control.pause();
        CompletableFuture<TrainingSummary> run = CompletableFuture.supplyAsync(() -> trainer.run(events::add, control));
        Thread.sleep(300);
        assertEquals(0, trainer.step(), "a paused run takes no step");
        control.resume();
        while (trainer.step() < 5) Thread.sleep(5);
        control.cancel();
        TrainingSummary summary = run.get(30, TimeUnit.SECONDS);
        assertTrue(summary.steps() >= 5 && summary.steps() < 1_000_000);
        assertTrue(events.stream().anyMatch(e -> e instanceof TrainingEvent.Paused));
        assertTrue(events.stream().anyMatch(e -> e instanceof TrainingEvent.Resumed));
        assertTrue(events.stream().anyMatch(e -> e instanceof TrainingEvent.Cancelled));
    }

    @Test
    void aStoppedRunSaysItWasStoppedAndSkipsTheSlidingWindowPerplexity() {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        Trainer trainer = new Trainer(Models.create(new BigramConfig(prepared.tokenizer().vocabSize(), 16), new Rng(1)),
                prepared.data(), TrainFixtures.config(100, 3e-2, Schedule.COSINE, 0, 4));
        RunControl control = new RunControl();
        List<TrainingEvent> events = new ArrayList<>();
        TrainingSummary summary = trainer.run(event -> {
            events.add(event);
            if (event instanceof TrainingEvent.Step step && step.step() == 7) control.cancel();   // Ctrl-C at step 7
        }, control);
        assertTrue(summary.stopped());
        assertEquals(7, summary.steps());
        assertTrue(Double.isNaN(summary.slidingWindowPerplexity()), "not measured");
        assertTrue(Double.isFinite(summary.validationLoss()), "the losses are measured on the model as it is");
        assertTrue(events.contains(new TrainingEvent.Cancelled(7)));

        TrainingSummary finished = new Trainer(Models.create(new BigramConfig(prepared.tokenizer().vocabSize(), 16),
                new Rng(1)), prepared.data(), TrainFixtures.config(7, 3e-2, Schedule.COSINE, 0, 4)).run(e -> { }, new RunControl());
        assertFalse(finished.stopped());
        assertTrue(Double.isFinite(finished.slidingWindowPerplexity()));
    }

    @Test
    void eventsCarryStepTokensAndFiniteLosses() {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        BigramConfig config = new BigramConfig(prepared.tokenizer().vocabSize(), 16);
        TrainingConfig training = new TrainingConfig(20, 4, 3e-2, 3e-3, 2, 20, Schedule.COSINE, 0.9, 0.99, 0, 1, 0,
                TrainingConfig.Batching.WINDOWS, 10, 2, 0, 3);
        List<TrainingEvent> events = new ArrayList<>();
        TrainingSummary summary = new Trainer(Models.create(config, new Rng(1)), prepared.data(), training)
                .run(events::add, new RunControl());
        List<TrainingEvent.Step> steps = events.stream().filter(e -> e instanceof TrainingEvent.Step)
                .map(e -> (TrainingEvent.Step) e).toList();
        assertEquals(20, steps.size());
        assertEquals(20L * 4 * 16, steps.get(19).tokensSeen());
        assertTrue(steps.get(19).trainLoss() < steps.get(0).trainLoss(), "the bigram learns something in 20 steps");
        assertEquals(Math.log(config.vocabSize()), steps.get(0).trainLoss(), 1e-5, "the zero table starts at ln V");
        assertEquals(2, events.stream().filter(e -> e instanceof TrainingEvent.Evaluated).count());
        assertTrue(Double.isFinite(summary.slidingWindowPerplexity()) && summary.slidingWindowPerplexity() > 1);
    }

    @Test
    void schedulesFollowTheirFormulas() {
        assertEquals(1e-3 * 1 / 10, Schedule.COSINE.rate(0, 1e-3, 1e-4, 10, 100), 1e-12);
        assertEquals(1e-3, Schedule.COSINE.rate(10, 1e-3, 1e-4, 10, 100), 1e-12);
        assertEquals((1e-3 + 1e-4) / 2, Schedule.COSINE.rate(55, 1e-3, 1e-4, 10, 100), 1e-12);
        assertEquals(1e-4, Schedule.COSINE.rate(500, 1e-3, 1e-4, 10, 100), 1e-12);
        assertEquals(1e-3 * Math.sqrt(10 / 40.0), Schedule.INVERSE_SQRT.rate(39, 1e-3, 0, 10, 0), 1e-12);
        assertEquals(5e-4, Schedule.CONSTANT.rate(1234, 5e-4, 0, 10, 100), 0);
    }

    @Test
    void memoryGuardRefusesAFullBpeBigramAndSuggestsCompactionOrLowRank() {
        TrainingException e = assertThrows(TrainingException.class,
                () -> Memory.require(new BigramConfig(50_257, 64), 12));
        assertTrue(e.getMessage().contains("50,257 × 50,257"), e.getMessage());
        assertTrue(e.getMessage().contains("low-rank"), e.getMessage());
        // weights alone are V² floats: about 10 GB for GPT-2's vocabulary
        assertEquals(50_257L * 50_257 * 4, Memory.estimate(new BigramConfig(50_257, 64), 12).weights());
        Memory.require(new GptConfig(65, 64, 128, 4, 4, 0, false, true), 12);   // nanoGPT's config fits
    }

    @Test
    void perplexityOfTheUniformBigramIsV() {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        int vocab = prepared.tokenizer().vocabSize();
        var model = Models.create(new BigramConfig(vocab, 32), new Rng(0));
        Perplexity.Result result = Perplexity.slidingWindow(model, prepared.data().validationTokens(), 32, 7, 8);
        assertEquals(vocab, result.perplexity(), 1e-3);
        assertEquals(prepared.data().validationTokens().length - 1, result.tokensScored(), "every target scored once");
    }
}
