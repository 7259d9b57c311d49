package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.CliRun.Result;
import org.slmworkshop.util.Json;

/** {@code slim}: the file it writes, the figures it states (checked against {@code eval}), and its refusals. */
class SlimCommandTest {
    @TempDir
    static Path folder;

    private static Path full;

    @BeforeAll
    static void train() {
        full = folder.resolve("gpt.ckpt");
        Result run = CliRun.main("train", "--model", "gpt", "--corpus", "macbeth", "--steps", "8", "--context", "16",
                "--batch", "4", "--dim", "16", "--heads", "2", "--layers", "1", "--out", full.toString(), "--no-save-best",
                "--json");
        assertEquals(0, run.exitCode(), run.err());
    }

    private static JsonNode json(Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.lines();
        return Json.MAPPER.readTree(lines.get(lines.size() - 1));
    }

    private static List<Double> stepLosses(Result run) throws Exception {
        List<Double> losses = new ArrayList<>();
        for (String line : run.lines()) {
            if (line.startsWith("{\"event\":\"step\"")) losses.add(Json.MAPPER.readTree(line).get("trainLoss").asDouble());
        }
        return losses;
    }

    @Test
    void theStatedSizesAndLossesAreTheFilesAndWhatEvalMeasuresOnThem() throws Exception {
        Path slim = folder.resolve("gpt-f16.ckpt");
        JsonNode report = json(CliRun.main("slim", "--checkpoint", full.toString(), "--out", slim.toString(), "--json"));
        assertEquals("float16", report.get("precision").asText());
        assertEquals(Files.size(full), report.get("bytes_before").asLong());
        assertEquals(Files.size(slim), report.get("bytes_after").asLong());
        double ratio = report.get("size_ratio").asDouble();
        assertTrue(ratio > 1 / 7.5 && ratio < 1 / 5.0, "float16 file is " + ratio + " of the full one");

        double evalFull = json(CliRun.main("eval", "--checkpoint", full.toString(), "--json")).get("val_loss").asDouble();
        double evalSlim = json(CliRun.main("eval", "--checkpoint", slim.toString(), "--json")).get("val_loss").asDouble();
        assertEquals(evalFull, report.get("val_loss_before").asDouble());
        assertEquals(evalSlim, report.get("val_loss_after").asDouble());
        assertEquals(evalSlim - evalFull, report.get("val_loss_change").asDouble(), 1e-15);
        assertTrue(Math.abs(evalSlim - evalFull) < 1e-3, evalFull + " → " + evalSlim);

        Result text = CliRun.main("slim", "--checkpoint", full.toString(), "--out", folder.resolve("again.ckpt").toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("without AdamW's moments") && text.out().contains("validation loss")
                && text.out().contains("(float16 rounding)"), text.out());

        // sampling, inspecting and the embedding map read it like any checkpoint
        assertEquals(0, CliRun.main("sample", "--checkpoint", slim.toString(), "--prompt", "The ", "--max-tokens", "8").exitCode());
        assertEquals(0, CliRun.main("inspect", "--checkpoint", slim.toString(), "--prompt", "The king").exitCode());
        assertEquals(0, CliRun.main("embeddings", "--checkpoint", slim.toString(), "--tokens", "3").exitCode());
    }

    @Test
    void trainResumeContinuesAWeightsOnlyFileWithTheMomentsResetAndSaysSo() throws Exception {
        Path slim = folder.resolve("gpt-f32.ckpt");
        json(CliRun.main("slim", "--checkpoint", full.toString(), "--out", slim.toString(), "--precision", "float32",
                "--no-eval", "--json"));
        Result reset = CliRun.main("train", "--resume", full.toString(), "--steps", "11", "--reset-optimizer", "--json");
        Result fromSlim = CliRun.main("train", "--resume", slim.toString(), "--steps", "11", "--json");
        assertEquals(0, fromSlim.exitCode(), fromSlim.err());
        assertEquals(3, stepLosses(fromSlim).size());
        assertEquals(stepLosses(reset), stepLosses(fromSlim), "the same weights, AdamW afresh in both");

        Result text = CliRun.main("train", "--resume", slim.toString(), "--steps", "9");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("it holds weights only (float32), no optimizer state, so this is --reset-optimizer"),
                text.out());

        Result experiment = CliRun.main("resume-experiment", "--checkpoint", slim.toString(), "--steps", "2");
        assertEquals(1, experiment.exitCode());
        assertEquals(1, experiment.err().lines().count(), experiment.err());
        assertTrue(experiment.err().contains("holds weights only (float32)"), experiment.err());
    }

    @Test
    void badInputGivesOneLineErrorsAndWritesNothing() throws Exception {
        Path out = folder.resolve("never.ckpt");
        Path text = Files.writeString(folder.resolve("notes.ckpt"), "not a checkpoint");
        Path slim = folder.resolve("slim-once.ckpt");
        json(CliRun.main("slim", "--checkpoint", full.toString(), "--out", slim.toString(), "--no-eval", "--json"));
        String[][] cases = {
                {folder.resolve("missing.ckpt").toString(), "float16", "does not exist"},
                {text.toString(), "float16", "cannot be loaded"},
                {slim.toString(), "float16", "already holds weights only (float16)"},
                {full.toString(), "bfloat16", "--precision must be float32 or float16"},
        };
        for (String[] c : cases) {
            Result result = CliRun.main("slim", "--checkpoint", c[0], "--out", out.toString(), "--precision", c[1]);
            assertEquals(1, result.exitCode(), result.out());
            assertTrue(result.err().startsWith("error: ") && result.err().contains(c[2]), result.err());
            assertEquals(1, result.err().lines().count(), result.err());
            assertFalse(Files.exists(out));
        }
    }
}
