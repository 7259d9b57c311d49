package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.CliRun.Result;
import org.slmworkshop.cli.CliRun;
import org.slmworkshop.cli.Main;
import org.slmworkshop.cli.SampleCommand;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusSplit;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.util.Json;
import picocli.CommandLine;

/** The {@code sample} command end to end on a two-step character bigram of Macbeth. */
class SampleCommandTest {
    @TempDir
    static Path folder;
    static Path checkpoint;

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
        return CliRun.capture(command);
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

    /** The JSON's tree holds the search: its kept leaves are the samples, and every kept path adds up to its beam. */
    @Test
    void beamJsonCarriesTheSearchTreeAndTreePrintsIt() throws Exception {
        Result json = sample("--checkpoint", checkpoint.toString(), "--prompt", "The", "--strategy", "beam", "--beam-width", "3",
                "--max-tokens", "6", "--copy-min", "0", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode export = Json.MAPPER.readTree(json.out());
        JsonNode tree = export.get("beamTree");
        assertTrue(tree != null && tree.get("nodes").size() > 1, json.out());
        JsonNode samples = export.get("samples");
        JsonNode beams = tree.get("beams");
        assertEquals(samples.size(), beams.size());
        JsonNode nodes = tree.get("nodes");
        for (int i = 0; i < beams.size(); i++) {
            JsonNode beam = beams.get(i).get("beam");
            assertEquals(samples.get(i).get("text").asText(), beam.get("text").asText());
            double sum = 0;                          // walk from the beam's node up to the root
            for (int node = beams.get(i).get("node").asInt(); node > 0; node = nodes.get(node).get("parent").asInt()) {
                assertEquals(node, nodes.get(node).get("id").asInt());
                sum += nodes.get(node).get("logProbability").asDouble();
            }
            assertEquals(beam.get("logProbability").asDouble(), sum, 1e-6, "beam " + (i + 1));
        }
        Result text = sample("--checkpoint", checkpoint.toString(), "--prompt", "The", "--strategy", "beam", "--beam-width", "2",
                "--max-tokens", "3", "--copy-min", "0", "--tree");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("├─") && text.out().contains("kept"), text.out());
        Result wrong = sample("--checkpoint", checkpoint.toString(), "--strategy", "greedy", "--tree");
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().startsWith("error: --tree draws a beam search"), wrong.err());
        assertEquals(1, wrong.err().strip().lines().count(), wrong.err());
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
        Result copyMin = sample("--checkpoint", checkpoint.toString(), "--copy-min", "-1");
        assertEquals(1, copyMin.exitCode());
        assertEquals("error: --copy-min must be at least 1 character, or 0 to skip the memorisation meter; got -1",
                copyMin.err().strip());
    }

    /** The longest prefix of text[i..] in the training text, by String.contains: an independent check of the index. */
    private static int bruteForceLongestMatch(String trainText, String text) {
        int best = 0;
        for (int i = 0; i < text.length(); i++) {
            int k = best + 1;
            while (i + k <= text.length() && trainText.contains(text.substring(i, i + k))) k++;
            best = Math.max(best, k - 1);
        }
        return best;
    }

    @Test
    void jsonCarriesTheMemorisationMeterAndItAgreesWithBruteForce() throws Exception {
        String trainText = CorpusSplit.of(CorpusCatalog.load("macbeth"), SplitSpec.DEFAULT).trainText();
        Path out = folder.resolve("memorised.json");
        Result r = sample("--checkpoint", checkpoint.toString(), "--prompt", "The", "--max-tokens", "60", "--seed", "3",
                "--copy-min", "3", "--json", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode export = Json.MAPPER.readTree(r.out());
        assertEquals(export, Json.MAPPER.readTree(Files.readString(out)), "--out writes the same fields");
        JsonNode report = export.get("memorisation");
        assertTrue(report.get("measured").asBoolean(), report.toString());
        assertEquals("macbeth", report.get("corpusId").asText());
        assertEquals(3, report.get("minSpan").asInt());
        String text = export.get("samples").get(0).get("text").asText();   // the continuation, without the prompt
        JsonNode meter = report.get("samples").get(0);
        assertEquals(3, meter.get("minSpan").asInt());
        assertEquals(text.length(), meter.get("textLength").asInt());
        assertEquals(bruteForceLongestMatch(trainText, text), meter.get("longestMatch").asInt());
        JsonNode longest = meter.get("longest");
        assertEquals(meter.get("longestMatch").asInt(), longest.get("length").asInt());
        assertEquals(text.substring(longest.get("start").asInt(), longest.get("end").asInt()), longest.get("text").asText());
        assertTrue(trainText.startsWith(longest.get("text").asText(), longest.get("trainingOffset").asInt()));

        boolean[] covered = new boolean[text.length()];
        assertTrue(meter.get("spans").size() > 0, "a 60-character sample shares some 3-character spans with Macbeth");
        for (JsonNode span : meter.get("spans")) {
            int start = span.get("start").asInt(), end = span.get("end").asInt();
            assertTrue(end - start >= 3);
            assertEquals(text.substring(start, end), span.get("text").asText());
            assertTrue(trainText.contains(span.get("text").asText()));
            assertTrue(start == 0 || !trainText.contains(text.substring(start - 1, end)), "maximal on the left: " + span);
            assertTrue(end == text.length() || !trainText.contains(text.substring(start, end + 1)), "maximal on the right: " + span);
            for (int i = start; i < end; i++) covered[i] = true;
        }
        int copied = 0;
        for (boolean c : covered) if (c) copied++;
        assertEquals(copied, meter.get("copiedCharacters").asInt());
        assertEquals((double) copied / text.length(), meter.get("copiedShare").asDouble(), 1e-12);
        assertEquals(SampleExporter.readJson(out).memorisation().samples().get(0).spans().size(), meter.get("spans").size());
    }

    @Test
    void textOutputReportsTheMeterAndMarksSpans() {
        Result streamed = sample("--checkpoint", checkpoint.toString(), "--prompt", "The", "--max-tokens", "40");
        assertEquals(0, streamed.exitCode(), streamed.err());
        assertTrue(streamed.out().contains("memorised: longest match ") && streamed.out().contains("% of characters in spans of ≥ 24"),
                streamed.out());
        Result compared = sample("--checkpoint", checkpoint.toString(), "--prompt", "The", "--max-tokens", "60", "--seed", "3",
                "--copy-min", "3", "--compare", "temperature=1", "--compare", "greedy");
        assertEquals(0, compared.exitCode(), compared.err());
        assertTrue(compared.out().contains("   memorised: longest span ") && compared.out().contains(", marked ⟦ ⟧"), compared.out());
        assertTrue(compared.out().contains("⟦") && compared.out().contains("⟧"), compared.out());
        Result off = sample("--checkpoint", checkpoint.toString(), "--max-tokens", "10", "--copy-min", "0");
        assertFalse(off.out().contains("memorised"), off.out());
    }

    @Test
    void aCheckpointWhoseCorpusIsGoneStillSamplesAndSaysTheMeterWasNotMeasured() throws Exception {
        Path text = folder.resolve("gone.txt");
        Files.writeString(text, "Tomorrow, and tomorrow, and tomorrow, creeps in this petty pace from day to day.\n".repeat(40));
        Path orphan = folder.resolve("orphan.ckpt");
        Result train = capture(() -> Main.run("train", "--model", "bigram", "--corpus", text.toString(), "--steps", "1",
                "--context", "8", "--batch", "2", "--eval-every", "1", "--eval-batches", "1", "--json", "--out", orphan.toString()));
        assertEquals(0, train.exitCode(), train.err());
        Files.delete(text);

        Result r = sample("--checkpoint", orphan.toString(), "--prompt", "To", "--max-tokens", "20");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("(20 tokens, log p = "), r.out());
        String expected = "memorised: not measured (the training text " + text + " is not found)";
        assertEquals(1, r.out().lines().filter(line -> line.startsWith("memorised:")).count(), r.out());
        assertTrue(r.out().contains(expected), r.out());

        Result json = sample("--checkpoint", orphan.toString(), "--prompt", "To", "--max-tokens", "20", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode report = Json.MAPPER.readTree(json.out()).get("memorisation");
        assertFalse(report.get("measured").asBoolean());
        assertEquals("the training text " + text + " is not found", report.get("reason").asText());
        assertEquals(0, report.get("samples").size());
        assertEquals("note: memorisation not measured (the training text " + text + " is not found)", json.err().strip());

        Files.writeString(text, "Out, out, brief candle! Life's but a walking shadow, a poor player.\n".repeat(40));
        Result changed = sample("--checkpoint", orphan.toString(), "--prompt", "To", "--max-tokens", "5");
        assertEquals(0, changed.exitCode(), changed.err());
        assertTrue(changed.out().contains("memorised: not measured (the training text of '") && changed.out().contains(
                "' changed since this checkpoint was saved (SHA-256 "), changed.out());
    }
}
