package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.train.ResumeExperiment.Arm;
import org.slmworkshop.util.Rng;

class ResumeExperimentTest {
    private static final int K = 8;       // the checkpoint's step
    private static final int N = 6;       // steps after it
    private static final double LR = 3e-3;

    @TempDir
    static Path folder;
    static PreparedCorpus prepared;
    static Path checkpoint;
    static ResumeExperiment.Result result;

    /** A GPT run planned for K + N steps, stopped and saved at step K; no weight decay, so Adam's step is the whole update. */
    @BeforeAll
    static void experiment() {
        prepared = TrainFixtures.macbethChars();
        GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), 16, 32, 2, 2, 0.1, false, true);
        TrainingConfig planned = TrainFixtures.config(K + N, LR, Schedule.CONSTANT, 0.0, 4);
        Trainer first = new Trainer(Models.create(config, new Rng(planned.seed())), prepared.data(), planned.withSteps(K));
        first.run(e -> { }, new RunControl());
        checkpoint = folder.resolve("step8.ckpt");
        Checkpoints.save(checkpoint, first, prepared);
        result = new ResumeExperiment(checkpoint, prepared.data()).run(N, true, (arm, event) -> { }, new RunControl());
    }

    private static List<Double> stepLosses(Trainer trainer) {
        List<Double> losses = new ArrayList<>();
        trainer.run(event -> {
            if (event instanceof TrainingEvent.Step step) losses.add(step.trainLoss());
        }, new RunControl());
        return losses;
    }

    @Test
    void properResumeEqualsTheUninterruptedRunBitForBit() {
        assertEquals(0.0, result.replayCheckpointGap(), "the replay reaches the checkpoint's weights exactly");
        assertEquals(N, result.losses(Arm.PROPER).size());
        assertEquals(result.losses(Arm.UNINTERRUPTED), result.losses(Arm.PROPER));
        assertEquals(0.0, result.maxLossGap());
        assertEquals(0.0, result.finalWeightGap());
        assertTrue(result.resumeIsExact());
        // and the proper arm is what train --resume gives (full evaluations and all): the quiet config changes no step
        Trainer resumed = Trainer.resume(Checkpoints.load(checkpoint), prepared.data(), K + N);
        assertEquals(stepLosses(resumed), result.losses(Arm.PROPER));
    }

    @Test
    void weightsOnlyArmDiffersFromTheSecondStepAfterTheResume() {
        List<Double> gap = result.resetGap();
        assertEquals(N, gap.size());
        // step K+1 is scored before its update, on the checkpoint's weights and the same batch in both arms
        assertEquals(0.0, gap.get(0));
        for (int i = 1; i < N; i++) assertNotEquals(0.0, gap.get(i), "step " + (K + i + 1));
        // the weights-only arm's first step is what train --resume --reset-optimizer takes
        Trainer reset = ResumeExperiment.weightsOnly(Checkpoints.load(checkpoint), prepared.data(), K + N);
        assertEquals(stepLosses(reset), result.losses(Arm.WEIGHTS_ONLY));
    }

    @Test
    void firstStepFromZeroMomentsMovesEachWeightByLrTimesSignOfItsGradient() {
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        float[] before = loaded.model().store().values().toHost();
        Trainer reset = ResumeExperiment.weightsOnly(loaded, prepared.data(), K + 1);
        float[][] gradientAndAfter = new float[2][];
        reset.run(e -> { }, new RunControl(), (trainer, evaluation) -> {
            if (trainer.step() == K + 1 && gradientAndAfter[0] == null) {
                gradientAndAfter[0] = trainer.model().store().gradients().toHost();   // the clipped g of that step
                gradientAndAfter[1] = trainer.model().store().values().toHost();
            }
        });
        float[] g = gradientAndAfter[0], after = gradientAndAfter[1];
        double worst = 0;
        double share = 0;   // mean of |g|/(|g|+ε): the mean |Δθ|/η this step must give
        for (int i = 0; i < g.length; i++) {
            // m̂ = g and v̂ = g² after bias correction: Δθ = −η g / (|g| + ε), η·sign(g) wherever |g| ≫ ε
            double expected = -LR * g[i] / (Math.abs(g[i]) + 1e-8);
            worst = Math.max(worst, Math.abs((after[i] - before[i]) - expected));
            share += Math.abs(g[i]) / (Math.abs(g[i]) + 1e-8) / g.length;
        }
        assertTrue(worst < 1e-7, "largest departure from −η·g/(|g|+ε): " + worst);
        assertTrue(share > 0.9, "most weights have a gradient: " + share);
        // the experiment's own measure of that step
        assertEquals(share, result.firstUpdate().get(Arm.WEIGHTS_ONLY), 1e-4);
        assertTrue(result.firstUpdate().get(Arm.PROPER) < 0.8 * result.firstUpdate().get(Arm.WEIGHTS_ONLY),
                "with its moments Adam takes smaller steps: " + result.firstUpdate());
    }

    @Test
    void properResumesFirstStepIsSmallerOnMostWeights() {
        float[] before = Checkpoints.load(checkpoint).model().store().values().toHost();
        float[] proper = firstStepWeights(Trainer.resume(Checkpoints.load(checkpoint), prepared.data(), K + 1));
        float[] reset = firstStepWeights(ResumeExperiment.weightsOnly(Checkpoints.load(checkpoint), prepared.data(), K + 1));
        int smaller = 0, moved = 0;
        for (int i = 0; i < before.length; i++) {
            double resetStep = Math.abs(reset[i] - before[i]);
            if (resetStep == 0) continue;
            moved++;
            if (Math.abs(proper[i] - before[i]) < resetStep) smaller++;
        }
        assertTrue(smaller > 0.8 * moved, smaller + " of " + moved + " weights take a smaller step with the saved moments");
    }

    private static float[] firstStepWeights(Trainer trainer) {
        trainer.run(e -> { }, new RunControl());
        return trainer.model().store().values().toHost();
    }

    @Test
    void eventsOfEachArmArriveInOrderAndACancelSkipsTheRest() {
        List<String> seen = new ArrayList<>();
        RunControl control = new RunControl();
        ResumeExperiment.Result stopped = new ResumeExperiment(checkpoint, prepared.data()).run(N, true, (arm, event) -> {
            if (event instanceof TrainingEvent.Started started) seen.add(arm + "@" + started.step());
            if (arm == Arm.WEIGHTS_ONLY && event instanceof TrainingEvent.Step step && step.step() == K + 2) control.cancel();
        }, control);
        assertEquals(List.of("PROPER@" + K, "WEIGHTS_ONLY@" + K), seen);
        assertTrue(stopped.cancelled());
        assertEquals(N, stopped.losses(Arm.PROPER).size());
        assertEquals(2, stopped.losses(Arm.WEIGHTS_ONLY).size());
        assertTrue(stopped.losses(Arm.UNINTERRUPTED).isEmpty());
        assertTrue(Double.isNaN(stopped.maxLossGap()));
    }

    @Test
    void aCheckpointOfAnotherCorpusIsRefusedWithItsName() {
        PreparedCorpus other = TrainFixtures.tiny("a short other text, repeated. ".repeat(40));
        TrainingException refused = assertThrows(TrainingException.class,
                () -> new ResumeExperiment(checkpoint, other.data()));
        assertTrue(refused.getMessage().contains("step8.ckpt") && refused.getMessage().contains("macbeth"),
                refused.getMessage());
    }
}
