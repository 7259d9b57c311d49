package org.slmworkshop.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.util.Rng;

/**
 * Lesson 9's experiment: from one checkpoint at step k, train N more steps three ways and compare the losses.
 * <ul>
 *   <li>{@link Arm#PROPER}: everything restored, as {@code train --resume};</li>
 *   <li>{@link Arm#WEIGHTS_ONLY}: the weights, but AdamW's moments at zero and its step count at 0. The schedule
 *       position and the random state (which batches come next) are kept, so the optimizer state is the only
 *       difference from the proper resume: every gap between the two curves is Adam's lost memory;</li>
 *   <li>{@link Arm#UNINTERRUPTED}: the checkpoint's own run replayed from step 0 (same config, same seed) straight
 *       through to k + N, to show that a proper resume lies exactly on it.</li>
 * </ul>
 * All three draw the same batches, so their per-step losses differ only by the weights.
 */
public final class ResumeExperiment {
    /** The three continuations, in the order they run. */
    public enum Arm {
        PROPER("proper resume"), WEIGHTS_ONLY("weights only (moments reset)"), UNINTERRUPTED("uninterrupted run");

        private final String label;

        Arm(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Receives each arm's training events as they happen (on the experiment's thread). */
    @FunctionalInterface
    public interface Listener {
        void accept(Arm arm, TrainingEvent event);
    }

    /**
     * What the experiment measured.
     *
     * @param losses                 per arm, the training loss of steps k+1 … k+N (the uninterrupted arm's too; its
     *                               earlier steps went to the listener); an arm stopped early has fewer, one not run none
     * @param maxLossGap             max |loss(proper) − loss(uninterrupted)| over the steps both took; NaN without replay
     * @param finalWeightGap         max |θ(proper) − θ(uninterrupted)| after the last step; NaN without a full replay
     * @param replayCheckpointGap    max |θ| difference between the replay at step k and the checkpoint's weights: 0
     *                               when the replay reproduces the saved run (same machine and thread count), NaN
     *                               when the replay did not reach step k
     * @param firstUpdate            per arm, the mean over all weights of |Δθ| / η in the first step after the
     *                               resume (η that step's learning rate); Adam's first step from zero moments gives
     *                               about 1 for every weight with a gradient
     */
    public record Result(int resumeStep, int extraSteps, Map<Arm, List<Double>> losses, double maxLossGap,
                         double finalWeightGap, double replayCheckpointGap, Map<Arm, Double> firstUpdate,
                         boolean cancelled) {
        public Result {
            losses = Map.copyOf(losses);
            firstUpdate = Map.copyOf(firstUpdate);
        }

        public List<Double> losses(Arm arm) {
            return losses.getOrDefault(arm, List.of());
        }

        /** loss(weights only) − loss(proper) at each step both arms took. */
        public List<Double> resetGap() {
            List<Double> proper = losses(Arm.PROPER), reset = losses(Arm.WEIGHTS_ONLY);
            List<Double> gap = new ArrayList<>();
            for (int i = 0; i < Math.min(proper.size(), reset.size()); i++) gap.add(reset.get(i) - proper.get(i));
            return gap;
        }

        /** True when the proper resume and the replay agree at every step and in the final weights, exactly. */
        public boolean resumeIsExact() {
            return maxLossGap == 0 && finalWeightGap == 0;
        }
    }

    private final Path checkpoint;
    private final Checkpoints.Loaded reference;
    private final TrainingData data;

    /** An experiment on {@code checkpoint}'s run, training on {@code data} (the checkpoint's own corpus and split). */
    public ResumeExperiment(Path checkpoint, TrainingData data) {
        this.checkpoint = checkpoint;
        this.reference = Checkpoints.load(checkpoint);
        this.data = data;
        requireOptimizerState(checkpoint, reference);
        if (!reference.corpusSha256().equals(data.corpusSha256())) {
            throw new TrainingException("The checkpoint " + checkpoint.getFileName() + " was trained on '"
                    + reference.corpusId() + "', not on '" + data.corpusId() + "'; the experiment needs the same text.");
        }
    }

    /** An experiment on the corpus the checkpoint records, refused when that text changed since (by SHA-256). */
    public static ResumeExperiment forCheckpoint(Path checkpoint) {
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        requireOptimizerState(checkpoint, loaded);
        Corpus corpus = loaded.loadCorpus();
        if (!corpus.sha256().equals(loaded.corpusSha256())) {
            throw new TrainingException("The checkpoint " + checkpoint.getFileName() + " was trained on '"
                    + loaded.corpusId() + "' (SHA-256 " + loaded.corpusSha256().substring(0, 12) + "…), but that text"
                    + " now has SHA-256 " + corpus.sha256().substring(0, 12) + "…; the run cannot continue on the same text.");
        }
        PreparedCorpus prepared = PreparedCorpus.prepare(corpus, loaded.split(), Tokenizers.restore(loaded.tokenizerState()));
        return new ResumeExperiment(checkpoint, prepared.data());
    }

    /** The experiment compares a proper resume with a reset one: a weights-only checkpoint has nothing to restore. */
    private static void requireOptimizerState(Path checkpoint, Checkpoints.Loaded loaded) {
        if (loaded.weightsOnly()) {
            throw new TrainingException("The checkpoint " + checkpoint.getFileName() + " holds weights only ("
                    + loaded.precision().id() + "), with no AdamW state, so there is no proper resume to compare;"
                    + " run the experiment on the full checkpoint it was slimmed from.");
        }
    }

    public int resumeStep() {
        return reference.state().step();
    }

