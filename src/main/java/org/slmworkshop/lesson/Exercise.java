package org.slmworkshop.lesson;

import java.util.List;
import java.util.Locale;

/**
 * An exercise at the end of a lesson. Numbers and choices are checked by the app; an open exercise
 * says in {@code expect} what the learner should see.
 */
public record Exercise(String id, String question, Answer answer, String expect) {

    /** How an answer is checked. */
    public record Answer(Kind kind, Double value, Double tolerance, List<String> options, Integer correct) {
        public enum Kind { NUMBER, CHOICE, OPEN }
    }

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
        return answer.kind() != Answer.Kind.OPEN;
    }
}
