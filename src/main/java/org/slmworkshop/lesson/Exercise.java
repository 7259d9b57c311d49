package org.slmworkshop.lesson;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * An exercise at the end of a lesson. Numbers and choices are checked by the app; an open exercise
 * says in {@code expect} what the learner should see. A measured exercise is checked against the
 * learner's own last run; a predict-then-run exercise takes a prediction before the run and shows it
 * beside the run's result.
 */
public record Exercise(String id, String question, Answer answer, String expect) {

    /**
     * How an answer is checked.
     *
     * @param run       measured and predict: the run and the figure of it asked about
     * @param threshold predict with two options: the first holds when the run's figure is below it, the second otherwise
     */
    public record Answer(Kind kind, Double value, Double tolerance, List<String> options, Integer correct,
                         RunQuestion run, Double threshold) {
        public enum Kind { NUMBER, CHOICE, OPEN, MEASURED, PREDICT }

        public Answer(Kind kind, Double value, Double tolerance, List<String> options, Integer correct) {
            this(kind, value, tolerance, options, correct, null, null);
        }

        /** {@code kind: measured}: the learner's answer is checked against the run's figure, to {@code tolerance}. */
        public static Answer measured(RunQuestion run, double tolerance) {
            return new Answer(Kind.MEASURED, null, tolerance, null, null, run, null);
        }

        /**
         * {@code kind: predict}: a number (graded to {@code tolerance} when given, else only shown beside the
         * result), or one of two {@code options} split at {@code threshold}.
         */
        public static Answer predict(RunQuestion run, Double tolerance, List<String> options, Double threshold) {
            return new Answer(Kind.PREDICT, null, tolerance, options, null, run, threshold);
        }
    }

    private static final Pattern THOUSANDS = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d*)?");

    /** Whether the learner's response is right; open exercises have no right answer to check. */
    public boolean isCorrect(String response) {
        if (response == null) return false;
        String trimmed = response.trim();
        switch (answer.kind()) {
            case NUMBER -> {
                try {
                    double given = Double.parseDouble(trimmed.replace(',', '.'));
                    return Math.abs(given - answer.value()) <= answer.tolerance();
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            case CHOICE -> {
                String chosen = trimmed.toLowerCase(Locale.ROOT);
                String right = answer.options().get(answer.correct()).toLowerCase(Locale.ROOT);
                return chosen.equals(right) || chosen.equals(String.valueOf(answer.correct()));
            }
            default -> {
                return false;
            }
        }
    }

    public boolean isCheckable() {
        return answer.kind() == Answer.Kind.NUMBER || answer.kind() == Answer.Kind.CHOICE
                || answer.kind() == Answer.Kind.MEASURED;
    }

    /**
     * A typed number: "0.55", "0,55", "5.5e-4", and with thousands separators "1,593,344" or
     * "1 593 344"; empty when it is not a number.
     */
    public static OptionalDouble parseNumber(String typed) {
        if (typed == null) return OptionalDouble.empty();
        String compact = typed.strip().replaceAll("[\\s_\\u00A0\\u202F']", "");
        if (THOUSANDS.matcher(compact).matches()) compact = compact.replace(",", "");
        else compact = compact.replace(',', '.');
        try {
            double value = Double.parseDouble(compact);
            return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The verdict on a measured answer. */
    public sealed interface Check {
        /** There is no run to check against yet; {@code message} says which to train. */
        record NoRun(String message) implements Check {}

        /** The typed text is not a number. */
        record NotANumber() implements Check {}

        record Checked(boolean correct, double runValue, String description) implements Check {}
    }

    /** Checks a measured answer against {@code run}, the learner's last run (null when there is none). */
    public Check checkMeasured(String typed, RunFacts run) {
        if (answer.kind() != Answer.Kind.MEASURED) throw new IllegalStateException(id + " is not a measured exercise");
        RunQuestion.Reading reading = answer.run().read(run);
        if (reading instanceof RunQuestion.Reading.Missing missing) return new Check.NoRun(missing.message());
        RunQuestion.Reading.Value value = (RunQuestion.Reading.Value) reading;
        OptionalDouble given = parseNumber(typed);
        if (given.isEmpty()) return new Check.NotANumber();
        return new Check.Checked(Math.abs(given.getAsDouble() - value.value()) <= answer.tolerance(), value.value(),
                value.description());
    }

    /** A locked prediction against the run: still waiting for it, or beside its result. */
    public sealed interface Comparison {
        /** No matching finished run yet; {@code message} says which to train. */
        record Pending(String message) implements Comparison {}

        /**
         * @param held   whether the prediction held (within the tolerance, or the option the run's figure picks);
         *               null for an open prediction, which is only compared
         * @param actual for two options, the one the run's figure picks
         */
        record Outcome(String prediction, double runValue, String description, Boolean held, String actual)
                implements Comparison {}
    }

    /** Whether a typed prediction can be locked in: a number, or one of the options; null when it can, else why not. */
    public String predictionProblem(String prediction) {
        if (answer.kind() != Answer.Kind.PREDICT) throw new IllegalStateException(id + " is not a predict-then-run exercise");
        if (prediction == null || prediction.isBlank()) return "Type a prediction first.";
        if (answer.options() != null) {
            return answer.options().contains(prediction) ? null : "Pick one of the options.";
        }
        return parseNumber(prediction).isPresent() ? null : "A prediction here is a number, such as 2.5.";
    }

    /** Sets a locked prediction beside {@code run}'s result, or says why there is no result yet. */
    public Comparison comparePrediction(String prediction, RunFacts run) {
        String problem = predictionProblem(prediction);
        if (problem != null) throw new IllegalArgumentException(problem);
        RunQuestion.Reading reading = answer.run().read(run);
        if (reading instanceof RunQuestion.Reading.Missing missing) return new Comparison.Pending(missing.message());
        RunQuestion.Reading.Value value = (RunQuestion.Reading.Value) reading;
        if (answer.options() != null) {
            String actual = answer.options().get(value.value() < answer.threshold() ? 0 : 1);
            return new Comparison.Outcome(prediction, value.value(), value.description(), actual.equals(prediction), actual);
        }
        double predicted = parseNumber(prediction).getAsDouble();
        Boolean held = answer.tolerance() == null ? null : Math.abs(predicted - value.value()) <= answer.tolerance();
        return new Comparison.Outcome(prediction, value.value(), value.description(), held, null);
    }
}
