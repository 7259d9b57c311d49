package org.slmworkshop.ui.lab.lowrank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.Perplexity;
import org.slmworkshop.train.PreparedCorpus;

/**
 * The top rung: a shipped GPT checkpoint scored on the same validation split, with a sliding
 * window (stride half the context, as {@code eval} does). Only a checkpoint trained on the same
 * text with the same tokenizer is comparable. Results are kept for the life of the app, since the
 * evaluation takes a while on a laptop.
 */
final class GptReference {
    /** A comparable score, or why there is none ({@code loss} NaN). */
    record Result(double loss, long parameters, String note) {
        boolean comparable() {
            return Double.isFinite(loss);
        }
    }

    private static final Map<String, Result> CACHE = new ConcurrentHashMap<>();
    private static final int BATCH = 16;

    private GptReference() {}

    /** Blocking; call it on a background thread. */
    static Result evaluate(Path checkpoint, PreparedCorpus prepared) throws IOException {
        if (!Files.isRegularFile(checkpoint)) return new Result(Double.NaN, 0, "no checkpoint at " + checkpoint);
        String key = checkpoint.toAbsolutePath().normalize() + "|" + Files.size(checkpoint) + "|"
                + Files.getLastModifiedTime(checkpoint).toMillis() + "|" + prepared.corpus().sha256() + "|"
                + prepared.tokenizer().state().hashCode();
        Result cached = CACHE.get(key);
        if (cached != null) return cached;
        Result result = score(checkpoint, prepared);
        CACHE.put(key, result);
        return result;
    }

    private static Result score(Path checkpoint, PreparedCorpus prepared) {
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        LanguageModel model = loaded.model();
        String name = checkpoint.getFileName().toString();
        if (!loaded.corpusSha256().equals(prepared.corpus().sha256())) {
            return new Result(Double.NaN, model.parameterCount(), name + " was trained on '" + loaded.corpusId()
                    + "', not on this corpus");
        }
        if (!loaded.tokenizerState().equals(prepared.tokenizer().state())) {
            return new Result(Double.NaN, model.parameterCount(), name + " uses another tokenizer ("
                    + loaded.tokenizerState().get("kind") + ")");
        }
        if (!sameParts(loaded.split(), prepared.split())) {
            return new Result(Double.NaN, model.parameterCount(), name + " was validated on another split");
        }
        int context = model.config().contextLength();
        Perplexity.Result result = Perplexity.slidingWindow(model, prepared.data().validationTokens(), context,
                Math.max(1, context / 2), BATCH);
        return new Result(result.crossEntropy(), model.parameterCount(), String.format(
                "%s (step %,d); all val. tokens, sliding window", name, loaded.state().step()));
    }

    /** The seed only shuffles by-document splits, so contiguous splits with equal fractions are the same text. */
    private static boolean sameParts(SplitSpec a, SplitSpec b) {
        boolean sameFractions = Math.abs(a.trainFraction() - b.trainFraction()) < 1e-9
                && Math.abs(a.validationFraction() - b.validationFraction()) < 1e-9 && a.mode() == b.mode();
        return sameFractions && (a.mode() == org.slmworkshop.text.SplitMode.CONTIGUOUS || a.seed() == b.seed());
    }
}
