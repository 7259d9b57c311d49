package org.slmworkshop.ui.lab.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.TrainingConfig;

class RunPlanTest {
    private static LabSettings lab(String corpus, String tokenizer, String model, Map<String, Object> hyperparameters) {
        return new LabSettings(Lab.TRAINING, corpus, tokenizer, null, model, hyperparameters, null, null, null, null,
                null, null, null);
    }

    @Test
    void the_bigram_lesson_trains_what_the_cli_would_with_steps_600_and_lr_003() {
        RunPlan plan = RunPlan.fromLesson(lab("dickens", "char", "bigram", Map.of("steps", 600, "lr", 0.03)), "macbeth");
        // train --model bigram --steps 600 --lr 0.03: context 64, batch 12, min-lr lr/10, warm-up min(100, 60), no decay
        TrainingConfig expected = new TrainingConfig(600, 12, 0.03, 0.003, 60, 600, Schedule.COSINE, 0.9, 0.99, 0.0,
                1.0, 0.0, TrainingConfig.Batching.WINDOWS, 60, 20, 0, 1337);
        assertEquals(expected, plan.trainingConfig());
        assertEquals(new BigramConfig(79, 64), plan.modelConfig(79));
        assertEquals(TokenizerSpec.defaults("char"), plan.tokenizer());
        assertEquals("Bigram on dickens (char)", plan.title());
    }

    @Test
    void the_gpt_lesson_gives_nanogpts_small_model_of_805888_parameters() {
        RunPlan plan = RunPlan.fromLesson(lab("dickens", "char", "gpt", Map.ofEntries(Map.entry("steps", 2000),
                Map.entry("context", 64), Map.entry("batch", 12), Map.entry("layers", 4), Map.entry("heads", 4),
                Map.entry("dim", 128), Map.entry("dropout", 0), Map.entry("lr", 0.001), Map.entry("minLr", 0.0001),
                Map.entry("warmup", 100), Map.entry("schedule", "cosine"))), "dickens");
        assertEquals(new GptConfig(79, 64, 128, 4, 4, 0.0, false, true), plan.modelConfig(79));
        assertEquals(805_888, plan.modelConfig(79).parameterCount());
        TrainingConfig config = plan.trainingConfig();
        assertEquals(0.1, config.weightDecay(), "the CLI's GPT weight decay");
        assertEquals(100, config.warmupSteps());
        assertEquals(0.00055, config.learningRateAt(1050), 1e-9, "the lesson's cosine midpoint exercise");
    }

    @Test
    void left_out_values_take_each_model_kinds_cli_defaults() {
        RunPlan lowRank = RunPlan.fromLesson(lab(null, null, "lowrank", Map.of("steps", 600, "rank", 16)), "macbeth");
        assertEquals("macbeth", lowRank.corpus(), "no corpus in the lesson: the fallback");
        assertEquals("char", lowRank.tokenizer().kind(), "macbeth's manifest tokenizer");
        assertEquals(new LowRankConfig(79, 16, 0.1, 64), lowRank.modelConfig(79));
        assertEquals(1e-2, lowRank.lr());
        assertEquals(0.0, lowRank.weightDecay());
        RunPlan gpt = RunPlan.fromLesson(lab("genia", null, null, Map.of()), "dickens");
        assertEquals("bpe", gpt.tokenizer().kind(), "genia's manifest tokenizer");
        assertEquals(RunPlan.GPT, gpt.model());
        assertEquals(RunPlan.DEFAULT_STEPS, gpt.steps());
    }

    @Test
    void a_bad_combination_is_explained_in_the_engines_own_words() {
        RunPlan plan = RunPlan.fromLesson(lab("dickens", "char", "gpt", Map.of("heads", 3, "dim", 128)), "dickens");
        String problem = plan.problem(0);
        assertTrue(problem.contains("multiple of heads"), problem);
        RunPlan fine = RunPlan.fromLesson(lab("dickens", "char", "gpt", Map.of()), "dickens");
        assertNull(fine.problem(0));
        RunPlan badRate = RunPlan.fromLesson(lab("dickens", "char", "gpt", Map.of("lr", 0.001, "minLr", 0.01)), "dickens");
        assertTrue(badRate.problem(79).contains("minimum learning rate"), badRate.problem(79));
    }
}
