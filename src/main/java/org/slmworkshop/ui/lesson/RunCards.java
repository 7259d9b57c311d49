package org.slmworkshop.ui.lesson;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.slmworkshop.lesson.Exercise;
import org.slmworkshop.lesson.Exercise.Comparison;
import org.slmworkshop.lesson.RunQuestion;

/**
 * The parts of the exercise cards that read the learner's own run: a measured answer, checked against
 * the run's figure, and a prediction, locked in before the run and shown beside its result. Parts
 * have the ids {@code exercise-<id>-run-note}, {@code -answer}, {@code -check}, {@code -feedback},
 * {@code -show-answer}, {@code -solution} (measured), and {@code -option-<i>}, {@code -lock},
 * {@code -locked}, {@code -unlock}, {@code -result} (predict).
 */
final class RunCards {
    static final String LOCK = "Lock in my prediction";
    static final String PREDICT_AGAIN = "Predict again";

    private RunCards() {
    }

    /** A line under the question naming the run the card reads. */
    private static Label runNote(String id, String text) {
        Label note = new Label(text);
        note.setId(id + "-run-note");
        note.getStyleClass().add("run-note");
        note.setWrapText(true);
        note.setMinHeight(Label.USE_PREF_SIZE);
        return note;
    }

    static void measured(VBox card, Exercise exercise, String id, ExerciseRuns runs) {
        RunQuestion question = exercise.answer().run();
        card.getChildren().add(runNote(id, "Checked against your own last run: the " + question.describeQuantity()
                + " of " + question.describeRun() + "."));
        TextField field = answerField(id);
        Button check = new Button("Check");
        check.setId(id + "-check");
        check.getStyleClass().addAll("check", "accent");
        FlowPane row = new FlowPane(field, check);
        row.getStyleClass().add("answer-row");
        row.setAlignment(Pos.CENTER_LEFT);
        Label verdict = wrapping(new Label(), id + "-feedback", "feedback");
        Button showAnswer = new Button("Show your run's value");
        showAnswer.setId(id + "-show-answer");
        showAnswer.getStyleClass().add("show-answer");
        Label solution = wrapping(new Label(), id + "-solution", "solution");
        FlowPane feedbackRow = new FlowPane(verdict, showAnswer);
        feedbackRow.getStyleClass().add("feedback-row");
        feedbackRow.setAlignment(Pos.CENTER_LEFT);
        for (Node node : List.of(feedbackRow, verdict, showAnswer, solution)) reveal(node, false);
        showAnswer.setOnAction(e -> reveal(solution, true));
        Runnable checkIt = () -> {
            Exercise.Check result = exercise.checkMeasured(field.getText(), runs.current());
            reveal(feedbackRow, true);
            reveal(verdict, true);
            reveal(solution, false);
            reveal(showAnswer, false);
            verdict.getStyleClass().removeAll("correct", "wrong", "waiting");
            if (result instanceof Exercise.Check.NoRun noRun) {
                verdict.setText(noRun.message());
                verdict.getStyleClass().add("waiting");
            } else if (result instanceof Exercise.Check.NotANumber) {
                verdict.setText("Type a number, such as 2.46.");
                verdict.getStyleClass().add("waiting");
            } else if (result instanceof Exercise.Check.Checked checked) {
                verdict.setText(checked.correct() ? ExercisesView.CORRECT : ExercisesView.TRY_AGAIN);
                verdict.getStyleClass().add(checked.correct() ? "correct" : "wrong");
                solution.setText("Your run: " + format(question.quantity(), checked.runValue()) + ", its "
                        + checked.description() + " (answers within ±" + ExercisesView.formatNumber(exercise.answer().tolerance())
                        + " count).");
                reveal(showAnswer, !checked.correct());
                reveal(solution, checked.correct());
            }
        };
        check.setOnAction(e -> checkIt.run());
        field.setOnAction(e -> checkIt.run());
        card.getChildren().addAll(row, feedbackRow, solution);
    }

