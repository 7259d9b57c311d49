package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.CliRun.Result;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.util.Json;

/** {@code slm inspect} end to end on a small character GPT of Macbeth trained here, and its one-line errors. */
class InspectCommandTest {
    private static final String PROMPT = "Fair is foul";   // 12 characters, 12 tokens
    @TempDir
    static Path folder;
    static Path gpt, bigram;

    @BeforeAll
    static void trainCheckpoints() {
        gpt = folder.resolve("gpt.ckpt");
        bigram = folder.resolve("bigram.ckpt");
        Result train = run("train", "--model", "gpt", "--corpus", "macbeth", "--steps", "3", "--context", "16", "--batch", "2",
                "--layers", "2", "--heads", "2", "--dim", "16", "--bias", "--eval-every", "3", "--eval-batches", "1", "--json",
                "--out", gpt.toString());
        assertEquals(0, train.exitCode(), train.err());
        train = run("train", "--model", "bigram", "--corpus", "macbeth", "--steps", "2", "--context", "8", "--batch", "2",
                "--eval-every", "2", "--eval-batches", "1", "--json", "--out", bigram.toString());
        assertEquals(0, train.exitCode(), train.err());
    }

    private static Result run(String... args) {
        return CliRun.main(args);
    }

    @Test
    void jsonHoldsTheWholeTraceAndItsLogitsAreTheCheckpointModelsOwn() throws Exception {
        Result r = run("inspect", "--checkpoint", gpt.toString(), "--prompt", PROMPT, "--position", "7", "--top", "4", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().count(), "one JSON object on one line");
        JsonNode trace = Json.MAPPER.readTree(r.out());
        assertEquals("gpt", trace.get("model").asText());
        assertEquals(3, trace.get("steps").asInt());
        assertEquals(7, trace.get("position").asInt());
        assertEquals(0, trace.get("cropped").asInt());

        Checkpoints.Loaded loaded = Checkpoints.load(gpt);
        LanguageModel model = loaded.model();
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        int[] ids = tokenizer.encode(PROMPT).ids();
        assertEquals(ids.length, trace.get("tokens").size());
        for (int t = 0; t < ids.length; t++) {
            assertEquals(ids[t], trace.get("tokens").get(t).get("id").asInt());
            assertEquals(tokenizer.token(ids[t]), trace.get("tokens").get(t).get("token").asText());
        }

        // 3 embedding stages, per block 1 + 2 heads × 5 + 7, then ln_f and the logits
        JsonNode stages = trace.get("stages");
        assertEquals(3 + 2 * (1 + 2 * 5 + 7) + 2, stages.size());
        JsonNode logits = stages.get(stages.size() - 1);
        assertEquals("logits", logits.get("name").asText());
        assertEquals("(T, V) = (12, " + model.config().vocabSize() + ")", logits.get("shape_text").asText());
        float[] expected = model.logits(ids, 1, ids.length)[7];
        assertEquals(expected.length, logits.get("values").size());
        double norm = 0;
        for (int v = 0; v < expected.length; v++) {
            assertEquals(expected[v], logits.get("values").get(v).asDouble(), 1e-6, "logit " + v);
            norm += (double) expected[v] * expected[v];
        }
        assertEquals(Math.sqrt(norm), logits.get("norm").asDouble(), 1e-6);
        JsonNode q = find(stages, "h1.attn.q", 1);
        assertEquals("[\"T\",\"hs\"]", q.get("axes").toString());
        assertEquals("[12,8]", q.get("shape").toString());

        double max = Double.NEGATIVE_INFINITY, total = 0;
        for (float z : expected) max = Math.max(max, z);
        for (float z : expected) total += Math.exp(z - max);
        JsonNode top = trace.get("top");
        assertEquals(4, top.size());
        for (JsonNode token : top) {
            int id = token.get("id").asInt();
            assertEquals(Math.exp(expected[id] - max) / total, token.get("probability").asDouble(), 1e-6);
            assertEquals(tokenizer.token(id), token.get("token").asText());
        }
        assertTrue(top.get(0).get("probability").asDouble() >= top.get(3).get("probability").asDouble());

        JsonNode attention = trace.get("attention");
        assertEquals(2 * 2, attention.size(), "2 blocks × 2 heads");
        for (JsonNode head : attention) {
            assertEquals(7 + 1, head.get("weights").size(), "weights over positions 0..7");
            double sum = 0;
            for (JsonNode w : head.get("weights")) sum += w.asDouble();
            assertEquals(1.0, sum, 1e-6);
            JsonNode stage = find(stages, "h" + head.get("block").asInt() + ".attn.weights", head.get("head").asInt());
            for (int j = 0; j < 12; j++) {
                double w = stage.get("values").get(j).asDouble();
                if (j > 7) assertEquals(0.0, w, "a key after position 7");
                else assertEquals(head.get("weights").get(j).asDouble(), w);
            }
        }
    }

    private static JsonNode find(JsonNode stages, String name, int head) {
        for (JsonNode stage : stages) {
            if (stage.get("name").asText().equals(name) && stage.get("head").asInt() == head) return stage;
        }
        throw new AssertionError("no stage " + name + " head " + head);
    }

