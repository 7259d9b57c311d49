package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.Main;
import org.slmworkshop.cli.SampleCommand;
import org.slmworkshop.util.Json;
import picocli.CommandLine;

/** The {@code sample} command end to end on a two-step character bigram of Macbeth. */
class SampleCommandTest {
    @TempDir
    static Path folder;
    static Path checkpoint;

    private record Result(int exitCode, String out, String err) {}

    @BeforeAll
    static void trainACheckpoint() {
        checkpoint = folder.resolve("bigram.ckpt");
        Result train = capture(() -> Main.run("train", "--model", "bigram", "--corpus", "macbeth", "--steps", "2",
                "--context", "8", "--batch", "2", "--eval-every", "2", "--eval-batches", "1", "--json", "--out", checkpoint.toString()));
        assertEquals(0, train.exitCode(), train.err());
    }

    private static Result sample(String... args) {
        return capture(() -> {
            CommandLine cli = new CommandLine(new SampleCommand());
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {   // as Main's handler
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
            });
            return cli.execute(args);
        });
    }

    private static Result capture(java.util.function.IntSupplier command) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = command.getAsInt();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void jsonOutputFollowsTheExportSchemaAndRepeatsWithTheSameSeed() throws Exception {
        String[] args = {"--checkpoint", checkpoint.toString(), "--prompt", "The", "--strategy", "sample", "--temperature",
                "0.8", "--top-k", "10", "--max-tokens", "20", "--seed", "7", "--json"};
        Result first = sample(args), second = sample(args);
        assertEquals(0, first.exitCode(), first.err());
        JsonNode export = Json.MAPPER.readTree(first.out());
        assertEquals("slm-workshop-samples", export.get("format").asText());
        assertEquals("bigram", export.get("model").get("kind").asText());
        assertEquals("bigram.ckpt", export.get("model").get("checkpoint").asText());
        assertTrue(export.get("model").get("checkpointCreatedAt").asText().startsWith("20"));
        assertEquals(7, export.get("seed").asInt());
        JsonNode settings = export.get("samples").get(0).get("settings");
        assertEquals(10, settings.get("topK").asInt());
        assertEquals(export.get("samples").get(0).get("text"), Json.MAPPER.readTree(second.out()).get("samples").get(0).get("text"));
    }

    @Test
    void compareRunsEverySpecAndExports() throws Exception {
        Path out = folder.resolve("compare.md");
        Result r = sample("--checkpoint", checkpoint.toString(), "--prompt", "The", "--max-tokens", "15", "--compare", "greedy",
                "--compare", "temperature=0.8", "--compare", "top-p=0.9,temperature=0.9", "--compare", "beam=3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("1. greedy") && r.out().contains("4. beam=3"), r.out());
        assertTrue(r.out().contains("first different step"), r.out());
        assertTrue(Files.readString(out).contains("## First different step"));
    }

    @Test
    void beamPrintsEveryBeamAndGreedyStreams() {
        Result beam = sample("--checkpoint", checkpoint.toString(), "--prompt", "The", "--strategy", "beam", "--beam-width", "2",
                "--max-tokens", "5");
        assertEquals(0, beam.exitCode(), beam.err());
        assertTrue(beam.out().contains("beam=2 #1") && beam.out().contains("beam=2 #2"), beam.out());
        Result greedy = sample("--checkpoint", checkpoint.toString(), "--strategy", "greedy", "--max-tokens", "5",
                "--distribution", "3");
        assertEquals(0, greedy.exitCode(), greedy.err());
        assertTrue(greedy.err().contains("empty prompt: generation starts from <eot>"), greedy.err());
        assertTrue(greedy.out().contains("next token (greedy)"), greedy.out());
    }

    @Test
    void badInputGetsOneLineSayingWhatIsWrong() {
        Result unknown = sample("--checkpoint", checkpoint.toString(), "--prompt", "The 😀 king");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().startsWith("error: the prompt holds text the char tokenizer") && unknown.err().contains("U+1F600")
                && unknown.err().contains("--allow-unknown"), unknown.err());
        assertEquals(0, sample("--checkpoint", checkpoint.toString(), "--prompt", "The 😀 king", "--allow-unknown",
                "--max-tokens", "3").exitCode());

        Result temperature = sample("--checkpoint", checkpoint.toString(), "--temperature", "0");
        assertTrue(temperature.err().contains("error: temperature must be > 0"), temperature.err());
        Result topK = sample("--checkpoint", checkpoint.toString(), "--top-k", "0");
        assertTrue(topK.err().contains("error: top-k must be at least 1"), topK.err());
        Result topP = sample("--checkpoint", checkpoint.toString(), "--compare", "top-p=1.2");
        assertTrue(topP.err().contains("error: top-p must be in (0, 1]"), topP.err());
        Result missing = sample("--checkpoint", folder.resolve("nothing.ckpt").toString());
        assertTrue(missing.err().contains("error: Checkpoint") && missing.err().contains("does not exist"), missing.err());
        Result format = sample("--checkpoint", checkpoint.toString(), "--out", folder.resolve("x.pdf").toString());
        assertTrue(format.err().contains(".txt, .md or .json"), format.err());
    }
}
