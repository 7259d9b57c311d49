package org.slmworkshop.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.BatchSampler;
import org.slmworkshop.text.DocumentBatcher;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.text.WindowSampler;
import org.slmworkshop.util.Rng;

/**
 * One trainer for every model: batches, forward and backward, clipping, AdamW with a schedule,
 * evaluation on fixed batches, NaN detection, pause / resume / cancel between steps.
 */
public final class Trainer {
    /** Stream salts: one seed gives independent streams for batches, dropout and evaluation. */
    private static final long BATCH_SALT = 0x5EED_BA7CL;
    private static final long DROPOUT_SALT = 0x5EED_D50FL;
    private static final long EVAL_SALT = 0x5EED_E7A1L;

    private final LanguageModel model;
    private final TrainingConfig config;
    private final AdamW optimizer;
    private final int length;
    private final BatchSampler trainBatches;
    private final List<TokenBatch> trainEvalBatches;
    private final List<TokenBatch> validationEvalBatches;
    private final TrainingData data;
    private Rng batchRng;
    private Rng dropoutRng;
    private volatile int step;   // read by other threads (UI, tests) while a run goes on
    private long tokensSeen;
    private final List<LossPoint> history = new ArrayList<>();
    private boolean finalPerplexity = true;

    public Trainer(LanguageModel model, TrainingData data, TrainingConfig config) {
        this.model = model;
        this.config = config;
        this.data = data;
        this.length = model.config().contextLength();
        this.optimizer = new AdamW(model.store(), config.beta1(), config.beta2(), 1e-8, config.weightDecay());
        this.batchRng = new Rng(config.seed() ^ BATCH_SALT);
        this.dropoutRng = new Rng(config.seed() ^ DROPOUT_SALT);
        this.trainBatches = source(data.trainTokens(), data.trainDocuments(), data.padId());
        BatchSampler validation = source(data.validationTokens(), data.validationDocuments(), data.padId());
        Rng evalRng = new Rng(config.seed() ^ EVAL_SALT);
        this.trainEvalBatches = fixedBatches(trainBatches, evalRng);
        this.validationEvalBatches = fixedBatches(validation, evalRng);
    }

    private BatchSampler source(int[] tokens, List<int[]> documents, int padId) {
        if (config.batching() == TrainingConfig.Batching.DOCUMENTS) {
            return new DocumentBatcher(documents, length, config.batchSize(), padId);
        }
        return new WindowSampler(tokens, length, config.batchSize());
    }

    private List<TokenBatch> fixedBatches(BatchSampler source, Rng rng) {
        List<TokenBatch> batches = new ArrayList<>();
        for (int i = 0; i < config.evalBatches(); i++) batches.add(source.next(rng));
        return batches;
    }

    /**
     * A trainer that continues a checkpoint's run up to {@code totalSteps} steps in all. A weights-only checkpoint
     * has no AdamW state to restore and is refused; {@link ResumeExperiment#weightsOnly} continues it with fresh moments.
     */
    public static Trainer resume(Checkpoints.Loaded checkpoint, TrainingData data, int totalSteps) {
        if (checkpoint.weightsOnly()) {
            throw new TrainingException("The checkpoint holds weights only (" + checkpoint.precision().id()
                    + "): there is no AdamW state to resume; continue it with the optimizer reset (--reset-optimizer).");
        }
        if (totalSteps < checkpoint.state().step()) {
            throw new TrainingException("The checkpoint has already trained " + checkpoint.state().step()
                    + " steps; --steps is the run's total, so ask for more than that.");
        }
        Trainer trainer = new Trainer(checkpoint.model(), data, checkpoint.trainingConfig().withSteps(totalSteps));
        trainer.optimizer.restore(checkpoint.optimizerStep(), checkpoint.firstMoment(), checkpoint.secondMoment());
        trainer.restore(checkpoint.state());
        return trainer;
    }

    /** Leaves out the sliding-window pass over the validation split that ends a run (experiments that follow losses only). */
    public Trainer withoutFinalPerplexity() {
        finalPerplexity = false;
        return this;
    }

    public LanguageModel model() {
        return model;
    }

    public TrainingConfig config() {
        return config;
    }

