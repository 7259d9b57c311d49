package org.slmworkshop.ui.lab.training;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusEntry;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.TrainingConfig;

/**
 * Everything the learner chose for one run, before the vocabulary is known. The defaults are the
 * {@code train} command's, so a lab and the CLI given the same options train the same model.
 *
 * @param corpus    a shipped corpus id or a path to a file or folder
 * @param model     "bigram", "lowrank" or "gpt"
 * @param minLr     the floor of the schedule; {@code null} means lr / 10
 * @param warmup    warm-up steps; {@code null} means min(100, steps / 10)
 */
public record RunPlan(String corpus, TokenizerSpec tokenizer, String model, int context, int layers, int heads,
                      int dim, int rank, double dropout, boolean bias, boolean tied, int steps, int batch, double lr,
                      Double minLr, Schedule schedule, Integer warmup, double weightDecay, double labelSmoothing,
                      TrainingConfig.Batching batching, long seed) {
    public static final String BIGRAM = "bigram";
    public static final String LOWRANK = "lowrank";
    public static final String GPT = "gpt";
    /** A lesson that names no step count trains this long: long enough to see the curve flatten. */
    public static final int DEFAULT_STEPS = 1000;
    public static final long DEFAULT_SEED = 1337;
    public static final int EVAL_BATCHES = 20;

    public RunPlan {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(batching, "batching");
        if (!BIGRAM.equals(model) && !LOWRANK.equals(model) && !GPT.equals(model)) {
            throw new IllegalArgumentException("model must be bigram, lowrank or gpt, got " + model);
        }
    }

    /** The CLI's defaults for a model kind (nanoGPT's small GPT, its learning rates per kind). */
    public static RunPlan defaults(String corpus, TokenizerSpec tokenizer, String model) {
        return new RunPlan(corpus, tokenizer, model, 64, 4, 4, 128, 64, org.slmworkshop.model.ModelConfig.defaultDropout(model), false, true,
                DEFAULT_STEPS, 12, TrainingConfig.defaultLearningRate(model), null, Schedule.COSINE, null,
                TrainingConfig.defaultWeightDecay(model), 0.0, TrainingConfig.Batching.WINDOWS, DEFAULT_SEED);
    }

    /** The tokenizer a corpus suggests: its manifest entry's, or characters for a file of one's own. */
    public static String suggestedTokenizer(String corpus) {
        return CorpusCatalog.standard().find(corpus).map(CorpusEntry::tokenizer).orElse("char");
    }

    /**
     * A lesson's lab settings with the CLI's defaults for whatever it leaves out.
     *
     * @param fallbackCorpus used when the lesson names no corpus (the last one the learner used)
     */
    public static RunPlan fromLesson(LabSettings settings, String fallbackCorpus) {
        String corpus = settings.corpus() != null ? settings.corpus() : fallbackCorpus;
        String kind = settings.tokenizer() != null ? settings.tokenizer() : suggestedTokenizer(corpus);
        TokenizerSpec defaults = TokenizerSpec.defaults(kind);
        TokenizerSpec tokenizer = settings.vocab() == null ? defaults
                : new TokenizerSpec(kind, settings.vocab(), defaults.bpeEncoding());
        String model = settings.model() != null ? settings.model() : GPT;
        RunPlan base = defaults(corpus, tokenizer, model);
        Map<String, Object> h = settings.hyperparameters();
        double lr = number(h, "lr", base.lr());
        Object minLr = h.get("minLr");
        Object warmup = h.get("warmup");
        return new RunPlan(corpus, tokenizer, model,
                (int) number(h, "context", base.context()), (int) number(h, "layers", base.layers()),
                (int) number(h, "heads", base.heads()), (int) number(h, "dim", base.dim()),
                (int) number(h, "rank", base.rank()), number(h, "dropout", base.dropout()),
                bool(h, "bias", base.bias()), bool(h, "tied", base.tied()),
                (int) number(h, "steps", base.steps()), (int) number(h, "batch", base.batch()), lr,
                minLr == null ? null : number(h, "minLr", lr / 10), schedule(h.get("schedule")),
                warmup == null ? null : (int) number(h, "warmup", 0), number(h, "weightDecay", base.weightDecay()),
                number(h, "labelSmoothing", 0), batching(h.get("batching")),
                (long) number(h, "seed", DEFAULT_SEED));
    }

    private static double number(Map<String, Object> h, String key, double fallback) {
        Object value = h.get(key);
        if (value == null) return fallback;
        if (value instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a number, got '" + value + "'");
        }
    }

    private static boolean bool(Map<String, Object> h, String key, boolean fallback) {
        Object value = h.get(key);
        return value == null ? fallback : Boolean.parseBoolean(value.toString());
    }

    private static Schedule schedule(Object value) {
        return value == null ? Schedule.COSINE : Schedule.parse(value.toString());
    }

    private static TrainingConfig.Batching batching(Object value) {
        return value == null ? TrainingConfig.Batching.WINDOWS
                : TrainingConfig.Batching.valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
    }

    public double resolvedMinLr() {
        return minLr != null ? minLr : lr / 10;
    }

    public int resolvedWarmup() {
        return warmup != null ? warmup : TrainingConfig.defaultWarmup(steps);
    }

    /** The model's configuration for vocabulary size {@code vocab}; its record refuses bad values. */
    public ModelConfig modelConfig(int vocab) {
        return switch (model) {
            case BIGRAM -> new BigramConfig(vocab, context);
            case LOWRANK -> new LowRankConfig(vocab, rank, dropout, context);
            default -> new GptConfig(vocab, context, dim, heads, layers, dropout, bias, tied);
        };
    }

    /** The optimiser, schedule and evaluation settings, as the CLI builds them. */
    public TrainingConfig trainingConfig() {
        return new TrainingConfig(steps, batch, lr, resolvedMinLr(), resolvedWarmup(), steps, schedule, 0.9, 0.99,
                weightDecay, 1.0, labelSmoothing, batching, TrainingConfig.defaultEvalEvery(steps), EVAL_BATCHES, 0, seed);
    }

    /**
     * The first reason this plan cannot run, in the engine's own words, or null when it can.
     * The vocabulary may be unknown yet (0): the model is then checked with a stand-in size.
     */
    public String problem(int vocab) {
        try {
            modelConfig(Math.max(2, vocab));
            trainingConfig();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** A run's name for the status bar and the chart: "GPT on dickens (char)". */
    public String title() {
        return (LOWRANK.equals(model) ? "Low-rank (d = " + rank + ")" : kindName(model))
                + " on " + corpusLabel(corpus) + " (" + tokenizer.kind() + ")";
    }

    /** "Bigram", "Low-rank" or "GPT". */
    public static String kindName(String model) {
        return switch (model) {
            case BIGRAM -> "Bigram";
            case LOWRANK -> "Low-rank";
            default -> "GPT";
        };
    }

    static String corpusLabel(String corpus) {
        if (CorpusCatalog.standard().find(corpus).isPresent()) return corpus;
        java.nio.file.Path name = java.nio.file.Path.of(corpus).getFileName();
        return name == null ? corpus : name.toString();
    }
}
