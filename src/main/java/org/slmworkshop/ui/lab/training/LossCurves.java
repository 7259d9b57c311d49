package org.slmworkshop.ui.lab.training;

import java.util.Arrays;
import java.util.List;
import org.slmworkshop.train.LossPoint;
import org.slmworkshop.train.TrainingEvent;

/**
 * The numbers behind a loss chart, kept as plain growing arrays: the training loss of every step,
 * its smoothed curve, and the evaluations (train and validation loss on fixed batches). Knows
 * nothing of JavaFX, so the chart can redraw from it at any rate and tests can read it directly.
 */
public final class LossCurves {
    /** The smoothed curve averages over about this fraction of the run's steps. */
    private static final double SMOOTHING_SPAN = 0.01;

    /** Which quantity runs along the x axis. */
    public enum XAxis { STEPS, TOKENS }

    /** One growing series of (step, tokens, value) triples. */
    public static final class Series {
        private double[] steps = new double[256];
        private double[] tokens = new double[256];
        private double[] values = new double[256];
        private int size;

        void add(double step, double tokensSeen, double value) {
            if (size == steps.length) {
                int capacity = size * 2;
                steps = Arrays.copyOf(steps, capacity);
                tokens = Arrays.copyOf(tokens, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            steps[size] = step;
            tokens[size] = tokensSeen;
            values[size] = value;
            size++;
        }

        void clear() {
            size = 0;
        }

        public int size() {
            return size;
        }

        /** The x values (steps or tokens seen) of points {@code from} until the end. */
        public double[] x(XAxis axis, int from) {
            return Arrays.copyOfRange(axis == XAxis.STEPS ? steps : tokens, from, size);
        }

        public double[] values(int from) {
            return Arrays.copyOfRange(values, from, size);
        }

        public double value(int index) {
            return values[index];
        }

        public double step(int index) {
            return steps[index];
        }

        public double last() {
            return size == 0 ? Double.NaN : values[size - 1];
        }
    }

    private final Series trainSteps = new Series();
    private final Series smoothed = new Series();
    private final Series trainEvaluations = new Series();
    private final Series validation = new Series();
    private double movingAverage;
    private int averaged;
    private double smoothing = 0.9;

    public void clear() {
        trainSteps.clear();
        smoothed.clear();
        trainEvaluations.clear();
        validation.clear();
        movingAverage = 0;
        averaged = 0;
    }

    /** Adds what a batch of events says about the losses; other events are ignored. */
    public void accept(List<TrainingEvent> events) {
        for (TrainingEvent event : events) {
            if (event instanceof TrainingEvent.Started started) {
                smoothingFor(started.totalSteps());
            } else if (event instanceof TrainingEvent.Step step) {
                addStep(step.step(), step.tokensSeen(), step.trainLoss());
            } else if (event instanceof TrainingEvent.Evaluated evaluated) {
                addEvaluation(evaluated.step(), evaluated.tokensSeen(), evaluated.trainLoss(), evaluated.validationLoss());
            }
        }
    }

    /** The evaluations a checkpoint remembers (it keeps no per-step losses). */
    public void addHistory(List<LossPoint> history) {
        for (LossPoint point : history) {
            addEvaluation(point.step(), point.tokensSeen(), point.trainLoss(), point.validationLoss());
        }
    }

    /**
     * An exponential moving average whose memory is about 1% of the run (at least 2 steps, weight at
     * most 0.97), so short and long runs both get a curve that follows the trend without its noise.
     */
    void smoothingFor(int totalSteps) {
        smoothing = Math.min(0.97, 1 - 1 / Math.max(2, SMOOTHING_SPAN * totalSteps));
    }

    double smoothing() {
        return smoothing;
    }

    /** Adds one step's loss; the smoothed value is bias-corrected, so it starts at the first loss. */
    void addStep(int step, long tokensSeen, double loss) {
        if (!Double.isFinite(loss)) return;
        trainSteps.add(step, tokensSeen, loss);
        averaged++;
        movingAverage = smoothing * movingAverage + (1 - smoothing) * loss;
        smoothed.add(step, tokensSeen, movingAverage / (1 - Math.pow(smoothing, averaged)));
    }

    void addEvaluation(int step, long tokensSeen, double trainLoss, double validationLoss) {
        // a resumed run evaluates again at the step its checkpoint ended on: keep one point per step
        if (validation.size() > 0 && validation.step(validation.size() - 1) == step) return;
        if (Double.isFinite(trainLoss)) trainEvaluations.add(step, tokensSeen, trainLoss);
        if (Double.isFinite(validationLoss)) validation.add(step, tokensSeen, validationLoss);
    }

    public Series trainSteps() {
        return trainSteps;
    }

    public Series smoothed() {
        return smoothed;
    }

    public Series trainEvaluations() {
        return trainEvaluations;
    }

    public Series validation() {
        return validation;
    }

    public boolean isEmpty() {
        return trainSteps.size() == 0 && validation.size() == 0;
    }
}
