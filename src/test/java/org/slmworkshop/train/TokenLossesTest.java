package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.cli.CliRun;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.util.Json;
import org.slmworkshop.util.Rng;

/** Per-token losses: by hand for the bigram, and averaging to the sliding-window cross-entropy that eval reports. */
class TokenLossesTest {
    @TempDir
    Path folder;

    private static LanguageModel trained(PreparedCorpus prepared, org.slmworkshop.model.ModelConfig config, int steps) {
        LanguageModel model = Models.create(config, new Rng(3));
        new Trainer(model, prepared.data(), TrainFixtures.config(steps, 3e-2, Schedule.CONSTANT, 0, 8))
                .run(event -> {}, new RunControl());
        return model;
    }

    @Test
    void aBigramsTokenLossesAreMinusLogOfItsTransitionRowSoftmax() {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        Tokenizer tokenizer = prepared.tokenizer();
        BigramModel bigram = (BigramModel) trained(prepared, new BigramConfig(tokenizer.vocabSize(), 8), 20);
        int[] passage = Arrays.copyOf(prepared.data().validationTokens(), 300);
        TokenLosses.Result result = TokenLosses.of(bigram, tokenizer, passage, 8, 3, 5);

        assertEquals(passage.length - 1, result.tokens().size(), "every target once, token 0 not at all");
        assertEquals(passage[0], result.firstId());
        for (int p = 1; p < passage.length; p++) {
            TokenLosses.TokenLoss token = result.tokens().get(p - 1);
            assertEquals(p, token.position());
            assertEquals(passage[p], token.id());
            assertEquals(tokenizer.decode(new int[] {passage[p]}), token.piece());
            // by hand: p(next | previous) = e^{z_next} / Σ_v e^{z_v} over the previous token's row
            float[] row = bigram.transitionRow(passage[p - 1]);
            double sum = 0;
            for (float z : row) sum += Math.exp(z);
            assertEquals(-Math.log(Math.exp(row[passage[p]]) / sum), token.loss(), 1e-9, "position " + p);
            // windows of 8 every 3: the first scores 1…8, window k ≥ 1 scores 3k + 6 … 3k + 8 with context p − 3k
            int window = p <= 8 ? 0 : (p - 8 + 2) / 3;
            assertEquals(window, token.window(), "position " + p);
            assertEquals(p - 3 * window, token.contextLength(), "position " + p);
        }
        double mean = result.tokens().stream().mapToDouble(TokenLosses.TokenLoss::loss).average().orElseThrow();
        assertEquals(mean, result.crossEntropy(), 1e-12);
        assertEquals(Math.exp(mean), result.perplexity(), 1e-9);
        assertEquals(Perplexity.slidingWindow(bigram, passage, 8, 3, 5).crossEntropy(), result.crossEntropy(), 1e-6);
    }

    @Test
    void theLossesAverageToTheSlidingWindowCrossEntropyForABigramAndASmallGpt() {
        PreparedCorpus prepared = TrainFixtures.macbethChars();
        Tokenizer tokenizer = prepared.tokenizer();
        int vocab = tokenizer.vocabSize();
        int[] validation = prepared.data().validationTokens();
        List<LanguageModel> models = List.of(trained(prepared, new BigramConfig(vocab, 32), 30),
                trained(prepared, new GptConfig(vocab, 32, 32, 2, 2, 0.0, false, true), 30));
        for (LanguageModel model : models) {
            for (int[] strideAndBatch : new int[][] {{16, 16}, {13, 7}, {32, 3}}) {
                int stride = strideAndBatch[0], batch = strideAndBatch[1];
                String where = model.config().kind() + ", stride " + stride + ", batch " + batch;
                Perplexity.Result reported = Perplexity.slidingWindow(model, validation, 32, stride, batch);
                TokenLosses.Result losses = TokenLosses.of(model, tokenizer, validation, 32, stride, batch);
                assertEquals(reported.tokensScored(), losses.tokens().size(), where);
                double mean = losses.tokens().stream().mapToDouble(TokenLosses.TokenLoss::loss).sum() / losses.tokens().size();
                assertEquals(reported.crossEntropy(), mean, 1e-6, where);
                assertEquals(reported.perplexity(), losses.perplexity(), 1e-5 * reported.perplexity(), where);
                assertTrue(reported.crossEntropy() < Math.log(vocab) - 0.3, where + ": it learned something");
                for (TokenLosses.TokenLoss token : losses.tokens()) {
                    assertTrue(token.contextLength() >= Math.min(token.position(), 32 - stride + 1)
                            && token.contextLength() <= 32, where + ": at least context − stride tokens of history");
                }
            }
        }
        // the first N targets of a passage are scored exactly as in the whole passage (what eval --tokens N relies on)
        LanguageModel gpt = models.get(1);
        TokenLosses.Result whole = TokenLosses.of(gpt, tokenizer, validation, 32, 13, 8);
        TokenLosses.Result prefix = TokenLosses.of(gpt, tokenizer, Arrays.copyOf(validation, 101), 32, 13, 8);
        for (int i = 0; i < 100; i++) {
            TokenLosses.TokenLoss a = whole.tokens().get(i), b = prefix.tokens().get(i);
            assertEquals(a.loss(), b.loss(), 1e-6, "position " + a.position());
            assertEquals(a.contextLength(), b.contextLength());
            assertEquals(a.window(), b.window());
        }
    }

