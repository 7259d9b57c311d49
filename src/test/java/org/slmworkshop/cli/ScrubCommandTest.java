package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.CliRun.Result;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.util.Json;

/** {@code train --snapshots} and {@code sample --at-step}: scrubbing back through a run from the command line. */
class ScrubCommandTest {
    @TempDir
    Path folder;

    /** A tiny GPT on Macbeth with a constant learning rate, so a shorter run is the longer one's beginning. */
    private Result train(int steps, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "gpt", "--corpus", "macbeth", "--steps",
                String.valueOf(steps), "--context", "16", "--batch", "4", "--layers", "1", "--heads", "2", "--dim", "16",
                "--eval-every", "4", "--eval-batches", "1", "--schedule", "constant", "--warmup", "0", "--no-save-best",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.main(args.toArray(String[]::new));
    }

    private static JsonNode sample(Path checkpoint, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("sample", "--checkpoint", checkpoint.toString(), "--prompt", "The ",
                "--temperature", "0.8", "--max-tokens", "40", "--seed", "7", "--copy-min", "0", "--json"));
        args.addAll(List.of(more));
        Result result = CliRun.main(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err());
        return Json.MAPPER.readTree(result.out());
    }

    private static String text(JsonNode export) {
        return export.get("samples").get(0).get("text").asText();
    }

    @Test
    void aSampleAtAKeptStepEqualsOneFromACheckpointSavedAtThatStep() throws Exception {
        Path run = folder.resolve("run.ckpt");
        Result whole = train(12, run, "--snapshots");
        assertEquals(0, whole.exitCode(), whole.err());
        assertTrue(whole.out().contains("Kept 4 snapshots"), whole.out());
        assertTrue(whole.out().contains("at steps 0, 4, 8, 12"), whole.out());
        assertEquals(List.of(0, 4, 8, 12), Checkpoints.snapshotSteps(run));

        Path atEight = folder.resolve("at8.ckpt");
        Result shorter = train(8, atEight);
        assertEquals(0, shorter.exitCode(), shorter.err());
        assertEquals(List.of(), Checkpoints.snapshotSteps(atEight));

        JsonNode fromCheckpoint = sample(atEight);
        JsonNode scrubbed = sample(run, "--at-step", "8");
        assertEquals(text(fromCheckpoint), text(scrubbed));
        assertEquals(8, scrubbed.get("model").get("trainingSteps").asInt());
        assertNotEquals(text(fromCheckpoint), text(sample(run)), "the end of the run writes something else");

        Result missing = CliRun.main("sample", "--checkpoint", run.toString(), "--at-step", "5", "--copy-min", "0");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("error: "), missing.err());
        assertTrue(missing.err().contains("keeps no snapshot at step 5; it keeps steps 0, 4, 8, 12."), missing.err());
        Result none = CliRun.main("sample", "--checkpoint", atEight.toString(), "--at-step", "4", "--copy-min", "0");
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("keeps no run snapshots (train with --snapshots to keep them)"), none.err());

        // a resumed run keeps the checkpoint's snapshots and adds its own
        Path resumed = folder.resolve("resumed.ckpt");
        Result more = CliRun.main("train", "--resume", run.toString(), "--steps", "16", "--snapshots", "--no-save-best",
                "--out", resumed.toString());
        assertEquals(0, more.exitCode(), more.err());
        assertEquals(List.of(0, 4, 8, 12, 16), Checkpoints.snapshotSteps(resumed));
        assertEquals(text(scrubbed), text(sample(resumed, "--at-step", "8")));
    }

    @Test
    void snapshotsNeedACheckpointAndABudget() {
        Result noOut = CliRun.main("train", "--model", "bigram", "--steps", "2", "--snapshots");
        assertEquals(1, noOut.exitCode());
        assertTrue(noOut.err().contains("--snapshots needs --out"), noOut.err());
        Result zero = CliRun.main("train", "--model", "bigram", "--steps", "2", "--snapshots", "0", "--out",
                folder.resolve("x.ckpt").toString());
        assertEquals(1, zero.exitCode());
        assertTrue(zero.err().contains("at least 1 MB"), zero.err());
    }
}