    /**
     * A prediction card; returns what refreshes it when the run moves on. {@code expect}, the "what you may
     * see, and why", appears only once a prediction is locked in.
     */
    static Runnable predict(VBox card, Exercise exercise, String id, ExerciseRuns runs, String key, Node expect) {
        RunQuestion question = exercise.answer().run();
        card.getChildren().add(runNote(id, "Predict before you train " + question.describeRun() + ": the card then sets your "
                + "prediction beside that run's " + question.describeQuantity() + "."));
        List<String> options = exercise.answer().options();
        ToggleGroup group = new ToggleGroup();
        TextField field = answerField(id);
        field.setPromptText("Your prediction");
        Node input;
        if (options != null) {
            VBox choices = new VBox();
            choices.getStyleClass().add("choices");
            for (int i = 0; i < options.size(); i++) {
                RadioButton option = new RadioButton(options.get(i));
                option.setId(id + "-option-" + i);
                option.setUserData(options.get(i));
                option.setToggleGroup(group);
                option.setWrapText(true);
                choices.getChildren().add(option);
            }
            input = choices;
        } else {
            input = field;
        }
        Button lock = new Button(LOCK);
        lock.setId(id + "-lock");
        lock.getStyleClass().addAll("lock", "accent");
        if (options != null) lock.disableProperty().bind(group.selectedToggleProperty().isNull());
        Label problem = wrapping(new Label(), id + "-problem", "feedback");
        problem.getStyleClass().add("waiting");
        reveal(problem, false);
        // options stand above the button; a number sits beside it
        FlowPane inputRow = options != null ? new FlowPane(lock) : new FlowPane(input, lock);
        inputRow.getStyleClass().add("answer-row");
        inputRow.setAlignment(Pos.CENTER_LEFT);
        Label locked = wrapping(new Label(), id + "-locked", "locked-prediction");
        Button again = new Button(PREDICT_AGAIN);
        again.setId(id + "-unlock");
        again.getStyleClass().add("unlock");
        FlowPane lockedRow = new FlowPane(locked, again);
        lockedRow.getStyleClass().add("feedback-row");
        lockedRow.setAlignment(Pos.CENTER_LEFT);
        Label result = wrapping(new Label(), id + "-result", "feedback");
        List<Node> before = options != null ? List.of(input, inputRow) : List.of(inputRow);

        Runnable refresh = () -> {
            ExerciseRuns.Locked prediction = runs.prediction(key);
            boolean isLocked = prediction != null;
            for (Node node : before) reveal(node, !isLocked);
            reveal(lockedRow, isLocked);
            if (expect != null) reveal(expect, isLocked);
            result.getStyleClass().removeAll("correct", "wrong", "waiting", "compared");
            if (!isLocked) {
                reveal(result, false);
                return;
            }
            reveal(problem, false);
            locked.setText("Your prediction: " + prediction.prediction());
            reveal(result, true);
            if (!runs.startedAfter(prediction)) {
                result.setText("Locked in. Now train " + question.describeRun() + " (the lesson's training lab); "
                        + "your prediction appears beside the result when the run finishes.");
                result.getStyleClass().add("waiting");
                return;
            }
            Comparison comparison = exercise.comparePrediction(prediction.prediction(), runs.current());
            if (comparison instanceof Comparison.Pending pending) {
                result.setText(pending.message());
                result.getStyleClass().add("waiting");
            } else if (comparison instanceof Comparison.Outcome outcome) {
                result.setText(describe(exercise, outcome));
                result.getStyleClass().add(outcome.held() == null ? "compared" : outcome.held() ? "correct" : "wrong");
            }
        };
        lock.setOnAction(e -> {
            String prediction = options != null ? (String) group.getSelectedToggle().getUserData() : field.getText().strip();
            String why = exercise.predictionProblem(prediction);
            if (why != null) {
                problem.setText(why);
                reveal(problem, true);
                return;
            }
            runs.lock(key, prediction);
            refresh.run();
        });
        field.setOnAction(e -> lock.fire());
        again.setOnAction(e -> {
            runs.unlock(key);
            refresh.run();
        });
        card.getChildren().addAll(before);
        card.getChildren().addAll(problem, lockedRow, result);
        refresh.run();
        return refresh;
    }

    /** "You predicted 2.40. Your run's validation loss at the end: 2.4831, off by 0.0831; within ±0.05 would have held." */
    static String describe(Exercise exercise, Comparison.Outcome outcome) {
        RunQuestion question = exercise.answer().run();
        String value = format(question.quantity(), outcome.runValue());
        String ran = "Your run's " + outcome.description() + ": " + value;
        if (outcome.actual() != null) {
            return "You predicted “" + outcome.prediction() + "”. " + ran + ", so “" + outcome.actual() + "”. "
                    + (outcome.held() ? "Your prediction held." : "Your prediction did not hold.");
        }
        double predicted = Exercise.parseNumber(outcome.prediction()).getAsDouble();
        String off = "off by " + format(question.quantity(), Math.abs(predicted - outcome.runValue()));
        if (outcome.held() == null) return "You predicted " + outcome.prediction() + ". " + ran + ", " + off + ".";
        String tolerance = "±" + ExercisesView.formatNumber(exercise.answer().tolerance());
        return "You predicted " + outcome.prediction() + ". " + ran + ", " + off + (outcome.held()
                ? ": within " + tolerance + ", your prediction held." : ": outside " + tolerance + ", your prediction did not hold.");
    }

    /** A loss to four decimals, a parameter count whole, milliseconds to one decimal. */
    static String format(RunQuestion.Quantity quantity, double value) {
        return switch (quantity) {
            case PARAMETERS -> String.format(Locale.ROOT, "%,d", Math.round(value));
            case MS_PER_STEP -> String.format(Locale.ROOT, "%.1f", value);
            case PERPLEXITY -> String.format(Locale.ROOT, "%.3f", value);
            default -> String.format(Locale.ROOT, "%.4f", value);
        };
    }

    private static TextField answerField(String id) {
        TextField field = new TextField();
        field.setId(id + "-answer");
        field.getStyleClass().add("answer-field");
        field.setPromptText("Your answer");
        field.setPrefColumnCount(12);
        return field;
    }

    private static Label wrapping(Label label, String id, String style) {
        label.setId(id);
        label.getStyleClass().add(style);
        label.setWrapText(true);
        label.setMinHeight(Label.USE_PREF_SIZE);
        return label;
    }

    static void reveal(Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }
}