    @Test
    void badInputGetsOneClearMessage() {
        PreparedCorpus prepared = TrainFixtures.tiny("abcabcabc abc");
        LanguageModel model = Models.create(new BigramConfig(prepared.tokenizer().vocabSize(), 4), new Rng(0));
        int[] tokens = prepared.tokenizer().encode("abcab").ids();
        assertEquals("stride must be in [1, 4], got 5", assertThrows(IllegalArgumentException.class,
                () -> TokenLosses.of(model, prepared.tokenizer(), tokens, 4, 5, 2)).getMessage());
        assertEquals("need at least 2 tokens to evaluate", assertThrows(IllegalArgumentException.class,
                () -> TokenLosses.of(model, prepared.tokenizer(), new int[] {2}, 4, 2, 2)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TokenLosses.of(model, prepared.tokenizer(), tokens, 4, 2, 0)).getMessage().contains("at least 1 window"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TokenLosses.of(model, TrainFixtures.macbethChars().tokenizer(), tokens, 4, 2, 2)).getMessage()
                .contains("do not belong together"));
        TokenLosses.Result text = TokenLosses.ofText(model, prepared.tokenizer(), "cab", 2, 2);
        assertEquals(List.of("a", "b"), text.tokens().stream().map(TokenLosses.TokenLoss::piece).toList());
        assertEquals("c", text.firstPiece());
    }

    private static CliRun.Result cli(String... args) {
        return CliRun.main(args);
    }

    @Test
    void evalListsTokenLossesThatAverageToTheCrossEntropyItPrints() throws Exception {
        Path checkpoint = folder.resolve("gpt.ckpt");
        CliRun.Result train = cli("train", "--model", "gpt", "--corpus", "macbeth", "--steps", "4", "--context", "16", "--batch", "4",
                "--layers", "1", "--heads", "2", "--width", "16", "--json", "--out", checkpoint.toString());
        assertEquals(0, train.exitCode(), train.err());

        CliRun.Result all = cli("eval", "--checkpoint", checkpoint.toString(), "--stride", "5", "--tokens", "0", "--json");
        assertEquals(0, all.exitCode(), all.err());
        JsonNode line = Json.MAPPER.readTree(all.out());
        JsonNode tokens = line.get("token_losses");
        assertEquals(line.get("tokens").asLong(), tokens.size(), "--tokens 0 lists every scored token");
        double sum = 0;
        for (JsonNode token : tokens) sum += token.get("loss").asDouble();
        assertEquals(line.get("val_loss").asDouble(), sum / tokens.size(), 1e-6, "the mean of the listed losses is val_loss");
        assertEquals(line.get("val_loss").asDouble(), line.get("token_losses_mean").asDouble(), 1e-6);
        JsonNode first = tokens.get(0);
        assertEquals(1, first.get("position").asInt());
        assertEquals(1, first.get("contextLength").asInt());
        assertEquals(0, first.get("window").asInt());
        assertEquals(5, line.get("token_windows").get(1).get("begin").asInt(), "windows every 5 tokens");

        CliRun.Result text = cli("eval", "--checkpoint", checkpoint.toString(), "--tokens", "3");
        assertEquals(0, text.exitCode(), text.err());
        List<String> lines = text.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.contains("position")).findFirst().orElseThrow());
        assertTrue(lines.get(header - 1).contains("the first 3 of"), text.out());
        for (int i = 1; i <= 3; i++) assertTrue(lines.get(header + i).trim().startsWith(i + " "), text.out());
        assertTrue(lines.get(header + 4).contains("mean of these 3"), text.out());

        CliRun.Result defaulted = cli("eval", "--checkpoint", checkpoint.toString(), "--json", "--tokens");
        assertEquals(0, defaulted.exitCode(), defaulted.err());
        assertEquals(40, Json.MAPPER.readTree(defaulted.out()).get("token_losses").size(), "--tokens alone lists 40");

        CliRun.Result bad = cli("eval", "--checkpoint", checkpoint.toString(), "--tokens=-2");
        assertEquals(1, bad.exitCode());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("error: --tokens must be"), bad.err());
    }
}
