package org.slmworkshop.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.Perplexity;
import org.slmworkshop.train.PreparedCorpus;
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

    @Option(names = "--json")
    boolean json;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() {
        backend.chooseAndUse();
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        Corpus text = corpus == null ? loaded.loadCorpus() : CorpusCatalog.load(corpus);
        PreparedCorpus prepared = PreparedCorpus.prepare(text, loaded.split(), Tokenizers.restore(loaded.tokenizerState()));
        int context = loaded.model().config().contextLength();
        int effectiveStride = stride == 0 ? Math.max(1, context / 2) : stride;
        long start = System.nanoTime();
        Perplexity.Result result = Perplexity.slidingWindow(loaded.model(), prepared.data().validationTokens(), context,
                effectiveStride, batch);
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
        if (json) {
            System.out.println(Json.line(line));
        } else {
            System.out.printf("%s after %d steps on %s validation (%,d tokens, context %d, stride %d):%n",
                    loaded.model().config().kind(), loaded.state().step(), text.id(), result.tokensScored(), context,
                    effectiveStride);
            System.out.printf("  cross-entropy %.4f nats, perplexity %.2f%n", result.crossEntropy(), result.perplexity());
        }
        return 0;
    }
}
