package org.slmworkshop.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.lesson.Exercise.Check;
import org.slmworkshop.lesson.Exercise.Comparison;
import org.slmworkshop.lesson.RunQuestion.Reading;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingSummary;

/** Measured and predict-then-run exercises: parsing with file:line problems, matching a run, the comparison. */
class RunExercisesTest {
    @TempDir
    Path root;

    private static final String LESSON = """
            ---
            title: The bigram model
            labs:
              - lab: training
                model: bigram
            exercises:
              - id: your-loss
                question: What validation loss did your run reach?
                answer:
                  kind: measured
                  run: {model: bigram, corpus: dickens, tokenizer: char, steps: 600, lr: 0.03}
                  quantity: validationLoss
                  tolerance: 0.01
                expect: About 2.46.
              - id: predict-dropout
                question: Below or above 2.483?
                answer:
                  kind: predict
                  run: {model: lowrank, corpus: dickens, steps: 600, rank: 16, dropout: 0.3}
                  quantity: validationLoss
                  options: [below, above]
                  threshold: 2.483
                expect: Above.
              - id: predict-number
                question: Predict the training loss at step 300.
                answer: {kind: predict, run: {model: bigram, steps: 600}, quantity: trainLoss, step: 300, tolerance: 0.05}
            ---
            # Text
            """;

    private static final RunQuestion BIGRAM_600 = new RunQuestion("bigram", "dickens", "char",
            Map.of("steps", 600.0, "lr", 0.03), RunQuestion.Quantity.VALIDATION_LOSS, null);

    private List<Problem> load(String text) throws Exception {
        Path folder = Files.createDirectories(root.resolve("lessons"));
        Files.writeString(folder.resolve("03-x.md"), text);
        return Lessons.load(folder).problems();
    }

    private static TrainingSummary summary(double train, double validation, boolean stopped) {
        return new TrainingSummary("bigram", 6241, 600, train, validation, Math.exp(validation), Double.NaN, 1e4, 3.0,
                4.5, -1, stopped);
    }

    /** The events of a 600-step bigram on dickens evaluated every 60 steps, validation 4.0 − step/300. */
    private static List<TrainingEvent> bigramEvents(int lastStep, boolean finish, boolean cancel) {
        List<TrainingEvent> events = new ArrayList<>();
        events.add(new TrainingEvent.Started(0, 600, "bigram", 6241, 79, 768));
        for (int step = 60; step <= lastStep; step += 60) {
            events.add(new TrainingEvent.Step(step, step * 768L, 3.0, 0.03, 1.0, 1e4, step / 100.0));
            double validation = 4.0 - step / 300.0;
            events.add(new TrainingEvent.Evaluated(step, step * 768L, validation + 0.01, validation, Math.exp(validation)));
        }
        if (cancel) events.add(new TrainingEvent.Cancelled(lastStep));
        if (finish) events.add(new TrainingEvent.Finished(lastStep, summary(2.4412, 2.4563, cancel)));
        return events;
    }

    private static RunFacts bigram(int lastStep, boolean finish, boolean cancel) {
        TrainingConfig training = new TrainingConfig(600, 12, 0.03, 0.003, 60, 600, org.slmworkshop.train.Schedule.COSINE,
                0.9, 0.99, 0.0, 1.0, 0.0, TrainingConfig.Batching.WINDOWS, 60, 20, 0, 1337);
        return RunFacts.of(new BigramConfig(79, 64), training, "dickens", "char", bigramEvents(lastStep, finish, cancel));
    }

    @Test
    void measuredAndPredictExercisesReadWithTheirRunAndQuantity() throws Exception {
        List<Problem> problems = load(LESSON);
        assertTrue(problems.isEmpty(), problems.toString());
        Lesson lesson = Lessons.load(root.resolve("lessons")).lessons().get(0);
        Exercise measured = lesson.exercises().get(0);
        assertEquals(Exercise.Answer.Kind.MEASURED, measured.answer().kind());
        assertEquals(BIGRAM_600, measured.answer().run());
        assertEquals(0.01, measured.answer().tolerance());
        assertTrue(measured.isCheckable());
        Exercise choice = lesson.exercises().get(1);
        assertEquals(Exercise.Answer.Kind.PREDICT, choice.answer().kind());
        assertEquals(List.of("below", "above"), choice.answer().options());
        assertEquals(2.483, choice.answer().threshold());
        assertEquals(Map.of("steps", 600.0, "rank", 16.0, "dropout", 0.3), choice.answer().run().settings());
        assertEquals("a 600-step low-rank model (rank 16, dropout 0.3) on dickens", choice.answer().run().describeRun());
        Exercise number = lesson.exercises().get(2);
        assertEquals(300, number.answer().run().step());
        assertEquals(RunQuestion.Quantity.TRAIN_LOSS, number.answer().run().quantity());
        assertEquals("training loss at step 300", number.answer().run().describeQuantity());
        assertFalse(number.isCheckable(), "a prediction is compared, not checked");
    }

