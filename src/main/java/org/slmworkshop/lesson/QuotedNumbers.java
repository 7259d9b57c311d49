package org.slmworkshop.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers the lessons quote that the engine measures, from {@code numbers.yaml} in the lessons
 * folder: each entry names its lesson, the sentence it appears in, the value written there, a
 * tolerance and the {@code slm} command(s) that measure it. Reading the file checks the text side
 * (the sentence is in the lesson, the value is in the sentence); the CLI's {@code lessons check
 * --measure} runs the commands and compares.
 */
public final class QuotedNumbers {
    public static final String FILE = "numbers.yaml";
    private static final Set<String> KEYS = Set.of("id", "lesson", "quote", "value", "tolerance", "scale", "exp", "run",
            "field", "where", "cost", "note");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?");

    private QuotedNumbers() {}

    /** How long a measurement takes: {@code ci} ones run in every build, {@code bench} ones only when asked. */
    public enum Cost { CI, BENCH }

    /**
     * One quoted number.
     *
     * @param run   the commands, each the arguments of {@code slm}; {@code {tmp}} stands for a scratch folder
     *              the commands share; the last one prints the JSON the value is read from
     * @param field a JSON pointer into the chosen output line, e.g. {@code /samples/1/logProbability}
     * @param where field values that pick the output line (e.g. event: evaluated, step: 500); none: the last line
     * @param scale the measured value is multiplied by it before comparing (100 for a share quoted in %)
     * @param exp   the lesson quotes e^measured (a probability where the command prints its log)
     */
    public record Entry(String id, String lesson, String quote, double value, double tolerance, double scale,
                        boolean exp, List<List<String>> run, String field, Map<String, String> where, Cost cost, int line) {
        public Entry {
            run = List.copyOf(run.stream().map(List::copyOf).toList());
            where = Map.copyOf(where);
        }

        /** The measured figure in the lesson's units. */
        public double quoted(double measured) {
            return (exp ? Math.exp(measured) : measured) * scale;
        }

        public boolean agrees(double measured) {
            return Math.abs(quoted(measured) - value) <= tolerance;
        }
    }

    public record Loaded(Path file, List<Entry> entries, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Reads {@code folder/numbers.yaml} and checks each entry against its lesson's text; no file, no entries. */
    public static Loaded load(Path folder) {
        Path file = folder.resolve(FILE);
        List<Entry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.exists(file)) return new Loaded(file, entries, problems);
        FrontMatter yaml;
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            lines.add(0, "---");             // read as a front matter, which keeps the line of every value
            lines.add("---");
            yaml = FrontMatter.parse(lines);
        } catch (IOException e) {
            problems.add(new Problem(file, 0, "cannot read the file: " + e.getMessage()));
            return new Loaded(file, entries, problems);
        } catch (FrontMatter.Malformed e) {
            problems.add(new Problem(file, Math.max(1, e.line - 1), e.getMessage().replace("front matter", "file")));
            return new Loaded(file, entries, problems);
        }
        JsonNode list = yaml.tree.path("numbers");
        if (!list.isArray()) {
            problems.add(new Problem(file, 1, "the file must hold 'numbers:', a YAML list of entries (lines starting with '- id:')"));
            return new Loaded(file, entries, problems);
        }
        Map<String, String> lessonText = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String pointer = "/numbers/" + i;
            int line = yaml.line(pointer) - 1;
            Entry entry = entry(list.get(i), file, line, problems);
            if (entry == null) continue;
            if (!ids.add(entry.id())) problems.add(new Problem(file, line, "the id '" + entry.id() + "' is used twice"));
            String text = lessonText.computeIfAbsent(entry.lesson(), id -> read(folder.resolve(id + ".md")));
            if (text == null) {
                problems.add(new Problem(file, line, entry.id() + ": no lesson " + entry.lesson() + ".md in " + folder));
                continue;
            }
            String quote = normalise(entry.quote());
            if (!normalise(text).contains(quote)) {
                problems.add(new Problem(file, line, entry.id() + ": " + entry.lesson() + ".md no longer says \""
                        + entry.quote() + "\"; if the number changed, measure it again (lessons check --measure) and"
                        + " update this entry"));
                continue;
            }
            if (!numbersIn(quote).contains(entry.value())) {
                problems.add(new Problem(file, line, entry.id() + ": the value " + entry.value() + " is not written in its quote \""
                        + entry.quote() + "\""));
                continue;
            }
            entries.add(entry);
        }
        return new Loaded(file, entries, problems);
    }

    /** The numbers written in a piece of lesson text: 12{,}786 and 12,786 read as 12786, −287.1 as -287.1. */
    static List<Double> numbersIn(String text) {
        List<Double> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(text.replace("{,}", ",").replace('−', '-'));
        while (m.find()) numbers.add(Double.parseDouble(m.group().replace(",", "")));
        return numbers;
    }

    /** Whitespace runs (line breaks included) as one space, so a quote may span a wrapped line. */
    static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Entry entry(JsonNode node, Path file, int line, List<Problem> problems) {
        int before = problems.size();
        if (!node.isObject()) {
            problems.add(new Problem(file, line, "an entry must be a mapping (id:, lesson:, quote:, …)"));
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) problems.add(new Problem(file, line, "unknown key '" + name + "'; an entry has "
                    + String.join(", ", KEYS.stream().sorted().toList())));
        }
        String id = node.path("id").asText("");
        String lesson = node.path("lesson").asText("");
        String quote = node.path("quote").asText("");
        String field = node.path("field").asText("");
        for (String[] required : new String[][] {{"id", id}, {"lesson", lesson}, {"quote", quote}, {"field", field}}) {
            if (required[1].isBlank()) problems.add(new Problem(file, line, (id.isBlank() ? "" : id + ": ") + "'" + required[0] + "' is missing"));
        }
        if (!node.path("value").isNumber()) problems.add(new Problem(file, line, id + ": 'value' must be a number"));
        if (!node.path("tolerance").isNumber() || node.path("tolerance").asDouble() < 0) {
            problems.add(new Problem(file, line, id + ": 'tolerance' must be a number ≥ 0"));
        }
        if (!field.isBlank() && !field.startsWith("/")) {
            problems.add(new Problem(file, line, id + ": 'field' is a JSON pointer and starts with '/', e.g. /val_loss"));
        }
        List<List<String>> run = new ArrayList<>();
        JsonNode commands = node.path("run");
        if (commands.isTextual()) run.add(split(commands.asText()));
        else if (commands.isArray()) for (JsonNode c : commands) run.add(split(c.asText()));
        if (run.isEmpty() || run.stream().anyMatch(List::isEmpty)) {
            problems.add(new Problem(file, line, id + ": 'run' must be an slm command, or a list of them"));
        }
        Map<String, String> where = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("where").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            where.put(e.getKey(), e.getValue().asText());
        }
        Cost cost;
        try {
            cost = Cost.valueOf(node.path("cost").asText("ci").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(file, line, id + ": 'cost' is ci or bench"));
            cost = Cost.BENCH;
        }
        if (problems.size() > before) return null;
        return new Entry(id, lesson, quote, node.path("value").asDouble(), node.path("tolerance").asDouble(),
                node.path("scale").asDouble(1.0), node.path("exp").asBoolean(false), run, field, where, cost, line);
    }

    /** An slm command line split into arguments at spaces; "double quotes" keep an argument together. */
    static List<String> split(String command) {
        List<String> args = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(command.strip());
        while (m.find()) args.add(m.group(1) != null ? m.group(1) : m.group(2));
        return args;
    }
}
