package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Exercise;
import org.slmworkshop.lesson.RunQuestion;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.util.Rng;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Measured and predict-then-run cards against a real 30-step bigram on Macbeth, trained in the window's session. */
@ExtendWith(ApplicationExtension.class)
class RunExerciseCardsTest {
    private static final RunQuestion LOSS = new RunQuestion("bigram", "macbeth", "char", Map.of("steps", 30.0),
            RunQuestion.Quantity.VALIDATION_LOSS, null);
    private static final Exercise MEASURED = new Exercise("your-loss", "What validation loss did your run reach?",
            Exercise.Answer.measured(LOSS, 0.01), "It falls from ln V.");
    /** A 30-step bigram ends far above 3.0 (it starts at ln 67 ≈ 4.2): "above" holds. */
    private static final Exercise PREDICT = new Exercise("predict", "Below or above 3.0?",
            Exercise.Answer.predict(LOSS, null, List.of("below 3.0", "above 3.0"), 3.0), "Above: 30 steps are few.");

    private Workspace workspace;
    private ExerciseRuns runs;
    private ExercisesView view;
    private StackPane root;

    @Start
    void start(Stage stage) {
        root = new StackPane();
        Scene scene = new Scene(root, 700, 900);
        stage.setScene(scene);
        stage.sizeToScene();
        stage.show();
    }

    @BeforeEach
    void showExercises() {
        FxThread.run(() -> {
            workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
            runs = new ExerciseRuns(workspace.training());
            view = new ExercisesView();
            view.setRuns(runs);
            view.setExercises("03-the-bigram-model", List.of(MEASURED, PREDICT));
            root.getChildren().setAll(view);
        });
    }

    @AfterEach
    void shutdown() {
        FxThread.run(workspace::shutdown);
    }

    private <T extends Node> T find(FxRobot robot, String id) {
        return robot.lookup("#" + id).query();
    }

    private double trainBigramOnMacbeth() throws Exception {
        FxThread.run(() -> workspace.training().start("Bigram on macbeth", () -> {
            PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
            TrainingConfig training = new TrainingConfig(30, 12, 3e-2, 3e-3, 3, 30, Schedule.COSINE, 0.9, 0.99, 0.0, 1.0,
                    0.0, TrainingConfig.Batching.WINDOWS, 3, 4, 0, 1337);
            return new TrainingSession.Setup(new Trainer(Models.create(new BigramConfig(prepared.tokenizer().vocabSize(), 64),
                    new Rng(1337)), prepared.data(), training), prepared, "Bigram on macbeth");
        }));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> workspace.training().state() == TrainingSession.State.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        return workspace.training().history().stream().filter(e -> e instanceof TrainingEvent.Finished)
                .map(e -> ((TrainingEvent.Finished) e).summary().validationLoss()).findFirst().orElseThrow();
    }

    @Test
    void beforeAnyRunTheMeasuredCardSaysWhichRunToTrain(FxRobot robot) {
        robot.clickOn("#exercise-your-loss-answer").write("2.46");
        robot.clickOn("#exercise-your-loss-check");
        Label feedback = find(robot, "exercise-your-loss-feedback");
        assertEquals("Train the bigram first: this asks about your own run, a 30-step bigram on macbeth (char), and this "
                + "window has not trained one yet.", feedback.getText());
        assertTrue(feedback.getStyleClass().contains("waiting"));
        assertEquals("Checked against your own last run: the validation loss at the end of a 30-step bigram on macbeth (char).",
                ((Label) find(robot, "exercise-your-loss-run-note")).getText());
    }

    @Test
    void theMeasuredAnswerIsTheLearnersOwnRunAndThePredictionStandsBesideIt(FxRobot robot) throws Exception {
        TitledPane maySee = find(robot, "exercise-predict-expect");
        assertEquals("What you may see, and why", maySee.getText());
        assertFalse(maySee.isVisible(), "no spoiler before the prediction is locked in");
        robot.clickOn("#exercise-predict-option-1");
        robot.clickOn("#exercise-predict-lock");
        Label result = find(robot, "exercise-predict-result");
        assertTrue(result.getText().startsWith("Locked in. Now train a 30-step bigram on macbeth (char)"), result.getText());
        assertEquals("Your prediction: above 3.0", ((Label) find(robot, "exercise-predict-locked")).getText());
        assertTrue(maySee.isVisible());

        double loss = trainBigramOnMacbeth();
        assertTrue(loss > 3.0 && loss < Math.log(67) + 0.1, "a 30-step bigram is still far from trained: " + loss);

        TextField field = find(robot, "exercise-your-loss-answer");
        robot.clickOn(field).write(String.format(Locale.ROOT, "%.2f", loss + 0.03));
        robot.clickOn("#exercise-your-loss-check");
        Label feedback = find(robot, "exercise-your-loss-feedback");
        assertEquals(ExercisesView.TRY_AGAIN, feedback.getText());
        robot.clickOn("#exercise-your-loss-show-answer");
        assertEquals(String.format(Locale.ROOT, "Your run: %.4f, its validation loss at the end (answers within ±0.01 count).", loss),
                ((Label) find(robot, "exercise-your-loss-solution")).getText());
        FxThread.run(field::clear);
        robot.clickOn(field).write(String.format(Locale.ROOT, "%.3f", loss));
        robot.clickOn("#exercise-your-loss-check");
        assertEquals(ExercisesView.CORRECT, feedback.getText());

        assertEquals(String.format(Locale.ROOT, "You predicted “above 3.0”. Your run's validation loss at the end: %.4f, "
                + "so “above 3.0”. Your prediction held.", loss), result.getText());
        assertTrue(result.getStyleClass().contains("correct"));

        // a lesson switch or an edit rebuilds the cards; the prediction and its result stay
        FxThread.run(() -> view.setExercises("03-the-bigram-model", List.of(MEASURED, PREDICT)));
        Label rebuilt = find(robot, "exercise-predict-result");
        assertEquals(result.getText(), rebuilt.getText());

        // predicting again after the run does not count that run: it must be trained again
        robot.clickOn("#exercise-predict-unlock");
        robot.clickOn("#exercise-predict-option-0");
        robot.clickOn("#exercise-predict-lock");
        assertTrue(rebuilt.getText().startsWith("Locked in. Now train"), rebuilt.getText());
        trainBigramOnMacbeth();
        assertTrue(rebuilt.getText().endsWith("so “above 3.0”. Your prediction did not hold."), rebuilt.getText());
        assertTrue(rebuilt.getStyleClass().contains("wrong"));
    }

    @Test
    void aNumberPredictionMustBeANumberBeforeItLocks(FxRobot robot) {
        Exercise number = new Exercise("guess", "Predict the loss.", Exercise.Answer.predict(LOSS, 0.05, null, null), null);
        FxThread.run(() -> view.setExercises("x", List.of(number)));
        robot.clickOn("#exercise-guess-answer").write("low");
        robot.clickOn("#exercise-guess-lock");
        assertEquals("A prediction here is a number, such as 2.5.", ((Label) find(robot, "exercise-guess-problem")).getText());
        assertFalse(((Label) find(robot, "exercise-guess-locked")).getParent().isVisible(), "nothing locked in");
        Button lock = find(robot, "exercise-guess-lock");
        assertTrue(lock.isVisible());
        assertEquals(null, runs.prediction("x/guess"));
    }
}