    @Test
    void textModeSummarisesEachStageAndTheTopTokens() {
        Result r = run("inspect", "--checkpoint", gpt.toString(), "--prompt", PROMPT, "--top", "3");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("position 11, token 'l' (context 16)"), out);
        assertTrue(out.contains("[l]"), "the shown position is marked: " + out);
        for (String line : List.of("wte ", "embedding ", "h0.ln_1 ", "h1.attn.weights ", "h1.residual ", "ln_f ", "logits ")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(line)), line + " missing from:\n" + out);
        }
        assertTrue(out.contains("(T, C) = (12, 16)") && out.contains("(T, T) = (12, 12)") && out.contains("(T, 4C) = (12, 64)"), out);
        assertTrue(out.contains("top 3 next tokens after position 11:"), out);
        List<String> top = new ArrayList<>(out.lines().dropWhile(l -> !l.startsWith("top 3")).skip(1).toList());
        assertEquals(3, top.size(), out);
        assertTrue(top.stream().allMatch(l -> l.matches("  '.+' +p = 0\\.\\d{4}  logit [+-]\\d+\\.\\d{3}")), top.toString());
    }

    @Test
    void aBigramShowsItsLogitsAndTheyAreItsTableRow() throws Exception {
        Result r = run("inspect", "--checkpoint", bigram.toString(), "--prompt", "Th", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode stages = Json.MAPPER.readTree(r.out()).get("stages");
        assertEquals(1, stages.size());
        Checkpoints.Loaded loaded = Checkpoints.load(bigram);
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        float[] row = ((org.slmworkshop.model.BigramModel) loaded.model()).transitionRow(tokenizer.encode("h").ids()[0]);
        for (int v = 0; v < row.length; v++) assertEquals(row[v], stages.get(0).get("values").get(v).floatValue());
    }

    @Test
    void aLongPromptIsRefusedWithTheCropExplainedAndCroppedWhenAsked() throws Exception {
        String longPrompt = "When shall we three meet again";   // 30 tokens, context 16
        Result refused = run("inspect", "--checkpoint", gpt.toString(), "--prompt", longPrompt);
        assertEquals(1, refused.exitCode());
        assertEquals("error: the prompt is 30 tokens, but this GPT reads at most 16 (its context length); sampling would keep"
                + " only the last 16. Shorten the prompt, or pass --crop to inspect those last 16 tokens.", refused.err().strip());

        Result cropped = run("inspect", "--checkpoint", gpt.toString(), "--prompt", longPrompt, "--crop", "--json");
        assertEquals(0, cropped.exitCode(), cropped.err());
        assertTrue(cropped.err().contains("cropped to its last 16 tokens (the first 14 dropped)"), cropped.err());
        JsonNode trace = Json.MAPPER.readTree(cropped.out());
        assertEquals(14, trace.get("cropped").asInt());
        assertEquals(16, trace.get("tokens").size());
        assertEquals("t", trace.get("tokens").get(0).get("token").asText(), "the last 16 characters are \"three meet again\"");
        assertEquals(15, trace.get("position").asInt());
    }

    @Test
    void badInputGivesOneClearLine() {
        record Case(List<String> args, int exitCode, String message) {}
        String missing = folder.resolve("nowhere.ckpt").toString();
        for (Case c : List.of(
                new Case(List.of("--checkpoint", gpt.toString(), "--prompt", ""), 1, "error: --prompt is empty: give the model some text to read"),
                new Case(List.of("--checkpoint", gpt.toString(), "--prompt", PROMPT, "--position", "12"), 1,
                        "error: --position 12 is outside the prompt: its 12 tokens are at positions 0..11"),
                new Case(List.of("--checkpoint", gpt.toString(), "--prompt", PROMPT, "--position", "-1"), 1,
                        "error: --position -1 is outside the prompt: its 12 tokens are at positions 0..11"),
                new Case(List.of("--checkpoint", gpt.toString(), "--prompt", PROMPT, "--top", "0"), 1,
                        "error: --top must be at least 1, got 0"),
                new Case(List.of("--checkpoint", missing, "--prompt", PROMPT), 1, "error: Checkpoint " + missing + " does not exist."),
                new Case(List.of("--prompt", PROMPT), 2, "error: Missing required option: '--checkpoint=<checkpoint>'"))) {
            List<String> args = new ArrayList<>(List.of("inspect"));
            args.addAll(c.args());
            Result r = run(args.toArray(String[]::new));
            assertEquals(c.exitCode(), r.exitCode(), String.join(" ", c.args()) + ": " + r.err());
            List<String> lines = r.err().lines().filter(l -> !l.startsWith("note:") && !l.startsWith("backend:")).toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).startsWith(c.message()), "expected " + c.message() + ", got " + lines.get(0));
            assertEquals("", r.out());
        }
        Result unknown = run("inspect", "--checkpoint", gpt.toString(), "--prompt", "Fair ☃");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().startsWith("error: the prompt holds text the char tokenizer of this checkpoint cannot encode"),
                unknown.err());
    }
}
