package org.slmworkshop.lesson;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slmworkshop.train.LossPoint;
import org.slmworkshop.train.TrainingConfig;

/**
 * What a measured or predict-then-run exercise asks of the learner's own run: which run (model,
 * corpus, tokenizer and any settings it must have had), which figure of it, and optionally at which
 * step. {@link #read} takes that figure from the run's facts, or says why it cannot.
 *
 * @param settings hyperparameters the run must have had (steps, rank, dropout, lr, ...), by lesson name
 * @param step     null for the end of the run, else the evaluation at that step
 */
public record RunQuestion(String model, String corpus, String tokenizer, Map<String, Double> settings,
                          Quantity quantity, Integer step) {

    /** The figures of a run an exercise can ask about. */
    public enum Quantity {
        VALIDATION_LOSS("validationLoss", "validation loss", true),
        TRAIN_LOSS("trainLoss", "training loss", true),
        PERPLEXITY("perplexity", "validation perplexity", true),
        PARAMETERS("parameters", "parameter count", false),
        MS_PER_STEP("msPerStep", "milliseconds per step", false);

        public final String id;
        public final String label;
        /** Whether it is also read at an earlier evaluation ({@code step}). */
        public final boolean atStep;

        Quantity(String id, String label, boolean atStep) {
            this.id = id;
            this.label = label;
            this.atStep = atStep;
        }

        public static Optional<Quantity> parse(String id) {
            return Arrays.stream(values()).filter(q -> q.id.equals(id)).findFirst();
        }

        public static List<String> ids() {
            return Arrays.stream(values()).map(q -> q.id).toList();
        }
    }

    /** A figure read from the run, or why there is none yet (a sentence for the learner). */
    public sealed interface Reading {
        record Value(double value, String description) implements Reading {}

        record Missing(String message) implements Reading {}
    }

    /** The run settings a question may name, besides model, corpus and tokenizer. */
    public static final List<String> SETTINGS = List.of("steps", "rank", "dropout", "lr", "context", "layers", "heads",
            "dim", "batch", "seed");

    public RunQuestion {
        settings = Map.copyOf(new LinkedHashMap<>(settings));
    }

    /** "a 600-step bigram on dickens (char)", "a 600-step low-rank model (rank 16, dropout 0.3) on dickens (char)". */
    public String describeRun() {
        StringBuilder s = new StringBuilder("a ");
        Double steps = settings.get("steps");
        if (steps != null) s.append(whole(steps)).append("-step ");
        s.append(modelName(model));
        StringBuilder extras = new StringBuilder();
        for (String key : SETTINGS) {
            if (key.equals("steps") || !settings.containsKey(key)) continue;
            if (!extras.isEmpty()) extras.append(", ");
            extras.append(key).append(' ').append(number(settings.get(key)));
        }
        if (!extras.isEmpty()) s.append(" (").append(extras).append(')');
        if (corpus != null) s.append(" on ").append(corpus);
        if (tokenizer != null) s.append(corpus != null ? " (" + tokenizer + ")" : " with " + tokenizer + " tokens");
        return s.toString();
    }

    /** What is read: "validation loss at the end", "training loss at step 300". */
    public String describeQuantity() {
        if (step != null) return quantity.label + " at step " + step;
        return quantity.atStep ? quantity.label + " at the end" : quantity.label;
    }

    /** Reads the figure from {@code run}, the learner's last run, or says why it cannot (null: no run yet). */
    public Reading read(RunFacts run) {
        String which = describeRun();
        if (run == null) return new Reading.Missing("Train " + shortName(model) + " first: this asks about your own run, "
                + which + ", and this window has not trained one yet.");
        String mismatch = mismatch(run);
        if (mismatch != null) return new Reading.Missing("Your last run was " + mismatch + "; this asks about " + which
                + ". Train that one first (the lesson's training lab has the settings).");
        if (step != null) {
            Optional<LossPoint> point = run.history().stream().filter(p -> p.step() == step).findFirst();
            if (point.isPresent()) return new Reading.Value(fromPoint(point.get()), describeQuantity());
            if (run.step() < step || run.status() == RunFacts.Status.RUNNING) {
                return new Reading.Missing("Your run has not reached step " + step + " yet (it is at step " + run.step()
                        + "): check again once it has.");
            }
            return new Reading.Missing("Your run has no evaluation at step " + step + ".");
        }
        return switch (run.status()) {
            case RUNNING -> new Reading.Missing("Your run is still training (step " + run.step()
                    + "): check again when it has finished.");
            case FAILED -> new Reading.Missing("Your last run failed at step " + run.step() + ": train it again.");
            case STOPPED -> new Reading.Missing("Your last run was stopped at step " + run.step()
                    + "; this asks about the end of a full run. Train it to the end.");
            case FINISHED -> new Reading.Value(fromSummary(run), describeQuantity());
        };
    }

    /** How {@code run} differs from the run asked about, described for the learner, or null when it matches. */
    String mismatch(RunFacts run) {
        String what = "a " + run.settings().getOrDefault("steps", 0.0).intValue() + "-step " + modelName(run.model())
                + " on " + run.corpus() + " (" + run.tokenizer() + ")";
        if (!model.equals(run.model())) return what;
        if (corpus != null && !sameCorpus(corpus, run.corpus())) return what;
        if (tokenizer != null && !tokenizer.equals(run.tokenizer())) return what;
        for (Map.Entry<String, Double> wanted : settings.entrySet()) {
            Double actual = run.settings().get(wanted.getKey());
            if (actual == null || !close(actual, wanted.getValue())) {
                return what + " with " + wanted.getKey() + " " + (actual == null ? "unset" : number(actual));
            }
        }
        return null;
    }

    private double fromPoint(LossPoint point) {
        return switch (quantity) {
            case VALIDATION_LOSS -> point.validationLoss();
            case TRAIN_LOSS -> point.trainLoss();
            case PERPLEXITY -> Math.exp(point.validationLoss());
            default -> throw new IllegalStateException(quantity + " is not read at a step");
        };
    }

    private double fromSummary(RunFacts run) {
        var summary = run.summary();
        return switch (quantity) {
            case VALIDATION_LOSS -> summary.validationLoss();
            case TRAIN_LOSS -> summary.trainLoss();
            case PERPLEXITY -> summary.validationPerplexity();
            case PARAMETERS -> summary.parameters();
            case MS_PER_STEP -> summary.msPerStep();
        };
    }

    /** The steps at which the lab evaluates a run of {@code steps} steps (the CLI's default interval). */
    public static int evaluationInterval(int steps) {
        return TrainingConfig.defaultEvalEvery(steps);
    }

    private static boolean sameCorpus(String wanted, String actual) {
        if (actual == null) return false;
        return wanted.equals(actual) || actual.replace('\\', '/').endsWith("/" + wanted);
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    static String modelName(String model) {
        return switch (model) {
            case "bigram" -> "bigram";
            case "lowrank" -> "low-rank model";
            default -> "GPT";
        };
    }

    private static String shortName(String model) {
        return "the " + modelName(model);
    }

    private static String whole(double value) {
        return String.valueOf((long) value);
    }

    /** 0.3 as "0.3", 600 as "600". */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return whole(value);
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return describeQuantity().toLowerCase(Locale.ROOT) + " of " + describeRun();
    }
}
