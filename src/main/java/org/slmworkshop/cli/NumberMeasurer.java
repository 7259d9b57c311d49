package org.slmworkshop.cli;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slmworkshop.lesson.QuotedNumbers;
import org.slmworkshop.util.Json;

/**
 * Measures a quoted number the way a learner would: runs its {@code slm} commands in this JVM, reads
 * the JSON line the last one prints, and takes the entry's field from it.
 */
final class NumberMeasurer {
    /** Outputs of commands that write no files, by command line: entries quoting one run share it. */
    private final Map<List<String>, Captured> outputs = new java.util.HashMap<>();

    /** A measurement: the value, or why there is none. */
    record Measured(QuotedNumbers.Entry entry, Double value, String error, double seconds) {
        boolean agrees() {
            return value != null && entry.agrees(value);
        }
    }

    Measured measure(QuotedNumbers.Entry entry) {
        long start = System.nanoTime();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("slm-numbers-");
            String out = "";
            for (List<String> command : entry.run()) {
                String folder = scratch.toString();
                String[] args = command.stream().map(a -> a.replace("{tmp}", folder)).toArray(String[]::new);
                Captured run = command.stream().anyMatch(a -> a.contains("{tmp}")) ? run(args)
                        : outputs.computeIfAbsent(command, c -> run(args));
                boolean expectsFailure = "failed".equals(entry.where().get("event"));   // a run the NaN guard stops
                if (run.exitCode != 0 && !expectsFailure) {
                    return failed(entry, start, "slm " + String.join(" ", args) + " exited with " + run.exitCode + ": "
                            + lastLine(run.err));
                }
                out = run.out;
            }
            JsonNode line = pick(out, entry.where());
            if (line == null) return failed(entry, start, "no JSON line" + (entry.where().isEmpty() ? "" : " with " + entry.where()) + " in the output");
            JsonNode value = line.at(JsonPointer.compile(entry.field()));
            if (!value.isNumber()) return failed(entry, start, entry.field() + " is not a number in " + clip(line.toString()));
            return new Measured(entry, value.asDouble(), null, seconds(start));
        } catch (IOException e) {
            return failed(entry, start, "cannot make a scratch folder: " + e.getMessage());
        } finally {
            if (scratch != null) delete(scratch);
        }
    }

    /** The last JSON line whose fields match {@code where}. */
    static JsonNode pick(String out, Map<String, String> where) {
        JsonNode found = null;
        for (String text : out.lines().toList()) {
            if (!text.startsWith("{")) continue;
            JsonNode line;
            try {
                line = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                continue;
            }
            boolean matches = where.entrySet().stream().allMatch(w -> line.path(w.getKey()).asText().equals(w.getValue()));
            if (matches) found = line;
        }
        return found;
    }

    private record Captured(int exitCode, String out, String err) {}

    /** {@code slm args…} with System.out and System.err caught; commands run one at a time. */
    private static synchronized Captured run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Measured failed(QuotedNumbers.Entry entry, long start, String why) {
        return new Measured(entry, null, why, seconds(start));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no message)" : lines.get(lines.size() - 1);
    }

    private static String clip(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> all = new ArrayList<>(files.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
