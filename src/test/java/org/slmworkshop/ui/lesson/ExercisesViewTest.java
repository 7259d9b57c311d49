package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Exercise;
import org.slmworkshop.lesson.Exercise.Answer;
import org.slmworkshop.lesson.Exercise.Answer.Kind;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class ExercisesViewTest {
    private static final Exercise SMOOTHING = new Exercise("add-one-q",
            "With add-1 smoothing over $V = 79$ characters, what is $\\hat p(u \\mid q)$?",
            new Answer(Kind.NUMBER, 0.5531, 0.001, null, null), null);
    private static final Exercise LAYERS = new Exercise("eight-layers", "How many parameters with L = 8?",
            new Answer(Kind.NUMBER, 1593344.0, 0.5, null, null), null);
    private static final Exercise ENDLESS = new Exercise("which-strategy", "Which strategy loops forever?",
            new Answer(Kind.CHOICE, null, null, List.of("64 (side by side)", "32", "1"), 2), null);
    private static final Exercise TRAIN = new Exercise("train-it", "Train the bigram for 600 steps.",
            new Answer(Kind.OPEN, null, null, null, null), "The loss falls from $\\ln 79 \\approx 4.37$ to about 2.5.");

    private ExercisesView view;
    private StackPane root;

    @Start
    void start(Stage stage) {
        root = new StackPane();
        stage.setScene(new Scene(root, 700, 900));
        stage.sizeToScene();   // the runtime reuses one stage: an earlier test may have resized it
        stage.show();
    }

    @BeforeEach
    void showExercises() {
        FxThread.run(() -> {
            view = new ExercisesView();
            view.setExercises(List.of(SMOOTHING, LAYERS, ENDLESS, TRAIN));
            root.getChildren().setAll(view);
        });
    }

    private <T extends Node> T find(FxRobot robot, String id) {
        return robot.lookup("#" + id).query();
    }

    @Test
    void eachExerciseIsACardWithItsIdAndItsQuestionTypeset() {
        assertEquals(4, FxThread.all(view, Node.class).stream().filter(n -> n.getStyleClass().contains("exercise-card")).count());
        assertNotNull(view.card("add-one-q"));
        assertEquals(SMOOTHING, view.card("add-one-q").getUserData());
        MarkdownView question = FxThread.all(view.card("add-one-q"), MarkdownView.class).get(0);
        assertEquals(2, question.formulaImageCount());
        assertTrue(question.formulaErrors().isEmpty());
    }

    @Test
    void aWrongNumberAsksToTryAgainAndOffersTheAnswerThenTheRightOneIsCorrect(FxRobot robot) {
        Label feedback = find(robot, "exercise-add-one-q-feedback");
        Button showAnswer = find(robot, "exercise-add-one-q-show-answer");
        Label solution = find(robot, "exercise-add-one-q-solution");
        assertFalse(feedback.isVisible());

        robot.clickOn("#exercise-add-one-q-answer").write("0.6");
        robot.clickOn("#exercise-add-one-q-check");
        assertEquals(ExercisesView.TRY_AGAIN, feedback.getText());
        assertTrue(feedback.isVisible());
        assertTrue(feedback.getStyleClass().contains("wrong"));
        assertTrue(showAnswer.isVisible());
        assertFalse(solution.isVisible());

        robot.clickOn(showAnswer);
        assertTrue(solution.isVisible());
        assertEquals("Answer: 0.5531 (within ±0.001)", solution.getText());

        TextField field = find(robot, "exercise-add-one-q-answer");
        FxThread.run(field::clear);
        robot.clickOn(field).write("0.553");
        robot.clickOn("#exercise-add-one-q-check");
        assertEquals(ExercisesView.CORRECT, feedback.getText());
        assertTrue(feedback.getStyleClass().contains("correct"));
        assertFalse(feedback.getStyleClass().contains("wrong"));
        assertFalse(showAnswer.isVisible());
    }

    @Test
    void enterChecksTooAndThousandsSeparatorsAreRead(FxRobot robot) {
        robot.clickOn("#exercise-eight-layers-answer").write("1,593,344").type(KeyCode.ENTER);
        Label feedback = find(robot, "exercise-eight-layers-feedback");
        assertEquals(ExercisesView.CORRECT, feedback.getText());
        assertTrue(ExercisesView.isCorrectNumber(LAYERS, "1 593 344"));
        assertTrue(ExercisesView.isCorrectNumber(LAYERS, "1593344"));
        assertFalse(ExercisesView.isCorrectNumber(LAYERS, "1,593"));
        assertTrue(ExercisesView.isCorrectNumber(SMOOTHING, "0,5531"));
        assertFalse(ExercisesView.isCorrectNumber(SMOOTHING, "many"));
    }

    @Test
    void aChoiceIsCheckedByWhichOptionWasPicked(FxRobot robot) {
        Button check = find(robot, "exercise-which-strategy-check");
        assertTrue(check.isDisabled(), "nothing picked yet");
        // option 1 reads "32"; its index must not be mistaken for the right option, whose text is "1"
        robot.clickOn("#exercise-which-strategy-option-1");
        robot.clickOn(check);
        Label feedback = find(robot, "exercise-which-strategy-feedback");
        assertEquals(ExercisesView.TRY_AGAIN, feedback.getText());
        robot.clickOn("#exercise-which-strategy-show-answer");
        assertEquals("Answer: 1", ((Label) find(robot, "exercise-which-strategy-solution")).getText());
        robot.clickOn("#exercise-which-strategy-option-2");
        robot.clickOn(check);
        assertEquals(ExercisesView.CORRECT, feedback.getText());
    }

    @Test
    void anOpenExerciseKeepsWhatYouShouldSeeBehindADisclosure(FxRobot robot) {
        TitledPane expect = find(robot, "exercise-train-it-expect");
        assertEquals("What you should see", expect.getText());
        assertFalse(expect.isExpanded());
        assertTrue(robot.lookup("#exercise-train-it-check").tryQuery().isEmpty(), "nothing to check");
        robot.clickOn(expect);
        assertTrue(expect.isExpanded());
        MarkdownView content = (MarkdownView) expect.getContent();
        assertEquals("The loss falls from  to about 2.5.", FxThread.joined(content));
        assertEquals(1, content.formulaImageCount());
    }
}
