package org.slmworkshop.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.SettingsSpec;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.train.TrainingException;

/**
 * Checks one lesson's front matter against what the engine accepts: known labs and keys, corpus ids
 * from the manifest, settings that the engine's own configuration records accept, shipped
 * checkpoints that load, and exercises that can be checked. Problems carry their file line.
 */
final class LessonValidator {
    private static final Set<String> LAB_KEYS = Set.of("lab", "corpus", "tokenizer", "vocab", "model",
            "hyperparameters", "checkpoint", "prompt", "sampling", "layer", "head", "ranks", "topN", "locked");
    private static final Set<String> HYPERPARAMETERS = Set.of("steps", "context", "batch", "layers", "heads", "dim",
            "rank", "dropout", "bias", "lr", "minLr", "warmup", "schedule", "weightDecay", "labelSmoothing",
            "batching", "seed");
    private static final Set<String> SAMPLING = Set.of("strategy", "temperature", "topK", "topP", "minP",
            "repetitionPenalty", "beamWidth", "lengthNormalised", "maxTokens", "seed", "compare");
    private static final Set<String> MODELS = Set.of("bigram", "lowrank", "gpt");
    private static final Set<String> EXERCISE_KEYS = Set.of("id", "question", "answer", "expect");
    private static final Set<String> ANSWER_KEYS = Set.of("kind", "value", "tolerance", "options", "correct", "run",
            "quantity", "step", "threshold");
    private static final Set<String> RUN_KEYS;

    static {
        Set<String> keys = new HashSet<>(RunQuestion.SETTINGS);
        keys.addAll(List.of("model", "corpus", "tokenizer"));
        RUN_KEYS = Set.copyOf(keys);
    }

    private final Path file;
    private final FrontMatter front;
    private final List<Problem> problems;
    private final Path projectRoot;

    LessonValidator(Path file, FrontMatter front, List<Problem> problems, Path projectRoot) {
        this.file = file;
        this.front = front;
        this.problems = problems;
        this.projectRoot = projectRoot;
    }

    void problem(String pointer, String message) {
        problems.add(new Problem(file, front.line(pointer), message));
    }

    String text(JsonNode parent, String pointer, boolean required) {
        JsonNode node = parent.path(pointer.substring(pointer.lastIndexOf('/') + 1));
        if (node.isMissingNode() || node.isNull()) {
            if (required) problem(pointer, "'" + name(pointer) + "' is required");
            return null;
        }
        if (!node.isValueNode() || node.asText().isBlank()) {
            problem(pointer, "'" + name(pointer) + "' must be a non-empty text");
            return null;
        }
        return node.asText();
    }

    private static String name(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    private Integer integer(JsonNode parent, String pointer, int min, int max) {
        JsonNode node = parent.path(name(pointer));
        if (node.isMissingNode() || node.isNull()) return null;
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            problem(pointer, "'" + name(pointer) + "' must be a whole number in [" + min + ", " + max + "], got " + node);
            return null;
        }
        return node.asInt();
    }

