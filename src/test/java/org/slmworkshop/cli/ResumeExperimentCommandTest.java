package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.CliRun.Result;
import org.slmworkshop.util.Json;

/** {@code resume-experiment} and {@code train --resume --reset-optimizer}, checked against plain {@code train --resume}. */
class ResumeExperimentCommandTest {
    @TempDir
    Path folder;

    /** The losses of a {@code train --json} run's step events. */
    private static List<Double> stepLosses(Result run) throws Exception {
        List<Double> losses = new ArrayList<>();
        for (String line : run.lines()) {
            if (line.startsWith("{\"event\":\"step\"")) losses.add(Json.MAPPER.readTree(line).get("trainLoss").asDouble());
        }
        return losses;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asDouble()));
        return values;
    }

    @Test
    void experimentArmsEqualTrainResumeAndTrainResumeWithResetOptimizer() throws Exception {
        Path checkpoint = folder.resolve("gpt.ckpt");
        Result first = CliRun.main("train", "--model", "gpt", "--corpus", "macbeth", "--steps", "5", "--decay-steps", "9",
                "--context", "16", "--batch", "4", "--dim", "16", "--heads", "2", "--layers", "1", "--out", checkpoint.toString(),
                "--no-save-best", "--json");
        assertEquals(0, first.exitCode(), first.err());

        Result experiment = CliRun.main("resume-experiment", "--checkpoint", checkpoint.toString(), "--steps", "4", "--json");
        assertEquals(0, experiment.exitCode(), experiment.err());
        JsonNode report = Json.MAPPER.readTree(experiment.out());
        assertEquals(5, report.get("resume_step").asInt());
        assertEquals(0.0, report.get("max_loss_gap_proper_vs_uninterrupted").asDouble());
        assertEquals(0.0, report.get("final_weight_gap_proper_vs_uninterrupted").asDouble());
        assertEquals(0.0, report.get("replay_checkpoint_gap").asDouble());
        assertTrue(report.get("exact").asBoolean());
        List<Double> proper = doubles(report.get("losses").get("proper"));
        List<Double> reset = doubles(report.get("losses").get("weights_only"));
        assertEquals(proper, doubles(report.get("losses").get("uninterrupted")));

        // the same arms by the ordinary command: --steps is the total, so 4 more
        Result resumed = CliRun.main("train", "--resume", checkpoint.toString(), "--steps", "9", "--json");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(stepLosses(resumed), proper);
        Result weightsOnly = CliRun.main("train", "--resume", checkpoint.toString(), "--steps", "9", "--reset-optimizer", "--json");
        assertEquals(0, weightsOnly.exitCode(), weightsOnly.err());
        assertEquals(stepLosses(weightsOnly), reset);
        assertEquals(proper.get(0), reset.get(0), "step 6 is scored on the checkpoint's weights in both");
        assertFalse(proper.get(1).equals(reset.get(1)), "the reset moments change the first update");

        Result text = CliRun.main("resume-experiment", "--checkpoint", checkpoint.toString(), "--steps", "2");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("max |Δloss| = 0 over 2 steps") && text.out().contains("bit for bit"), text.out());
        assertTrue(text.out().contains("mean |Δθ| / learning rate"), text.out());
    }

    @Test
    void badInputGivesOneLineErrors() {
        Result missing = CliRun.main("resume-experiment", "--checkpoint", folder.resolve("none.ckpt").toString(), "--steps", "3");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("error: ") && missing.err().contains("does not exist"), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());

        Result noResume = CliRun.main("train", "--corpus", "macbeth", "--steps", "3", "--reset-optimizer");
        assertEquals(1, noResume.exitCode());
        assertTrue(noResume.err().contains("--reset-optimizer needs --resume"), noResume.err());
    }
}
