package org.slmworkshop.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.Perplexity;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.TokenLosses;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", description = "Sliding-window cross-entropy and perplexity of a checkpoint on its validation split.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true)
    Path checkpoint;

    @Option(names = "--corpus", description = "Evaluate on another corpus (default: the one the checkpoint was trained on).")
    String corpus;

    @Option(names = "--stride", defaultValue = "0", description = "Window stride (0: half the context; 1 is exact but slow).")
    int stride;

    @Option(names = "--batch", defaultValue = "16")
    int batch;

    @Option(names = "--tokens", arity = "0..1", fallbackValue = "40", paramLabel = "N",
            description = "Also list the first N validation tokens (40 when N is left out, 0 for all), each with its loss"
                    + " −log p(token | context), the context it was scored with and its window.")
    Integer tokens;

    @Option(names = "--json")
    boolean json;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() {
        if (tokens != null && tokens < 0) {
            throw new IllegalArgumentException("--tokens must be a count of tokens to list, or 0 for all of them, got " + tokens);
        }
        backend.chooseAndUse();
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        Corpus text = corpus == null ? loaded.loadCorpus() : CorpusCatalog.load(corpus);
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        PreparedCorpus prepared = PreparedCorpus.prepare(text, loaded.split(), tokenizer);
        int context = loaded.model().config().contextLength();
        int effectiveStride = stride == 0 ? Math.max(1, context / 2) : stride;
        long start = System.nanoTime();
        Perplexity.Result result = Perplexity.slidingWindow(loaded.model(), prepared.data().validationTokens(), context,
                effectiveStride, batch);
        TokenLosses.Result listed = tokens == null ? null : firstTokenLosses(loaded, tokenizer,
                prepared.data().validationTokens(), context, effectiveStride);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("checkpoint", checkpoint.toString());
        line.put("model", loaded.model().config().kind());
        line.put("steps", loaded.state().step());
        line.put("corpus", text.id());
        line.put("stride", effectiveStride);
        line.put("tokens", result.tokensScored());
        line.put("val_loss", result.crossEntropy());
        line.put("val_ppl", result.perplexity());
        line.put("unknown_tokens", prepared.validationUnknowns());
        line.put("wall_s", (System.nanoTime() - start) / 1e9);
        if (listed != null) {
            line.put("token_losses", listed.tokens());
            line.put("token_losses_mean", listed.crossEntropy());
            line.put("token_windows", listed.windows());
        }
        if (json) {
            System.out.println(Json.line(line));
        } else {
            System.out.printf("%s after %d steps on %s validation (%,d tokens, context %d, stride %d):%n",
                    loaded.model().config().kind(), loaded.state().step(), text.id(), result.tokensScored(), context,
                    effectiveStride);
            System.out.printf("  cross-entropy %.4f nats, perplexity %.2f%n", result.crossEntropy(), result.perplexity());
            if (listed != null) printTokenLosses(listed, tokenizer, result);
        }
        return 0;
    }

    /**
     * The first N targets of the split, scored on its first N + 1 tokens: the windows that score them
     * start at the same places and give each the same context as in the whole split.
     */
    private TokenLosses.Result firstTokenLosses(Checkpoints.Loaded loaded, Tokenizer tokenizer, int[] validation,
                                                int context, int effectiveStride) {
        int count = tokens == 0 ? validation.length - 1 : Math.min(tokens, validation.length - 1);
        return TokenLosses.of(loaded.model(), tokenizer, Arrays.copyOf(validation, count + 1), context, effectiveStride,
                batch);
    }

    private static void printTokenLosses(TokenLosses.Result listed, Tokenizer tokenizer, Perplexity.Result whole) {
        int count = listed.tokens().size();
        System.out.printf("%n  the first %,d of %,d scored tokens, each with −log p(token | context) in nats:%n", count,
                whole.tokensScored());
        System.out.printf("  %8s  %-12s %8s  %7s  %6s%n", "position", "token", "loss", "context", "window");
        for (TokenLosses.TokenLoss token : listed.tokens()) {
            System.out.printf(Locale.ROOT, "  %8d  %-12s %8.4f  %7d  %6d%n", token.position(), tokenizer.token(token.id()),
                    token.loss(), token.contextLength(), token.window());
        }
        System.out.printf(Locale.ROOT, "  mean of these %,d: %.4f nats%s; token 0 (%s) has no context and is not scored%n",
                count, listed.crossEntropy(), count == whole.tokensScored() ? ", the cross-entropy above" : "",
                tokenizer.token(listed.firstId()));
    }
}