    public TrainingData data() {
        return data;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public int step() {
        return step;
    }

    public TrainerState state() {
        return new TrainerState(step, tokensSeen, batchRng.state(), dropoutRng.state(), history);
    }

    /** Continues from a checkpoint's state (the weights and moments are restored by the caller). */
    public void restore(TrainerState state) {
        this.step = state.step();
        this.tokensSeen = state.tokensSeen();
        this.batchRng = Rng.fromState(state.batchRngState());
        this.dropoutRng = Rng.fromState(state.dropoutRngState());
        history.clear();
        history.addAll(state.history());
    }

    public List<LossPoint> history() {
        return List.copyOf(history);
    }

    /** Mean loss over fixed batches, in evaluation mode. */
    public static double meanLoss(LanguageModel model, List<TokenBatch> batches) {
        double total = 0;
        double weight = 0;
        for (TokenBatch batch : batches) {
            double w = 0;
            for (float m : batch.mask()) w += m;
            total += model.loss(batch) * w;
            weight += w;
        }
        return weight == 0 ? Double.NaN : total / weight;
    }

    private LossPoint evaluate() {
        double train = meanLoss(model, trainEvalBatches);
        double validation = meanLoss(model, validationEvalBatches);
        LossPoint point = new LossPoint(step, tokensSeen, train, validation);
        if (history.isEmpty() || history.get(history.size() - 1).step() != step) history.add(point);
        return point;
    }

    /**
     * Trains until {@code config.steps()} steps have been taken in total.
     *
     * @return the summary; also sent as a {@link TrainingEvent.Finished} event
     * @throws TrainingException when the loss stops being finite (after a Failed event)
     */
    public TrainingSummary run(Consumer<TrainingEvent> listener, RunControl control) {
        return run(listener, control, StepHook.NONE);
    }

    /** Trains as {@link #run(Consumer, RunControl)}, calling {@code hook} between steps (to save checkpoints). */
    public TrainingSummary run(Consumer<TrainingEvent> listener, RunControl control, StepHook hook) {
        int tokensPerStep = config.batchSize() * length;
        listener.accept(new TrainingEvent.Started(step, config.steps(), model.config().kind(), model.parameterCount(),
                model.config().vocabSize(), tokensPerStep));
        long start = System.nanoTime();
        int firstStep = step;
        double[] stepMillis = new double[Math.max(0, config.steps() - step)];
        double trainLoss = Double.NaN;
        boolean wasPaused = false;
        while (step < config.steps()) {
            if (control.isPaused()) {
                listener.accept(new TrainingEvent.Paused(step));
                wasPaused = true;
            }
            try {
                if (!control.awaitRunnable()) break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                control.cancel();
                break;
            }
            if (wasPaused) {
                listener.accept(new TrainingEvent.Resumed(step));
                wasPaused = false;
            }
            long t0 = System.nanoTime();
            double learningRate = config.learningRateAt(step);
            TokenBatch batch = trainBatches.next(batchRng);
            model.store().zeroGradients();
            trainLoss = model.lossAndGradients(batch, config.labelSmoothing(), dropoutRng);
            double gradientNorm = optimizer.clipGradients(config.gradientClip());
            if (!Double.isFinite(trainLoss) || !Double.isFinite(gradientNorm)) {
                String message = String.format("The loss became %s at step %d (learning rate %.2g). "
                        + "Training stopped; try a lower learning rate, for example %.2g.",
                        Double.isFinite(trainLoss) ? "unstable (gradient norm " + gradientNorm + ")" : String.valueOf(trainLoss),
                        step + 1, learningRate, config.learningRate() / 10);
                listener.accept(new TrainingEvent.Failed(step + 1, message));
                throw new TrainingException(message);
            }
            optimizer.step(learningRate);
            step++;
            tokensSeen += tokensPerStep;
            long t1 = System.nanoTime();
            stepMillis[step - firstStep - 1] = (t1 - t0) / 1e6;
            double elapsed = (t1 - start) / 1e9;
            listener.accept(new TrainingEvent.Step(step, tokensSeen, trainLoss, learningRate, gradientNorm,
                    (step - firstStep) * (double) tokensPerStep / elapsed, elapsed));
            LossPoint evaluation = null;
            if (config.evalEvery() > 0 && step % config.evalEvery() == 0 && step < config.steps()) {
                evaluation = evaluate();
                listener.accept(new TrainingEvent.Evaluated(step, tokensSeen, evaluation.trainLoss(),
                        evaluation.validationLoss(), Math.exp(evaluation.validationLoss())));
            }
            hook.afterStep(this, evaluation);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        boolean stopped = step < config.steps();   // only a cancel leaves the loop early
        if (stopped) {
            listener.accept(new TrainingEvent.Cancelled(step));
        }
        LossPoint last = evaluate();
        listener.accept(new TrainingEvent.Evaluated(step, tokensSeen, last.trainLoss(), last.validationLoss(),
                Math.exp(last.validationLoss())));
        hook.afterStep(this, last);
        int stride = config.perplexityStride() == 0 ? Math.max(1, length / 2) : config.perplexityStride();
        // a stopped run skips the full pass over the validation split: a stop should be quick
        double slidingPerplexity = stopped || !finalPerplexity ? Double.NaN
                : Perplexity.slidingWindow(model, data.validationTokens(), length, stride, config.batchSize()).perplexity();
        int taken = step - firstStep;
        double msPerStep = medianAfterWarmup(Arrays.copyOf(stepMillis, taken));
        TrainingSummary summary = new TrainingSummary(model.config().kind(), model.parameterCount(), step,
                last.trainLoss(), last.validationLoss(), Math.exp(last.validationLoss()), slidingPerplexity,
                taken == 0 ? 0 : taken * (double) tokensPerStep / (Arrays.stream(stepMillis, 0, taken).sum() / 1000),
                wall, msPerStep, Memory.peakRssMb(), stopped);
        listener.accept(new TrainingEvent.Finished(step, summary));
        return summary;
    }

    private static double medianAfterWarmup(double[] millis) {
        if (millis.length == 0) return 0;
        int skip = millis.length >= 10 ? millis.length / 10 : 0;
        double[] kept = Arrays.copyOfRange(millis, skip, millis.length);
        Arrays.sort(kept);
        return kept[kept.length / 2];
    }
}
