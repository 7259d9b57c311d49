package org.slmworkshop.train;

/**
 * Everything about a run except the model: optimiser, schedule, batching, evaluation and seed.
 * nanoGPT's Shakespeare CPU run is 2000 steps of batch 12, lr 1e-3 → 1e-4 cosine, 100 warm-up,
 * β2 0.99, weight decay 0.1, clip 1.0.
 *
 * @param steps          total steps of the run; a resumed run continues up to this count
 * @param evalEvery      evaluate train and validation loss every this many steps (0: only at the end)
 * @param evalBatches    fixed batches per split used for every evaluation
 * @param perplexityStride stride of the final sliding-window perplexity (0: half the context)
 */
public record TrainingConfig(int steps, int batchSize, double learningRate, double minLearningRate,
                             int warmupSteps, int decaySteps, Schedule schedule, double beta1, double beta2,
                             double weightDecay, double gradientClip, double labelSmoothing, Batching batching,
                             int evalEvery, int evalBatches, int perplexityStride, long seed) {
    /** Random windows of the token stream (nanoGPT's get_batch), or whole padded documents with a mask. */
    public enum Batching { WINDOWS, DOCUMENTS }

    public TrainingConfig {
        check(steps >= 1, "steps must be at least 1, got " + steps);
        check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        check(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be positive, got " + learningRate);
        check(minLearningRate >= 0 && minLearningRate <= learningRate,
                "minimum learning rate must be in [0, learning rate], got " + minLearningRate);
        check(warmupSteps >= 0, "warm-up steps must be ≥ 0, got " + warmupSteps);
        check(decaySteps >= 0, "decay steps must be ≥ 0, got " + decaySteps);
        check(beta1 >= 0 && beta1 < 1, "β1 must be in [0, 1), got " + beta1);
        check(beta2 >= 0 && beta2 < 1, "β2 must be in [0, 1), got " + beta2);
        check(weightDecay >= 0, "weight decay must be ≥ 0, got " + weightDecay);
        check(gradientClip >= 0, "gradient clip must be ≥ 0 (0 disables it), got " + gradientClip);
        check(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0, 1), got " + labelSmoothing);
        check(evalEvery >= 0, "eval interval must be ≥ 0, got " + evalEvery);
        check(evalBatches >= 1, "eval batches must be at least 1, got " + evalBatches);
        check(perplexityStride >= 0, "perplexity stride must be ≥ 0, got " + perplexityStride);
        if (schedule == null) throw new IllegalArgumentException("schedule is required");
        if (batching == null) throw new IllegalArgumentException("batching is required");
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }

    /** nanoGPT's defaults, scaled to the given step count. */
    public static TrainingConfig defaults(int steps, long seed) {
        return new TrainingConfig(steps, 12, 1e-3, 1e-4, defaultWarmup(steps), steps, Schedule.COSINE,
                0.9, 0.99, 0.1, 1.0, 0.0, Batching.WINDOWS, defaultEvalEvery(steps), 20, 0, seed);
    }

    /** The peak learning rate each model kind trains well with here (CLI, labs and lessons share it). */
    public static double defaultLearningRate(String modelKind) {
        return switch (modelKind) {
            case "bigram" -> 3e-2;
            case "lowrank" -> 1e-2;
            default -> 1e-3;
        };
    }

    /** AdamW decay: nanoGPT's 0.1 for the GPT, none for the bigram and low-rank tables. */
    public static double defaultWeightDecay(String modelKind) {
        return "gpt".equals(modelKind) ? 0.1 : 0.0;
    }

    public static int defaultWarmup(int steps) {
        return Math.min(100, steps / 10);
    }

    public static int defaultEvalEvery(int steps) {
        return Math.max(1, steps / 10);
    }

    public double learningRateAt(int step) {
        return schedule.rate(step, learningRate, minLearningRate, warmupSteps, decaySteps == 0 ? steps : decaySteps);
    }

    public TrainingConfig withSteps(int newSteps) {
        return new TrainingConfig(newSteps, batchSize, learningRate, minLearningRate, warmupSteps, decaySteps, schedule,
                beta1, beta2, weightDecay, gradientClip, labelSmoothing, batching, evalEvery, evalBatches,
                perplexityStride, seed);
    }
}
