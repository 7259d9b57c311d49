package org.slmworkshop.ui.lesson;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import javafx.application.HostServices;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.slmworkshop.lesson.Exercise;

/**
 * A lesson's exercises, one card each. Numbers and choices are checked on the spot; an open
 * exercise keeps what the learner should see behind a "What you should see" disclosure. Each card
 * has the CSS id {@code exercise-<id>} (and the {@link Exercise} as user data), and its parts
 * {@code exercise-<id>-answer}, {@code -option-<i>}, {@code -check}, {@code -feedback},
 * {@code -show-answer}, {@code -solution} and {@code -expect}. Measured and predict-then-run cards
 * read the learner's own run through {@link #setRuns}; see {@link RunCards} for their parts.
 */
public class ExercisesView extends VBox {
    public static final String CORRECT = "Correct";
    public static final String TRY_AGAIN = "Not quite — try again";

    private static final Pattern THOUSANDS = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d*)?");

    private final HostServices hostServices;
    private ExerciseRuns runs = new ExerciseRuns();
    private String lessonKey = "";
    private List<Exercise> shown = List.of();
    /** What refreshes the prediction cards shown when the run moves on. */
    private final java.util.List<Runnable> runCards = new java.util.ArrayList<>();
    private final Runnable onRunChanged = () -> runCards.forEach(Runnable::run);

    public ExercisesView() {
        this(null);
    }

    /** {@code hostServices} opens links in questions; null ignores them. */
    public ExercisesView(HostServices hostServices) {
        this.hostServices = hostServices;
        getStyleClass().add("exercises");
        MarkdownView.addStylesheet(this);
        setMinWidth(0);
        runs.addListener(onRunChanged);
    }

    /** The window's run and predictions, which measured and predict-then-run cards read. */
    public void setRuns(ExerciseRuns runs) {
        this.runs.removeListener(onRunChanged);
        this.runs = runs;
        runs.addListener(onRunChanged);
        setExercises(shown);   // the cards read the runs they were built with
    }

    public ExerciseRuns runs() {
        return runs;
    }

    /** Shows the exercises of lesson {@code lessonKey}, whose locked predictions are remembered by that key. */
    public void setExercises(String lessonKey, List<Exercise> exercises) {
        this.lessonKey = lessonKey;
        setExercises(exercises);
    }

    /** Shows {@code exercises}, replacing the cards (and any answers typed) shown before. */
    public void setExercises(List<Exercise> exercises) {
        shown = List.copyOf(exercises);
        getChildren().clear();
        runCards.clear();
        if (exercises.isEmpty()) return;
        Label heading = new Label("Exercises");
        heading.getStyleClass().add("exercises-heading");
        getChildren().add(heading);
        for (int i = 0; i < exercises.size(); i++) getChildren().add(card(exercises.get(i), i + 1));
    }

    /** The card of exercise {@code id}, or null. */
    public VBox card(String id) {
        return (VBox) lookup("#" + cardId(id));
    }

    static String cardId(String exerciseId) {
        return "exercise-" + exerciseId;
    }

    private VBox card(Exercise exercise, int number) {
        String id = cardId(exercise.id());
        Label label = new Label("Exercise " + number);
        label.getStyleClass().add("exercise-number");
        MarkdownView question = new MarkdownView(exercise.question(), hostServices);
        question.getStyleClass().add("exercise-question");
        VBox card = new VBox(label, question);
        card.setId(id);
        card.setUserData(exercise);
        card.getStyleClass().addAll("exercise-card", exercise.answer().kind().name().toLowerCase());
        card.setMinWidth(0);
        boolean predict = exercise.answer().kind() == Exercise.Answer.Kind.PREDICT;
        TitledPane disclosure = null;
        if (exercise.expect() != null && !exercise.expect().isBlank()) {
            MarkdownView expect = new MarkdownView(exercise.expect(), hostServices);
            disclosure = new TitledPane(predict ? "What you may see, and why" : "What you should see", expect);
            disclosure.setId(id + "-expect");
            disclosure.getStyleClass().add("expect");
            disclosure.setExpanded(false);
            disclosure.setAnimated(false);
            disclosure.setMinWidth(0);
            disclosure.setMaxWidth(Double.MAX_VALUE);
        }
        switch (exercise.answer().kind()) {
            case NUMBER -> numberAnswer(card, exercise, id);
            case CHOICE -> choiceAnswer(card, exercise, id);
            case MEASURED -> RunCards.measured(card, exercise, id, runs);
            case PREDICT -> runCards.add(RunCards.predict(card, exercise, id, runs, lessonKey + "/" + exercise.id(), disclosure));
            case OPEN -> { }
        }
        if (disclosure != null) card.getChildren().add(disclosure);
        return card;
    }

    private void numberAnswer(VBox card, Exercise exercise, String id) {
        TextField field = new TextField();
        field.setId(id + "-answer");
        field.getStyleClass().add("answer-field");
        field.setPromptText("Your answer");
        field.setPrefColumnCount(12);
        Button check = checkButton(id);
        HBox row = new HBox(field, check);
        row.getStyleClass().add("answer-row");
        row.setAlignment(Pos.CENTER_LEFT);
        Feedback feedback = new Feedback(id, "Answer: " + formatNumber(exercise.answer().value())
                + tolerance(exercise.answer().tolerance()));
        Runnable checkIt = () -> feedback.show(isCorrectNumber(exercise, field.getText()));
        check.setOnAction(e -> checkIt.run());
        field.setOnAction(e -> checkIt.run());
        card.getChildren().addAll(row, feedback.row, feedback.solution);
    }

    private void choiceAnswer(VBox card, Exercise exercise, String id) {
        ToggleGroup group = new ToggleGroup();
        VBox options = new VBox();
        options.getStyleClass().add("choices");
        List<String> texts = exercise.answer().options();
        for (int i = 0; i < texts.size(); i++) {
            RadioButton option = new RadioButton(texts.get(i));
            option.setId(id + "-option-" + i);
            option.setUserData(i);
            option.setToggleGroup(group);
            option.setWrapText(true);
            options.getChildren().add(option);
        }
        Button check = checkButton(id);
        check.disableProperty().bind(group.selectedToggleProperty().isNull());
        Feedback feedback = new Feedback(id, "Answer: " + texts.get(exercise.answer().correct()));
        // compare indices, not texts: an option may itself read like an index ("1")
        check.setOnAction(e -> feedback.show(
                (Integer) group.getSelectedToggle().getUserData() == exercise.answer().correct()));
        card.getChildren().addAll(options, new HBox(check), feedback.row, feedback.solution);
    }

    private static Button checkButton(String id) {
        Button check = new Button("Check");
        check.setId(id + "-check");
        check.getStyleClass().addAll("check", "accent");
        return check;
    }

    /** The verdict, a "Show answer" button that appears after a wrong try, and the answer it reveals. */
    private static final class Feedback {
        final Label verdict = new Label();
        final Button showAnswer = new Button("Show answer");
        final Label solution;
        final FlowPane row;

        Feedback(String id, String answerText) {
            verdict.setId(id + "-feedback");
            verdict.getStyleClass().add("feedback");
            verdict.setWrapText(true);
            showAnswer.setId(id + "-show-answer");
            showAnswer.getStyleClass().add("show-answer");
            solution = new Label(answerText);
            solution.setId(id + "-solution");
            solution.getStyleClass().add("solution");
            solution.setWrapText(true);
            row = new FlowPane(verdict, showAnswer);
            row.getStyleClass().add("feedback-row");
            row.setAlignment(Pos.CENTER_LEFT);
            for (Node node : List.of(verdict, showAnswer, solution, row)) {
                node.setVisible(false);
                node.setManaged(false);
            }
            showAnswer.setOnAction(e -> reveal(solution, true));
        }

        void show(boolean correct) {
            verdict.setText(correct ? CORRECT : TRY_AGAIN);
            verdict.getStyleClass().removeAll("correct", "wrong");
            verdict.getStyleClass().add(correct ? "correct" : "wrong");
            reveal(row, true);
            reveal(verdict, true);
            reveal(showAnswer, !correct && !solution.isVisible());
        }

        private static void reveal(Node node, boolean visible) {
            node.setVisible(visible);
            node.setManaged(visible);
        }
    }

    /**
     * Whether a typed number is right. Besides what {@link Exercise#isCorrect} reads ("0.55",
     * "0,55", "5.5e-4"), it accepts thousands separators ("1,593,344", "1 593 344").
     */
    static boolean isCorrectNumber(Exercise exercise, String typed) {
        if (typed == null) return false;
        String compact = typed.strip().replaceAll("[\\s_\\u00A0\\u202F']", "");
        if (exercise.isCorrect(compact)) return true;
        return THOUSANDS.matcher(compact).matches() && exercise.isCorrect(compact.replace(",", ""));
    }

    static String formatNumber(Double value) {
        if (value == null) return "";
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static String tolerance(Double tolerance) {
        return tolerance == null || tolerance == 0 ? "" : " (within ±" + formatNumber(tolerance) + ")";
    }
}
