package org.slmworkshop.ui.lab.lowrank;

import java.util.Map;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.TrainingConfig;

/**
 * How the ladder trains each rung: the {@code train} command's defaults for the low-rank and bigram
 * models (batch 12, context 64, lr 1e-2 or 3e-2 with cosine decay to a tenth, no weight decay,
 * dropout 0.1 for low rank, seed 1337), overridden by the lesson's hyperparameters.
 */
record RunSettings(int steps, int context, int batch, Double learningRate, Double minLearningRate, Integer warmup,
                   double dropout, double clip, int evalBatches, long seed) {

    static final RunSettings DEFAULTS = new RunSettings(600, 64, 12, null, null, null, 0.1, 1.0, 20, 1337);

    RunSettings {
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        if (context < 1) throw new IllegalArgumentException("context must be at least 1, got " + context);
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }

    /** The lesson's hyperparameters (camelCase names of the train command's options) over the defaults. */
    static RunSettings from(Map<String, Object> hyperparameters) {
        RunSettings d = DEFAULTS;
        return new RunSettings(integer(hyperparameters, "steps", d.steps), integer(hyperparameters, "context", d.context),
                integer(hyperparameters, "batch", d.batch), decimal(hyperparameters, "lr", null),
                decimal(hyperparameters, "minLr", null),
                hyperparameters.containsKey("warmup") ? integer(hyperparameters, "warmup", 0) : null,
                decimal(hyperparameters, "dropout", d.dropout), decimal(hyperparameters, "clip", d.clip),
                integer(hyperparameters, "evalBatches", d.evalBatches), whole(hyperparameters, "seed", d.seed));
    }

    RunSettings withSteps(int newSteps) {
        return new RunSettings(newSteps, context, batch, learningRate, minLearningRate, warmup, dropout, clip,
                evalBatches, seed);
    }

    ModelConfig lowRank(int vocabSize, int rank) {
        return new LowRankConfig(vocabSize, rank, dropout, context);
    }

    ModelConfig bigram(int vocabSize) {
        return new BigramConfig(vocabSize, context);
    }

    /** As {@code train --model <kind>} builds it. */
    TrainingConfig training(String modelKind) {
        double lr = learningRate != null ? learningRate : TrainingConfig.defaultLearningRate(modelKind);
        return new TrainingConfig(steps, batch, lr, minLearningRate != null ? minLearningRate : lr / 10,
                warmup != null ? warmup : TrainingConfig.defaultWarmup(steps), steps, Schedule.COSINE, 0.9, 0.99,
                TrainingConfig.defaultWeightDecay(modelKind), clip, 0.0, TrainingConfig.Batching.WINDOWS,
                TrainingConfig.defaultEvalEvery(steps), evalBatches, 0, seed);
    }

    private static int integer(Map<String, Object> values, String key, int fallback) {
        Object value = values.get(key);
        if (value == null) return fallback;
        if (value instanceof Number number) return number.intValue();
        return Integer.parseInt(value.toString().trim());
    }

    private static long whole(Map<String, Object> values, String key, long fallback) {
        Object value = values.get(key);
        if (value == null) return fallback;
        if (value instanceof Number number) return number.longValue();
        return Long.parseLong(value.toString().trim());
    }

    private static Double decimal(Map<String, Object> values, String key, Double fallback) {
        Object value = values.get(key);
        if (value == null) return fallback;
        if (value instanceof Number number) return number.doubleValue();
        return Double.parseDouble(value.toString().trim());
    }
}