    @Test
    void badRunExercisesAreProblemsOnTheirLines() throws Exception {
        Path file = root.resolve("lessons/03-x.md");
        List<String> found = load(LESSON
                .replace("quantity: validationLoss\n      tolerance: 0.01", "quantity: loss\n      tolerance: 0.01") // line 12
                .replace("threshold: 2.483", "tolerance: 0.1")                                                    // options, line 21
                .replace("step: 300", "step: 250")                                                                // line 26
                .replace("corpus: dickens, tokenizer: char", "corpus: dickens, tokenizer: char, rank: 4"))        // line 11
                .stream().map(Problem::toString).toList();
        assertTrue(found.contains(file + ":12: unknown quantity 'loss'; use validationLoss, trainLoss, perplexity, "
                + "parameters, msPerStep"), found.toString());
        assertTrue(found.contains(file + ":11: a bigram has no 'rank'"), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith(file + ":21: two options need a 'threshold'")), found.toString());
        assertTrue(found.contains(file + ":26: a 600-step run is evaluated every 60 steps, so step 250 has no evaluation; "
                + "use a multiple of 60"), found.toString());

        found = load(LESSON.replace("      tolerance: 0.01\n", "").replace("quantity: trainLoss, step: 300",
                "quantity: parameters, step: 300")).stream().map(Problem::toString).toList();
        assertTrue(found.stream().anyMatch(p -> p.startsWith(file + ":10: a measured answer needs a 'tolerance' > 0")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith(file + ":25: 'parameters' is a figure of the whole run")), found.toString());
    }

    @Test
    void factsOfARunCarryItsSettingsHistoryAndEnd() {
        RunFacts running = bigram(240, false, false);
        assertEquals(RunFacts.Status.RUNNING, running.status());
        assertEquals(240, running.step());
        assertEquals(List.of(60, 120, 180, 240), running.history().stream().map(p -> p.step()).toList());
        assertEquals(4.0 - 120 / 300.0, running.history().get(1).validationLoss(), 0);
        assertEquals(0.03, running.settings().get("lr"));
        assertEquals(600.0, running.settings().get("steps"));
        assertNull(running.summary());
        assertEquals(RunFacts.Status.FINISHED, bigram(600, true, false).status());
        assertEquals(RunFacts.Status.STOPPED, bigram(300, true, true).status());
        RunFacts lowRank = RunFacts.of(new LowRankConfig(79, 16, 0.3, 64), TrainingConfig.defaults(600, 1337), "dickens",
                "char", List.of());
        assertEquals(16.0, lowRank.settings().get("rank"));
        assertEquals(0.3, lowRank.settings().get("dropout"));
    }

    @Test
    void aQuestionReadsOnlyTheRunItNamesAndSaysWhatToTrainOtherwise() {
        Reading none = BIGRAM_600.read(null);
        assertEquals("Train the bigram first: this asks about your own run, a 600-step bigram (lr 0.03) on dickens (char), "
                + "and this window has not trained one yet.", ((Reading.Missing) none).message());

        RunFacts gpt = RunFacts.of(new GptConfig(67, 64, 128, 4, 4, 0.0, false, true), TrainingConfig.defaults(2000, 1337),
                "macbeth", "char", List.of());
        assertEquals("Your last run was a 2000-step GPT on macbeth (char); this asks about a 600-step bigram (lr 0.03) on "
                + "dickens (char). Train that one first (the lesson's training lab has the settings).",
                ((Reading.Missing) BIGRAM_600.read(gpt)).message());
        RunQuestion otherLr = new RunQuestion("bigram", "dickens", null, Map.of("lr", 0.1), RunQuestion.Quantity.VALIDATION_LOSS, null);
        assertTrue(((Reading.Missing) otherLr.read(bigram(600, true, false))).message()
                .startsWith("Your last run was a 600-step bigram on dickens (char) with lr 0.03;"));

        assertTrue(((Reading.Missing) BIGRAM_600.read(bigram(240, false, false))).message()
                .startsWith("Your run is still training (step 240)"));
        assertTrue(((Reading.Missing) BIGRAM_600.read(bigram(300, true, true))).message()
                .startsWith("Your last run was stopped at step 300"));

        Reading.Value end = (Reading.Value) BIGRAM_600.read(bigram(600, true, false));
        assertEquals(2.4563, end.value(), 0);
        assertEquals("validation loss at the end", end.description());

        RunQuestion atStep = new RunQuestion("bigram", null, null, Map.of(), RunQuestion.Quantity.PERPLEXITY, 120);
        // read while the run is still going: step 120 is already evaluated
        assertEquals(Math.exp(4.0 - 120 / 300.0), ((Reading.Value) atStep.read(bigram(240, false, false))).value(), 1e-12);
        RunQuestion later = new RunQuestion("bigram", null, null, Map.of(), RunQuestion.Quantity.TRAIN_LOSS, 480);
        assertTrue(((Reading.Missing) later.read(bigram(240, false, false))).message()
                .startsWith("Your run has not reached step 480 yet (it is at step 240)"));
        assertEquals(4.0 - 480 / 300.0 + 0.01, ((Reading.Value) later.read(bigram(600, true, false))).value(), 1e-12);
        RunQuestion parameters = new RunQuestion("bigram", null, null, Map.of(), RunQuestion.Quantity.PARAMETERS, null);
        assertEquals(6241, ((Reading.Value) parameters.read(bigram(600, true, false))).value(), 0);
    }

    @Test
    void aMeasuredAnswerIsCheckedAgainstTheRunToItsTolerance() {
        Exercise exercise = new Exercise("loss", "?", Exercise.Answer.measured(BIGRAM_600, 0.01), null);
        RunFacts run = bigram(600, true, false);   // validation 2.4563
        assertEquals(new Check.Checked(true, 2.4563, "validation loss at the end"), exercise.checkMeasured("2.46", run));
        assertEquals(new Check.Checked(true, 2.4563, "validation loss at the end"), exercise.checkMeasured("2,4475", run));
        assertEquals(new Check.Checked(false, 2.4563, "validation loss at the end"), exercise.checkMeasured("2.43", run));
        assertEquals(new Check.NotANumber(), exercise.checkMeasured("about two", run));
        assertInstanceOf(Check.NoRun.class, exercise.checkMeasured("2.46", null));
        // the lesson's own figure is no answer when the learner's run reached another
        RunFacts worse = RunFacts.of(new BigramConfig(79, 64), new TrainingConfig(600, 12, 0.03, 0.003, 60, 600, org.slmworkshop.train.Schedule.COSINE, 0.9, 0.99, 0.0, 1.0, 0.0, TrainingConfig.Batching.WINDOWS, 60, 20, 0, 1337), "dickens", "char",
                List.of(new TrainingEvent.Finished(600, summary(2.5, 2.5107, false))));
        assertEquals(new Check.Checked(false, 2.5107, "validation loss at the end"), exercise.checkMeasured("2.46", worse));
    }

    @Test
    void aPredictionIsSetBesideTheResult() {
        RunQuestion question = new RunQuestion("bigram", null, null, Map.of(), RunQuestion.Quantity.VALIDATION_LOSS, null);
        RunFacts run = bigram(600, true, false);   // validation 2.4563
        Exercise split = new Exercise("p", "?", Exercise.Answer.predict(question, null, List.of("below", "above"), 2.5), null);
        assertEquals(new Comparison.Outcome("below", 2.4563, "validation loss at the end", true, "below"),
                split.comparePrediction("below", run));
        assertEquals(new Comparison.Outcome("above", 2.4563, "validation loss at the end", false, "below"),
                split.comparePrediction("above", run));
        assertEquals("Pick one of the options.", split.predictionProblem("sideways"));

        Exercise graded = new Exercise("n", "?", Exercise.Answer.predict(question, 0.05, null, null), null);
        assertEquals(true, ((Comparison.Outcome) graded.comparePrediction("2.5", run)).held());
        assertEquals(false, ((Comparison.Outcome) graded.comparePrediction("2.51", run)).held());
        assertEquals("A prediction here is a number, such as 2.5.", graded.predictionProblem("low"));
        assertEquals("Type a prediction first.", graded.predictionProblem(" "));

        Exercise open = new Exercise("o", "?", Exercise.Answer.predict(question, null, null, null), null);
        Comparison.Outcome compared = (Comparison.Outcome) open.comparePrediction("3", run);
        assertNull(compared.held());
        assertEquals(2.4563, compared.runValue(), 0);
        assertInstanceOf(Comparison.Pending.class, open.comparePrediction("3", bigram(240, false, false)));
    }
}
