package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.CliRun.Result;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.cuda.CudaRuntime;
import org.slmworkshop.kernels.cuda.CudaStatus;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.util.Json;

/** The CLI end to end, in-process: what instructors and the benchmark rely on. */
class CliTest {
    @TempDir
    Path folder;

    private static Result run(String... args) {
        return CliRun.main(args);
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
    void saveEverySavesDuringTheRunAndTheBestCheckpointSitsBesideOut() throws Exception {
        Path checkpoint = folder.resolve("run.ckpt");
        Result r = run("train", "--model", "lowrank", "--corpus", "macbeth", "--steps", "10", "--context", "16",
                "--batch", "4", "--rank", "8", "--eval-every", "3", "--save-every", "4", "--json",
                "--out", checkpoint.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : r.lines()) events.add(Json.MAPPER.readTree(line));
        List<Integer> periodic = events.stream().filter(e -> e.get("event").asText().equals("saved") && !e.get("best").asBoolean())
                .map(e -> e.get("step").asInt()).toList();
        assertEquals(List.of(4, 8), periodic);
        JsonNode lowest = events.stream().filter(e -> e.get("event").asText().equals("evaluated"))
                .min((a, b) -> Double.compare(a.get("validationLoss").asDouble(), b.get("validationLoss").asDouble()))
                .orElseThrow();
        JsonNode summary = events.get(events.size() - 1);
        Path best = folder.resolve("run.best.ckpt");
        assertEquals(best.toString(), summary.get("best_checkpoint").asText());
        assertEquals(lowest.get("step").asInt(), summary.get("best_step").asInt());
        assertEquals(lowest.get("validationLoss").asDouble(), summary.get("best_val_loss").asDouble(), 0);
        assertEquals(summary.get("best_step").asInt(), Checkpoints.readState(best).step());
        assertEquals(10, Checkpoints.readState(checkpoint).step(), "the end of the run is saved too");
        assertFalse(summary.get("cancelled").asBoolean());
        assertTrue(summary.get("sliding_ppl").asDouble() > 1);

        Path quiet = folder.resolve("quiet.ckpt");
        Result text = run("train", "--model", "bigram", "--corpus", "macbeth", "--steps", "6", "--context", "8",
                "--batch", "2", "--eval-every", "2", "--save-every", "3", "--no-save-best", "--out", quiet.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("step 3: saved " + quiet), text.out());
        assertFalse(text.out().contains("Best validation loss"), text.out());
        assertFalse(Files.exists(folder.resolve("quiet.best.ckpt")), "--no-save-best writes no second file");
    }

    @Test
    void badSaveOptionsGiveOneLineErrors() {
        Path checkpoint = folder.resolve("x.ckpt");
        for (String[] args : List.of(
                new String[] {"--save-every", "0", "--out", checkpoint.toString()},
                new String[] {"--save-every", "-5", "--out", checkpoint.toString()},
                new String[] {"--save-every", "10"},
                new String[] {"--save-best"})) {
            List<String> command = new java.util.ArrayList<>(List.of("train", "--corpus", "macbeth", "--steps", "20"));
            command.addAll(List.of(args));
            Result r = run(command.toArray(String[]::new));
            assertEquals(1, r.exitCode(), String.join(" ", args));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: --save-"), r.err());
        }
        Result zero = run("train", "--corpus", "macbeth", "--steps", "20", "--save-every", "0", "--out", checkpoint.toString());
        assertTrue(zero.err().contains("at least 1"), zero.err());
        Result noOut = run("train", "--corpus", "macbeth", "--steps", "20", "--save-every", "10");
        assertTrue(noOut.err().contains("needs --out"), noOut.err());
        assertFalse(Files.exists(checkpoint));
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

    @Test
    void backendCudaWithoutAUsableGpuIsOneErrorLineAndExitCodeOne() {
        CudaStatus status = CudaRuntime.status();
        assumeFalse(status.usable(), "this machine has a usable GPU");
        Result r = run("train", "--backend", "cuda", "--model", "bigram", "--corpus", "macbeth", "--steps", "1");
        assertEquals(1, r.exitCode());
        assertEquals(List.of("error: --backend cuda cannot run here: " + status.problem()), r.err().lines().toList(),
                "exactly one line, no stack trace");
        assertEquals("", r.out(), "nothing was trained");

        String before = System.getProperty(BackendMode.PROPERTY);
        try {
            System.setProperty(BackendMode.PROPERTY, "cuda");   // what the launcher's --backend cuda passes
            Result fromLauncher = run("eval", "--checkpoint", folder.resolve("none.ckpt").toString());
            assertEquals(1, fromLauncher.exitCode());
            assertTrue(fromLauncher.err().startsWith("error: --backend cuda cannot run here: "), fromLauncher.err());
        } finally {
            if (before == null) System.clearProperty(BackendMode.PROPERTY);
            else System.setProperty(BackendMode.PROPERTY, before);
        }
    }

    @Test
    void backendAutoTrainsAGptOnTheCpuWhereThereIsNoGpu() throws Exception {
        CudaStatus status = CudaRuntime.status();
        Result r = run("train", "--backend", "auto", "--model", "gpt", "--corpus", "macbeth", "--steps", "3",
                "--context", "16", "--batch", "2", "--layers", "1", "--heads", "2", "--dim", "16",
                "--eval-every", "3", "--eval-batches", "1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode summary = Json.MAPPER.readTree(r.lines().get(r.lines().size() - 1));
        assertEquals(3, summary.get("steps").asInt());
        assertTrue(Double.isFinite(summary.get("train_loss").asDouble()), summary.toString());
        assertEquals(status.usable() ? "cuda" : "cpu", Backends.standard().name());
        if (!status.usable()) {
            // the reason is worth a line only when a driver is there and its GPU goes unused
            assertEquals(status.driverFound(), r.err().contains("backend: cpu (asked: auto): " + status.problem()), r.err());
        }
    }

    @Test
    void anUnknownBackendIsAOneLineUsageErrorAndHelpListsTheChoices() {
        Result r = run("sample", "--checkpoint", "x.ckpt", "--backend", "tpu");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("error: Invalid value for option '--backend': unknown backend 'tpu': use cpu, cuda or auto"
                + " (see 'slm sample --help')"), r.err().lines().toList());

        Result help = run("train", "--help");   // what that line points to
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("--backend=cpu|cuda|auto"), help.out());
    }

    @Test
    void infoShowsWhatTheMachineOffersCudaAndWhatAutoWouldChoose() throws Exception {
        CudaStatus status = CudaRuntime.status();
        Result text = run("info");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("cpu:       ND4J Cpu backend on CPU"), text.out());
        assertTrue(text.out().contains("cuda:      " + (status.usable() ? "usable" : "not usable: " + status.problem())), text.out());
        assertTrue(text.out().contains("  libraries: libcuda.so.1"), text.out());
        assertTrue(text.out().contains("  driver:    "), text.out());
        if (!status.usable()) {
            assertTrue(text.out().contains("  searched:  " + status.searched().get(0)), text.out());
        }

        Result json = run("info", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode report = Json.MAPPER.readTree(json.out());
        assertEquals("Cpu", report.get("backend").get("backend").asText());
        JsonNode cuda = report.get("cuda");
        assertEquals(status.usable(), cuda.get("usable").asBoolean());
        assertTrue(cuda.get("libraries").has("libnvrtc.so.13"), cuda.toString());
        assertEquals(status.searched().size(), cuda.get("searched").size());
        assertEquals(status.usable() ? "cuda" : "cpu", report.get("auto").get("chosen").asText());
        if (!status.usable()) assertEquals(status.problem(), cuda.get("problem").asText());
    }
}
