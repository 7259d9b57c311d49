package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.util.Json;

/** The CLI end to end, in-process: what instructors and the benchmark rely on. */
class CliTest {
    @TempDir
    Path folder;

    private record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void corporaListsTheManifest() {
        Result r = run("corpora", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"id\":\"dickens\"") && r.out().contains("\"id\":\"genia\""), r.out());
    }

    @Test
    void trainWritesJsonEventsASummaryAndAResumableCheckpoint() throws Exception {
        Path checkpoint = folder.resolve("lowrank.ckpt");
        Result first = run("train", "--model", "lowrank", "--corpus", "macbeth", "--steps", "6", "--context", "16",
                "--batch", "4", "--rank", "8", "--eval-every", "3", "--json", "--out", checkpoint.toString());
        assertEquals(0, first.exitCode(), first.err());
        JsonNode summary = Json.MAPPER.readTree(first.lines().get(first.lines().size() - 1));
        assertEquals("summary", summary.get("event").asText());
        for (String field : List.of("model", "params", "steps", "train_loss", "val_loss", "val_ppl", "tokens_per_s", "wall_s")) {
            assertTrue(summary.has(field), "summary lacks " + field);
        }
        assertEquals(6, summary.get("steps").asInt());
        assertEquals(Math.exp(summary.get("val_loss").asDouble()), summary.get("val_ppl").asDouble(), 1e-6);
        assertTrue(first.lines().stream().anyMatch(l -> l.startsWith("{\"event\":\"step\"")));
        assertTrue(Files.exists(checkpoint));

        Result resumed = run("train", "--resume", checkpoint.toString(), "--steps", "9", "--json", "--out",
                checkpoint.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        JsonNode after = Json.MAPPER.readTree(resumed.lines().get(resumed.lines().size() - 1));
        assertEquals(9, after.get("steps").asInt());
        assertEquals(3, resumed.lines().stream().filter(l -> l.startsWith("{\"event\":\"step\"")).count(),
                "--steps is the run's total: 3 more steps");

        Result eval = run("eval", "--checkpoint", checkpoint.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(Json.MAPPER.readTree(eval.out()).get("val_ppl").asDouble() > 1);
    }

    @Test
    void aCheckpointTrainedOnAFileEvaluatesAndResumesWithoutNamingTheFileAgain() throws Exception {
        Path corpus = Files.writeString(folder.resolve("my notes.txt"), "the cat sat on the mat. ".repeat(200));
        Path checkpoint = folder.resolve("bigram.ckpt");
        Result train = run("train", "--model", "bigram", "--corpus", corpus.toString(), "--steps", "3",
                "--context", "8", "--batch", "2", "--out", checkpoint.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("Saved checkpoint"), train.out());
        Result eval = run("eval", "--checkpoint", checkpoint.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        Result resume = run("train", "--resume", checkpoint.toString(), "--steps", "4");
        assertEquals(0, resume.exitCode(), resume.err());
        Files.writeString(corpus, "something else entirely. ".repeat(200));
        Result changed = run("train", "--resume", checkpoint.toString(), "--steps", "5");
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().contains("sha256"), changed.err());
    }

    @Test
    void fitCountsReportsTheClosedFormBelowUniform() throws Exception {
        Result r = run("fit-counts", "--corpus", "macbeth", "--tokenizer", "char", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode result = Json.MAPPER.readTree(r.out());
        assertTrue(result.get("val_loss").asDouble() < result.get("uniform_loss").asDouble());
        assertTrue(result.get("train_loss").asDouble() < result.get("val_loss").asDouble());
    }

    @Test
    void badInputGivesOneReadableLineAndExitCodeOne() throws Exception {
        Path empty = Files.createFile(folder.resolve("empty.txt"));
        Result r = run("train", "--corpus", empty.toString(), "--steps", "1");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("empty.txt"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());

        Path shortFile = Files.writeString(folder.resolve("short.txt"), "ab ab ab ab");
        Result tooShort = run("train", "--corpus", shortFile.toString(), "--steps", "1", "--context", "64");
        assertEquals(1, tooShort.exitCode());
        assertTrue(tooShort.err().contains("too short"), tooShort.err());

        Path notACheckpoint = Files.writeString(folder.resolve("x.ckpt"), "hello");
        Result corrupt = run("eval", "--checkpoint", notACheckpoint.toString());
        assertEquals(1, corrupt.exitCode());
        assertTrue(corrupt.err().contains("x.ckpt"), corrupt.err());

        Result badLr = run("train", "--corpus", "macbeth", "--steps", "1", "--lr", "-1");
        assertEquals(1, badLr.exitCode());
        assertTrue(badLr.err().contains("learning rate"), badLr.err());
    }
}
