package org.slmworkshop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.Checkpoints.Precision;
import org.slmworkshop.train.Memory;
import org.slmworkshop.train.Perplexity;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "slim", sortOptions = false,
        description = "Write a weights-only copy of a checkpoint to ship (no AdamW moments, no run snapshots; float16 by"
                + " default, a sixth of the full file) and state what it costs: both files' sizes and validation losses.")
final class SlimCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "The full checkpoint, as train saved it.")
    Path checkpoint;

    @Option(names = "--out", required = true, description = "Where to write the weights-only checkpoint.")
    Path out;

    @Option(names = "--precision", defaultValue = "float16",
            description = "float16 (2 bytes a weight, rounded to 11 significant bits) or float32 (4 bytes, exact).")
    String precision;

    @Option(names = "--no-eval", description = "Leave out the two validation passes (the corpus need not be at hand).")
    boolean noEval;

    @Option(names = "--stride", defaultValue = "0", description = "Window stride of the validation loss, as in eval (0: half the context).")
    int stride;

    @Option(names = "--batch", defaultValue = "16")
    int batch;

    @Option(names = "--json")
    boolean json;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() {
        Precision chosen;
        try {
            chosen = Precision.of(precision);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
        Checkpoints.WeightsOnly written = Checkpoints.saveWeightsOnly(checkpoint, out, chosen);   // checks the input first
        long before = size(checkpoint), after = size(out);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("checkpoint", checkpoint.toString());
        line.put("out", out.toString());
        line.put("precision", chosen.id());
        line.put("parameters", written.parameterCount());
        line.put("bytes_before", before);
        line.put("bytes_after", after);
        line.put("size_ratio", after / (double) before);
        line.put("max_abs_weight_change", written.maxAbsChange());
        if (!noEval) {
            backend.chooseAndUse();
            Checkpoints.Loaded full = Checkpoints.load(checkpoint);
            Corpus corpus = full.loadCorpus();
            PreparedCorpus prepared = PreparedCorpus.prepare(corpus, full.split(), Tokenizers.restore(full.tokenizerState()));
            int context = full.model().config().contextLength();
            int effectiveStride = stride == 0 ? Math.max(1, context / 2) : stride;
            int[] validation = prepared.data().validationTokens();
            Perplexity.Result lossBefore = Perplexity.slidingWindow(full.model(), validation, context, effectiveStride, batch);
            Perplexity.Result lossAfter = Perplexity.slidingWindow(Checkpoints.load(out).model(), validation, context,
                    effectiveStride, batch);
            line.put("corpus", corpus.id());
            line.put("tokens", lossBefore.tokensScored());
            line.put("stride", effectiveStride);
            line.put("val_loss_before", lossBefore.crossEntropy());
            line.put("val_loss_after", lossAfter.crossEntropy());
            line.put("val_loss_change", lossAfter.crossEntropy() - lossBefore.crossEntropy());
        }
        if (json) {
            System.out.println(Json.line(line));
            return 0;
        }
        System.out.printf(Locale.ROOT, "Wrote %s: the %,d weights of %s only (%s), without AdamW's moments or run snapshots%n",
                out, written.parameterCount(), checkpoint, chosen.id());
        System.out.printf(Locale.ROOT, "  size             %s -> %s (%.1f %% of the full file)%n", Memory.human(before),
                Memory.human(after), 100.0 * after / before);
        if (chosen == Precision.FLOAT16) {
            System.out.printf(Locale.ROOT, "  largest |Δθ|     %.3e (float16 rounding)%n", written.maxAbsChange());
        }
        if (!noEval) {
            System.out.printf(Locale.ROOT, "  validation loss  %.5f -> %.5f nats (%+.5f) on %s, %,d tokens, stride %d%n",
                    (double) line.get("val_loss_before"), (double) line.get("val_loss_after"),
                    (double) line.get("val_loss_change"), line.get("corpus"), line.get("tokens"), line.get("stride"));
        }
        return 0;
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the size of " + path + ": " + e.getMessage(), e);
        }
    }
}