    private void unknownKeys(JsonNode node, String pointer, Set<String> allowed, String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!allowed.contains(key)) {
                problem(pointer + "/" + key, "unknown " + what + " '" + key + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    List<LabSettings> labs(JsonNode node) {
        List<LabSettings> labs = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            problem("/labs", "'labs' must be a list with at least one lab (" + String.join(", ",
                    java.util.Arrays.stream(Lab.values()).map(Lab::id).toList()) + ")");
            return labs;
        }
        for (int i = 0; i < node.size(); i++) {
            String p = "/labs/" + i;
            JsonNode lab = node.get(i);
            if (!lab.isObject()) {
                problem(p, "each lab is a mapping that starts with 'lab: NAME'");
                continue;
            }
            unknownKeys(lab, p, LAB_KEYS, "lab setting");
            Lab kind = null;
            String labName = text(lab, p + "/lab", true);
            if (labName != null) {
                try {
                    kind = Lab.parse(labName);
                } catch (IllegalArgumentException e) {
                    problem(p + "/lab", e.getMessage());
                }
            }
            String corpus = text(lab, p + "/corpus", false);
            if (corpus != null && CorpusCatalog.standard().find(corpus).isEmpty()
                    && !Files.exists(projectRoot.resolve(corpus).normalize())) {
                problem(p + "/corpus", "unknown corpus '" + corpus + "': not a shipped corpus (" + String.join(", ",
                        CorpusCatalog.standard().entries().stream().map(e -> e.id()).toList())
                        + ") nor a file or folder (paths are relative to " + projectRoot + ")");
            }
            String tokenizer = text(lab, p + "/tokenizer", false);
            if (tokenizer != null && !TokenizerSpec.KINDS.contains(tokenizer)) {
                problem(p + "/tokenizer", "unknown tokenizer '" + tokenizer + "'; use " + String.join(", ", TokenizerSpec.KINDS));
            }
            Integer vocab = integer(lab, p + "/vocab", 2, 1_000_000);
            String model = text(lab, p + "/model", false);
            if (model != null && !MODELS.contains(model)) problem(p + "/model", "unknown model '" + model + "'; use bigram, lowrank or gpt");
            // a lab that only makes sense for one model implies it
            String impliedModel = model != null ? model : kind == Lab.LOWRANK ? "lowrank" : kind == Lab.TRANSITION ? "bigram" : null;
            Map<String, Object> hyper = hyperparameters(lab.path("hyperparameters"), p + "/hyperparameters", impliedModel);
            String checkpoint = checkpoint(lab, p + "/checkpoint", kind);
            String prompt = lab.has("prompt") ? lab.path("prompt").asText() : null;
            Map<String, Object> sampling = sampling(lab.path("sampling"), p + "/sampling");
            Integer layer = integer(lab, p + "/layer", 0, 64);
            Integer head = integer(lab, p + "/head", 0, 64);
            if (layer != null && hyper.get("layers") instanceof Number layers && layer >= layers.intValue()) {
                problem(p + "/layer", "layer " + layer + " does not exist in a model with " + layers + " layers (they count from 0)");
            }
            if (head != null && hyper.get("heads") instanceof Number heads && head >= heads.intValue()) {
                problem(p + "/head", "head " + head + " does not exist in a model with " + heads + " heads (they count from 0)");
            }
            List<Integer> ranks = new ArrayList<>();
            if (lab.has("ranks")) {
                JsonNode list = lab.path("ranks");
                if (!list.isArray() || list.isEmpty()) problem(p + "/ranks", "'ranks' must be a list of whole numbers ≥ 1");
                else for (JsonNode r : list) {
                    if (!r.isIntegralNumber() || r.asInt() < 1) problem(p + "/ranks", "rank " + r + " must be a whole number ≥ 1");
                    else ranks.add(r.asInt());
                }
            }
            Integer topN = integer(lab, p + "/topN", 2, 500);
            List<String> locked = locked(lab.path("locked"), p + "/locked", kind);
            if (kind != null) {
                labs.add(new LabSettings(kind, corpus, tokenizer, vocab, model, hyper, checkpoint, prompt, sampling,
                        layer, head, ranks, topN, locked));
            }
        }
        return labs;
    }

    /** {@code locked: [steps, lr, seed]}: settings of a training lab that the learner cannot change. */
    private List<String> locked(JsonNode node, String pointer, Lab kind) {
        List<String> locked = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) return locked;
        if (kind != null && kind != Lab.TRAINING) {
            problem(pointer, "'locked' applies to training labs only (this is a " + kind.id() + " lab)");
            return locked;
        }
        if (!node.isArray()) {
            problem(pointer, "'locked' must be a list of settings, e.g. [steps, lr, seed]");
            return locked;
        }
        for (JsonNode item : node) {
            String name = item.asText();
            if (!item.isTextual() || !LabSettings.LOCKABLE.contains(name)) {
                problem(pointer, "cannot lock '" + item.asText() + "'; lockable settings: " + String.join(", ", LabSettings.LOCKABLE));
            } else if (locked.contains(name)) {
                problem(pointer, "'" + name + "' is locked twice");
            } else {
                locked.add(name);
            }
        }
        return locked;
    }