    public String modelKind() {
        return reference.model().config().kind();
    }

    public long parameterCount() {
        return reference.model().parameterCount();
    }

    public TrainingConfig trainingConfig() {
        return reference.trainingConfig();
    }

    /** The evaluations the checkpoint's run recorded up to step k. */
    public List<LossPoint> history() {
        return reference.state().history();
    }

    /**
     * A trainer that continues from the checkpoint's weights with a fresh AdamW (zero moments, step count 0) and
     * everything else restored: schedule position, batch and dropout random state, history.
     */
    public static Trainer weightsOnly(Checkpoints.Loaded checkpoint, TrainingData data, int totalSteps) {
        if (totalSteps < checkpoint.state().step()) {
            throw new TrainingException("The checkpoint has already trained " + checkpoint.state().step()
                    + " steps; --steps is the run's total, so ask for more than that.");
        }
        Trainer trainer = new Trainer(checkpoint.model(), data, checkpoint.trainingConfig().withSteps(totalSteps));
        trainer.restore(checkpoint.state());
        return trainer;
    }

    /**
     * Runs the arms one after another: proper resume, weights only, then (when {@code replay}) the uninterrupted
     * run from step 0. A cancel stops the arm in progress and skips the rest.
     */
    public Result run(int extraSteps, boolean replay, Listener listener, RunControl control) {
        if (extraSteps < 1) throw new IllegalArgumentException("steps after the resume must be at least 1, got " + extraSteps);
        int k = resumeStep();
        int total = k + extraSteps;
        TrainingConfig quiet = quiet(reference.trainingConfig().withSteps(total));
        float[] saved = reference.model().store().values().toHost();
        Map<Arm, List<Double>> losses = new EnumMap<>(Arm.class);
        Map<Arm, Double> firstUpdate = new EnumMap<>(Arm.class);
        Map<Arm, float[]> finalWeights = new EnumMap<>(Arm.class);
        double[] replayGap = {Double.NaN};

        for (Arm arm : Arm.values()) {
            if (control.isCancelled() || (arm == Arm.UNINTERRUPTED && !replay)) break;
            Trainer trainer = switch (arm) {
                case PROPER -> continued(Checkpoints.load(checkpoint), quiet, true);
                case WEIGHTS_ONLY -> continued(Checkpoints.load(checkpoint), quiet, false);
                case UNINTERRUPTED -> new Trainer(freshModel(), data, quiet).withoutFinalPerplexity();
            };
            List<Double> armLosses = new ArrayList<>();
            StepHook hook = (t, evaluation) -> {
                if (t.step() == k && arm == Arm.UNINTERRUPTED && Double.isNaN(replayGap[0])) {
                    replayGap[0] = maxAbsDifference(t.model().store().values().toHost(), saved);
                }
                if (t.step() == k + 1 && !firstUpdate.containsKey(arm)) {
                    double rate = quiet.learningRateAt(k);
                    firstUpdate.put(arm, meanAbsDifference(t.model().store().values().toHost(), saved) / rate);
                }
            };
            trainer.run(event -> {
                if (event instanceof TrainingEvent.Step step && step.step() > k) armLosses.add(step.trainLoss());
                listener.accept(arm, event);
            }, control, hook);
            losses.put(arm, armLosses);
            finalWeights.put(arm, trainer.model().store().values().toHost());
        }

        double lossGap = Double.NaN, weightGap = Double.NaN;
        List<Double> proper = losses.get(Arm.PROPER), straight = losses.get(Arm.UNINTERRUPTED);
        if (proper != null && straight != null) {
            lossGap = 0;
            for (int i = 0; i < Math.min(proper.size(), straight.size()); i++) {
                lossGap = Math.max(lossGap, Math.abs(proper.get(i) - straight.get(i)));
            }
            if (proper.size() == extraSteps && straight.size() == extraSteps) {
                weightGap = maxAbsDifference(finalWeights.get(Arm.PROPER), finalWeights.get(Arm.UNINTERRUPTED));
            }
        }
        return new Result(k, extraSteps, losses, lossGap, weightGap, replayGap[0], firstUpdate, control.isCancelled());
    }

    /** The checkpoint's model as its run began: same configuration, initialised from the run's seed. */
    private LanguageModel freshModel() {
        return Models.create(reference.model().config(), new Rng(reference.trainingConfig().seed()));
    }

    /**
     * The run's config with evaluation reduced to the end: evaluations use their own fixed batches and never touch
     * the weights or the training random state, so leaving them out changes no step.
     */
    private static TrainingConfig quiet(TrainingConfig c) {
        return new TrainingConfig(c.steps(), c.batchSize(), c.learningRate(), c.minLearningRate(), c.warmupSteps(),
                c.decaySteps() == 0 ? c.steps() : c.decaySteps(), c.schedule(), c.beta1(), c.beta2(), c.weightDecay(),
                c.gradientClip(), c.labelSmoothing(), c.batching(), 0, 2, c.perplexityStride(), c.seed());
    }

    /** A trainer at the checkpoint's step, with AdamW's saved state or (not {@code withMoments}) a fresh one. */
    private Trainer continued(Checkpoints.Loaded loaded, TrainingConfig config, boolean withMoments) {
        Trainer trainer = new Trainer(loaded.model(), data, config).withoutFinalPerplexity();
        if (withMoments) trainer.optimizer().restore(loaded.optimizerStep(), loaded.firstMoment(), loaded.secondMoment());
        trainer.restore(loaded.state());
        return trainer;
    }

    static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    static double meanAbsDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
        return sum / a.length;
    }
}
