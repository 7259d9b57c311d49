package org.slmworkshop.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.train.LossPoint;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingSummary;

/**
 * What an exercise may read of the learner's own last run: what was trained, on what, with which
 * settings, its evaluations so far and, once it is over, its summary.
 *
 * @param model    "bigram", "lowrank" or "gpt"
 * @param corpus   the corpus id (a shipped id, or a path for a corpus of one's own)
 * @param settings the run's hyperparameters by their lesson names (steps, rank, dropout, lr, ...)
 * @param step     the last step reached
 * @param summary  null until the run is over
 */
public record RunFacts(String model, String corpus, String tokenizer, Map<String, Double> settings,
                       List<LossPoint> history, Status status, int step, TrainingSummary summary) {
    public enum Status { RUNNING, FINISHED, STOPPED, FAILED }

    public RunFacts {
        settings = Map.copyOf(settings);
        history = List.copyOf(history);
    }

    /** The facts of a run from its configuration and the events it has sent so far, oldest first. */
    public static RunFacts of(ModelConfig modelConfig, TrainingConfig training, String corpus, String tokenizer,
                              List<TrainingEvent> events) {
        Map<String, Double> settings = new LinkedHashMap<>();
        settings.put("steps", (double) training.steps());
        settings.put("batch", (double) training.batchSize());
        settings.put("lr", training.learningRate());
        settings.put("seed", (double) training.seed());
        settings.put("context", (double) modelConfig.contextLength());
        if (modelConfig instanceof LowRankConfig lowRank) {
            settings.put("rank", (double) lowRank.rank());
            settings.put("dropout", lowRank.dropout());
        } else if (modelConfig instanceof GptConfig gpt) {
            settings.put("layers", (double) gpt.layers());
            settings.put("heads", (double) gpt.heads());
            settings.put("dim", (double) gpt.width());
            settings.put("dropout", gpt.dropout());
        } else {
            settings.put("dropout", 0.0);
        }
        List<LossPoint> history = new ArrayList<>();
        Status status = Status.RUNNING;
        boolean cancelled = false;
        int step = 0;
        TrainingSummary summary = null;
        for (TrainingEvent event : events) {
            step = Math.max(step, event.step());
            if (event instanceof TrainingEvent.Evaluated e) {
                history.add(new LossPoint(e.step(), e.tokensSeen(), e.trainLoss(), e.validationLoss()));
            } else if (event instanceof TrainingEvent.Cancelled) {
                cancelled = true;
            } else if (event instanceof TrainingEvent.Finished f) {
                summary = f.summary();
                status = cancelled || f.summary().stopped() ? Status.STOPPED : Status.FINISHED;
            } else if (event instanceof TrainingEvent.Failed) {
                status = Status.FAILED;
            }
        }
        return new RunFacts(modelConfig.kind(), corpus, tokenizer, settings, history, status, step, summary);
    }
}