    private Map<String, Object> plainMap(JsonNode node, String pointer, Set<String> allowed, String what) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) return values;
        if (!node.isObject()) {
            problem(pointer, "'" + name(pointer) + "' must be a mapping of " + what + "s");
            return values;
        }
        unknownKeys(node, pointer, allowed, what);
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode v = field.getValue();
            Object value = v.isNumber() ? (Object) v.numberValue() : v.isBoolean() ? (Object) v.booleanValue()
                    : v.isArray() ? (Object) toStrings(v) : v.asText();
            values.put(field.getKey(), value);
        }
        return values;
    }

    private static List<String> toStrings(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return items;
    }

    private double number(Map<String, Object> values, String key, double fallback, String pointer) {
        Object value = values.get(key);
        if (value == null) return fallback;
        if (value instanceof Number n) return n.doubleValue();
        problem(pointer + "/" + key, "'" + key + "' must be a number, got '" + value + "'");
        return fallback;
    }

    private Map<String, Object> hyperparameters(JsonNode node, String pointer, String model) {
        Map<String, Object> h = plainMap(node, pointer, HYPERPARAMETERS, "hyperparameter");
        if (h.isEmpty()) return h;
        String kind = model == null || !MODELS.contains(model) ? "gpt" : model;
        int steps = (int) number(h, "steps", 1000, pointer);
        int context = (int) number(h, "context", 64, pointer);
        double dropout = number(h, "dropout", ModelConfig.defaultDropout(kind), pointer);
        double lr = number(h, "lr", TrainingConfig.defaultLearningRate(kind), pointer);
        try {
            if (!"lowrank".equals(model) && !"bigram".equals(model)) {
                new GptConfig(100, context, (int) number(h, "dim", 128, pointer), (int) number(h, "heads", 4, pointer),
                        (int) number(h, "layers", 4, pointer), dropout, Boolean.TRUE.equals(h.get("bias")), true);
            }
            if ("lowrank".equals(model)) new LowRankConfig(100, (int) number(h, "rank", 64, pointer), dropout, context);
            String batching = String.valueOf(h.getOrDefault("batching", "windows")).toUpperCase(Locale.ROOT);
            new TrainingConfig(steps, (int) number(h, "batch", 12, pointer), lr, number(h, "minLr", lr / 10, pointer),
                    (int) number(h, "warmup", TrainingConfig.defaultWarmup(steps), pointer), steps,
                    Schedule.parse(String.valueOf(h.getOrDefault("schedule", "cosine"))), 0.9, 0.99,
                    number(h, "weightDecay", TrainingConfig.defaultWeightDecay(kind), pointer), 1.0, number(h, "labelSmoothing", 0, pointer),
                    TrainingConfig.Batching.valueOf(batching), 100, 20, 0, (long) number(h, "seed", 1337, pointer));
        } catch (IllegalArgumentException e) {
            problem(pointer, "bad hyperparameters: " + e.getMessage());
        }
        return h;
    }

    private Map<String, Object> sampling(JsonNode node, String pointer) {
        Map<String, Object> s = plainMap(node, pointer, SAMPLING, "sampling setting");
        if (s.isEmpty()) return s;
        try {
            String strategy = String.valueOf(s.getOrDefault("strategy", "sample")).toUpperCase(Locale.ROOT);
            DecodingSettings.Strategy kind = DecodingSettings.Strategy.valueOf(strategy);
            Object topK = s.get("topK");
            new DecodingSettings(kind, number(s, "temperature", 1.0, pointer),
                    topK == null ? null : (int) number(s, "topK", 0, pointer), number(s, "topP", 1.0, pointer),
                    number(s, "minP", 0.0, pointer), number(s, "repetitionPenalty", 1.0, pointer),
                    (int) number(s, "beamWidth", kind == DecodingSettings.Strategy.BEAM ? 4 : 1, pointer),
                    Boolean.TRUE.equals(s.get("lengthNormalised")));
        } catch (IllegalArgumentException e) {
            problem(pointer, "bad sampling settings: " + e.getMessage());
        }
        if (number(s, "maxTokens", 1, pointer) < 1) problem(pointer + "/maxTokens", "'maxTokens' must be at least 1");
        Object compare = s.get("compare");
        if (compare != null) {
            if (!(compare instanceof List<?> specs) || specs.isEmpty()) {
                problem(pointer + "/compare", "'compare' must be a list of specs such as greedy or \"top-k=10\"");
            } else {
                for (Object spec : specs) {
                    try {
                        SettingsSpec.parse(String.valueOf(spec));
                    } catch (IllegalArgumentException e) {
                        problem(pointer + "/compare", "bad compare spec '" + spec + "': " + e.getMessage());
                    }
                }
            }
        }
        return s;
    }

    private String checkpoint(JsonNode lab, String pointer, Lab kind) {
        String path = text(lab, pointer, false);
        if (path == null) return null;
        Path resolved = projectRoot.resolve(path).normalize();
        if (!Files.isRegularFile(resolved)) {
            problem(pointer, "checkpoint " + path + " does not exist (paths are relative to " + projectRoot + ")");
            return path;
        }
        Verified verified = verified(resolved);
        if (verified.damage() != null) {
            problem(pointer, verified.damage());
        } else if (kind == Lab.RESUME && verified.contents().weightsOnly()) {   // the experiment restores AdamW's moments
            problem(pointer, "the resume lab needs AdamW's saved state, but " + path + " holds weights only ("
                    + verified.contents().precision().id() + "); give it the full checkpoint it was slimmed from");
        }
        return path;
    }

    /** Checkpoints already verified, by path, size and time; six lessons name the same 9 MB file, read once. */
    private static final Map<String, Verified> VERIFIED = new java.util.concurrent.ConcurrentHashMap<>();

    /** What a checkpoint holds, or why it is damaged (then {@code contents} is null). */
    private record Verified(Checkpoints.Contents contents, String damage) {}

    /** The checkpoint verified, read once; an edited or replaced file is read again. */
    private static Verified verified(Path checkpoint) {
        String key;
        try {
            key = checkpoint.toAbsolutePath().normalize() + "|" + Files.size(checkpoint) + "|"
                    + Files.getLastModifiedTime(checkpoint).toMillis();
        } catch (java.io.IOException e) {
            key = null;
        }
        Verified known = key == null ? null : VERIFIED.get(key);
        if (known != null) return known;
        Verified verified;
        try {
            verified = new Verified(Checkpoints.verify(checkpoint), null);
        } catch (TrainingException e) {
            verified = new Verified(null, e.getMessage());
        }
        if (key != null) VERIFIED.put(key, verified);
        return verified;
    }

    List<Exercise> exercises(JsonNode node) {
        List<Exercise> exercises = new ArrayList<>();
        if (!node.isArray() || node.size() < 2 || node.size() > 3) {
            problem("/exercises", "every lesson ends with 2–3 exercises; found " + (node.isArray() ? node.size() : 0));
            if (!node.isArray()) return exercises;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String p = "/exercises/" + i;
            JsonNode exercise = node.get(i);
            if (!exercise.isObject()) {
                problem(p, "each exercise is a mapping with id, question and answer");
                continue;
            }
            unknownKeys(exercise, p, EXERCISE_KEYS, "exercise key");
            String id = text(exercise, p + "/id", true);
            if (id != null && !ids.add(id)) problem(p + "/id", "exercise id '" + id + "' is used twice");
            String question = text(exercise, p + "/question", true);
            String expect = text(exercise, p + "/expect", false);
            Exercise.Answer answer = answer(exercise.path("answer"), p + "/answer", expect);
            if (id != null && question != null && answer != null) exercises.add(new Exercise(id, question, answer, expect));
        }
        return exercises;
    }

    private Exercise.Answer answer(JsonNode node, String pointer, String expect) {
        if (!node.isObject()) {
            problem(pointer, "'answer' is required: {kind: number, value, tolerance}, {kind: choice, options, correct}, "
                    + "{kind: open}, {kind: measured, run, quantity, tolerance} or {kind: predict, run, quantity}");
            return null;
        }
        unknownKeys(node, pointer, ANSWER_KEYS, "answer key");
        String kind = node.path("kind").asText("");
        switch (kind) {
            case "number" -> {
                JsonNode value = node.path("value");
                JsonNode tolerance = node.path("tolerance");
                if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                    problem(pointer + "/value", "a number answer needs a finite 'value'");
                    return null;
                }
                if (!tolerance.isNumber() || tolerance.asDouble() <= 0) {
                    problem(pointer + "/tolerance", "a number answer needs a 'tolerance' > 0");
                    return null;
                }
                return new Exercise.Answer(Exercise.Answer.Kind.NUMBER, value.asDouble(), tolerance.asDouble(), null, null);
            }
            case "choice" -> {
                JsonNode options = node.path("options");
                JsonNode correct = node.path("correct");
                if (!options.isArray() || options.size() < 2) {
                    problem(pointer + "/options", "a choice answer needs at least 2 'options'");
                    return null;
                }
                if (!correct.isIntegralNumber() || correct.asInt() < 0 || correct.asInt() >= options.size()) {
                    problem(pointer + "/correct", "'correct' must be the 0-based index of an option, from 0 to " + (options.size() - 1));
                    return null;
                }
                return new Exercise.Answer(Exercise.Answer.Kind.CHOICE, null, null, toStrings(options), correct.asInt());
            }
            case "open" -> {
                if (expect == null) problem(pointer, "an open exercise must say in 'expect' what the learner should see");
                return new Exercise.Answer(Exercise.Answer.Kind.OPEN, null, null, null, null);
            }
            case "measured" -> {
                RunQuestion run = runQuestion(node, pointer);
                JsonNode tolerance = node.path("tolerance");
                if (!tolerance.isNumber() || tolerance.asDouble() <= 0) {
                    problem(pointer + "/tolerance", "a measured answer needs a 'tolerance' > 0: how close to the run's own figure counts");
                    return null;
                }
                return run == null ? null : Exercise.Answer.measured(run, tolerance.asDouble());
            }
            case "predict" -> {
                RunQuestion run = runQuestion(node, pointer);
                JsonNode tolerance = node.path("tolerance");
                JsonNode options = node.path("options");
                JsonNode threshold = node.path("threshold");
                Double tol = null;
                if (!tolerance.isMissingNode()) {
                    if (!tolerance.isNumber() || tolerance.asDouble() <= 0) {
                        problem(pointer + "/tolerance", "'tolerance' must be a number > 0 (leave it out for an open prediction)");
                        return null;
                    }
                    tol = tolerance.asDouble();
                }
                List<String> optionTexts = null;
                if (!options.isMissingNode() || !threshold.isMissingNode()) {
                    if (!options.isArray() || options.size() != 2) {
                        problem(pointer + "/options", "a predict answer with options needs exactly 2: the first holds "
                                + "when the run's figure is below 'threshold', the second otherwise");
                        return null;
                    }
                    if (!threshold.isNumber()) {
                        problem(pointer + "/options", "two options need a 'threshold': the figure that splits them");
                        return null;
                    }
                    if (tol != null) {
                        problem(pointer + "/tolerance", "a prediction between two options has no 'tolerance'");
                        return null;
                    }
                    optionTexts = toStrings(options);
                    if (optionTexts.get(0).equals(optionTexts.get(1))) {
                        problem(pointer + "/options", "the two options must differ");
                        return null;
                    }
                }
                return run == null ? null : Exercise.Answer.predict(run, tol, optionTexts,
                        threshold.isNumber() ? threshold.asDouble() : null);
            }
            default -> {
                problem(pointer + "/kind", "answer kind must be number, choice, open, measured or predict, got '" + kind + "'");
                return null;
            }
        }
    }

    /** {@code run: {model, corpus, steps, ...}}, {@code quantity} and {@code step} of a measured or predict answer. */
    private RunQuestion runQuestion(JsonNode answer, String pointer) {
        JsonNode run = answer.path("run");
        String p = pointer + "/run";
        if (!run.isObject()) {
            problem(p, "'run' is required: the run the answer is read from, e.g. {model: bigram, corpus: dickens, steps: 600}");
            return null;
        }
        unknownKeys(run, p, RUN_KEYS, "run setting");
        boolean ok = true;
        String model = text(run, p + "/model", true);
        if (model != null && !MODELS.contains(model)) {
            problem(p + "/model", "unknown model '" + model + "'; use bigram, lowrank or gpt");
            ok = false;
        }
        String corpus = text(run, p + "/corpus", false);
        if (corpus != null && CorpusCatalog.standard().find(corpus).isEmpty()
                && !Files.exists(projectRoot.resolve(corpus).normalize())) {
            problem(p + "/corpus", "unknown corpus '" + corpus + "'; use a shipped corpus id ("
                    + String.join(", ", CorpusCatalog.standard().entries().stream().map(e -> e.id()).toList()) + ") or a path");
            ok = false;
        }
        String tokenizer = text(run, p + "/tokenizer", false);
        if (tokenizer != null && !TokenizerSpec.KINDS.contains(tokenizer)) {
            problem(p + "/tokenizer", "unknown tokenizer '" + tokenizer + "'; use " + String.join(", ", TokenizerSpec.KINDS));
            ok = false;
        }
        Map<String, Double> settings = new LinkedHashMap<>();
        for (String key : RunQuestion.SETTINGS) {
            JsonNode value = run.path(key);
            if (value.isMissingNode()) continue;
            if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
                problem(p + "/" + key, "'" + key + "' must be a number ≥ 0, got " + value);
                ok = false;
            } else {
                settings.put(key, value.asDouble());
            }
        }
        if ("bigram".equals(model)) {
            for (String key : List.of("rank", "layers", "heads", "dim")) {
                if (settings.containsKey(key)) {
                    problem(p + "/" + key, "a bigram has no '" + key + "'");
                    ok = false;
                }
            }
        }
        if ("lowrank".equals(model)) {
            for (String key : List.of("layers", "heads", "dim")) {
                if (settings.containsKey(key)) {
                    problem(p + "/" + key, "a low-rank model has no '" + key + "' (its width is 'rank')");
                    ok = false;
                }
            }
        }
        String quantityName = text(answer, pointer + "/quantity", true);
        RunQuestion.Quantity quantity = null;
        if (quantityName != null) {
            quantity = RunQuestion.Quantity.parse(quantityName).orElse(null);
            if (quantity == null) {
                problem(pointer + "/quantity", "unknown quantity '" + quantityName + "'; use "
                        + String.join(", ", RunQuestion.Quantity.ids()));
            }
        }
        Integer step = integer(answer, pointer + "/step", 1, 10_000_000);
        if (answer.has("step") && step == null) ok = false;
        if (step != null && quantity != null && !quantity.atStep) {
            problem(pointer + "/step", "'" + quantity.id + "' is a figure of the whole run; only "
                    + String.join(", ", java.util.Arrays.stream(RunQuestion.Quantity.values()).filter(q -> q.atStep)
                    .map(q -> q.id).toList()) + " are read at a step");
            ok = false;
        }
        Double steps = settings.get("steps");
        if (step != null && steps != null) {
            int total = steps.intValue();
            int every = RunQuestion.evaluationInterval(total);
            if (step > total) {
                problem(pointer + "/step", "step " + step + " is past the end of a " + total + "-step run");
                ok = false;
            } else if (step % every != 0) {
                problem(pointer + "/step", "a " + total + "-step run is evaluated every " + every
                        + " steps, so step " + step + " has no evaluation; use a multiple of " + every);
                ok = false;
            }
        }
        if (!ok || model == null || quantity == null) return null;
        return new RunQuestion(model, corpus, tokenizer, settings, quantity, step);
    }
}
