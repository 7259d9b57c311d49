package org.slmworkshop.train;

/** What a training run reports, in order; the UI and the CLI consume the same stream. */
public sealed interface TrainingEvent {
    int step();

    record Started(int step, int totalSteps, String model, long parameters, int vocabSize, int tokensPerStep)
            implements TrainingEvent {}

    /** After each optimizer step; {@code step} counts completed steps. */
    record Step(int step, long tokensSeen, double trainLoss, double learningRate, double gradientNorm,
                double tokensPerSecond, double elapsedSeconds) implements TrainingEvent {}

    /** Loss on the fixed evaluation batches. */
    record Evaluated(int step, long tokensSeen, double trainLoss, double validationLoss, double validationPerplexity)
            implements TrainingEvent {}

    record Paused(int step) implements TrainingEvent {}

    record Resumed(int step) implements TrainingEvent {}

    record Finished(int step, TrainingSummary summary) implements TrainingEvent {}

    record Cancelled(int step) implements TrainingEvent {}

    /** A checkpoint was written during the run: every N steps, or at a new best validation loss. */
    record Saved(int step, String path, boolean best) implements TrainingEvent {}

    /** The run stopped on an error (a NaN loss, for example); the message is meant for the learner. */
    record Failed(int step, String message) implements TrainingEvent {}
}
