package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.CliRun.Result;
import org.slmworkshop.inspect.EmbeddingMap;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.util.Json;

/** {@code slm embeddings} on a low-rank model of Macbeth trained here: the coordinates recomputed from its E. */
class EmbeddingsCommandTest {
    @TempDir
    static Path folder;
    static Path lowRank, bigram;

    @BeforeAll
    static void trainCheckpoints() {
        lowRank = folder.resolve("lowrank.ckpt");
        bigram = folder.resolve("bigram.ckpt");
        Result train = CliRun.main("train", "--model", "lowrank", "--rank", "6", "--corpus", "macbeth", "--steps", "20",
                "--context", "8", "--batch", "4", "--eval-every", "20", "--eval-batches", "1", "--json", "--out", lowRank.toString());
        assertEquals(0, train.exitCode(), train.err());
        train = CliRun.main("train", "--model", "bigram", "--corpus", "macbeth", "--steps", "2", "--context", "8", "--batch", "2",
                "--eval-every", "2", "--eval-batches", "1", "--json", "--out", bigram.toString());
        assertEquals(0, train.exitCode(), train.err());
    }

    @Test
    void jsonCoordinatesAreTheCentredEmbeddingsProjectedOnTheAxesItReports() throws Exception {
        Result r = CliRun.main("embeddings", "--checkpoint", lowRank.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().lines().count(), "one JSON object on one line");
        JsonNode map = Json.MAPPER.readTree(r.out());
        Checkpoints.Loaded loaded = Checkpoints.load(lowRank);
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        float[] rows = loaded.model().store().get("embedding.weight").value().toHost();
        int vocab = tokenizer.vocabSize(), width = 6;
        assertEquals("lowrank", map.get("model").asText());
        assertEquals(vocab, map.get("vocab").asInt());
        assertEquals(width, map.get("width").asInt());
        assertEquals(vocab, map.get("tokens").size(), "every token listed");
        double[] mean = new double[width];
        for (int v = 0; v < vocab; v++) for (int j = 0; j < width; j++) mean[j] += rows[v * width + j] / (double) vocab;
        double sumSquaresX = 0, total = 0;
        for (int v = 0; v < vocab; v++) {
            JsonNode point = map.get("tokens").get(v);
            assertEquals(v, point.get("id").asInt());
            assertEquals(tokenizer.token(v), point.get("token").asText());
            for (int axis = 0; axis < 2; axis++) {
                double projection = 0;
                for (int j = 0; j < width; j++) {
                    projection += (rows[v * width + j] - mean[j]) * map.get("axes").get(axis).get(j).asDouble();
                }
                assertEquals(projection, point.get(axis == 0 ? "x" : "y").asDouble(), 1e-5, "token " + v + ", axis " + axis);
            }
            sumSquaresX += Math.pow(point.get("x").asDouble(), 2);
            for (int j = 0; j < width; j++) total += Math.pow(rows[v * width + j] - mean[j], 2) / vocab;
        }
        assertEquals(sumSquaresX / vocab, map.get("variance").get(0).asDouble(), 1e-5);
        assertEquals(sumSquaresX / vocab / total, map.get("variance_share").get(0).asDouble(), 1e-5);
        assertEquals("vowel", map.get("tokens").get(tokenizer.encode("a").ids()[0]).get("class").asText());
    }

    @Test
    void neighboursAreNamedByTextOrLabelAndMatchTheEngine() throws Exception {
        Result r = CliRun.main("embeddings", "--checkpoint", lowRank.toString(), "--neighbours", "e", "--neighbours", "␣",
                "--count", "3", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode map = Json.MAPPER.readTree(r.out());
        assertEquals(0, map.get("tokens").size(), "with --neighbours only the neighbours, unless --tokens asks");
        Checkpoints.Loaded loaded = Checkpoints.load(lowRank);
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        EmbeddingMap engine = EmbeddingMap.of(loaded.model());
        List<String> asked = List.of("e", " ");
        for (int i = 0; i < 2; i++) {
            JsonNode entry = map.get("neighbours").get(i);
            int id = tokenizer.encode(asked.get(i)).ids()[0];
            assertEquals(id, entry.get("id").asInt());
            List<EmbeddingMap.Neighbour> expected = engine.neighbours(id, 3);
            assertEquals(3, entry.get("nearest").size());
            for (int k = 0; k < 3; k++) {
                assertEquals(expected.get(k).token(), entry.get("nearest").get(k).get("id").asInt());
                assertEquals(expected.get(k).similarity(), entry.get("nearest").get(k).get("similarity").asDouble(), 1e-12);
            }
        }

        Result text = CliRun.main("embeddings", "--checkpoint", lowRank.toString(), "--neighbours", "e", "--count", "2", "--tokens", "3");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("PC1 shows "), text.out());
        assertTrue(text.out().contains("nearest to 'e' (cosine similarity):"), text.out());
        assertTrue(text.out().contains("<eot>"), "the first three ids are listed: " + text.out());
    }

    @Test
    void mistakesAreOneLine() {
        Result r = CliRun.main("embeddings", "--checkpoint", bigram.toString());
        assertEquals(1, r.exitCode());
        assertEquals("error: a bigram model has no token embeddings: its table maps each previous token straight to next-token"
                + " scores. Train a low-rank model or a GPT to see a map.", r.err().strip());
        r = CliRun.main("embeddings", "--checkpoint", lowRank.toString(), "--neighbours", "the");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().strip().startsWith("error: 'the' is not one token of this checkpoint's char tokenizer (it is 3 tokens)"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
