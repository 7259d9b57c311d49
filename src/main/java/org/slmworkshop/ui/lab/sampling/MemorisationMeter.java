package org.slmworkshop.ui.lab.sampling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slmworkshop.generate.MemorisationReport;
import org.slmworkshop.generate.TrainingIndex;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.util.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memorisation meter's own thread: it finds the text a model was trained on, has the engine index
 * its training split (once per corpus, then cached), and measures each column's continuation against
 * it. Requests run one at a time; one overtaken by a newer request is skipped before it starts.
 */
final class MemorisationMeter {
    private static final Logger LOG = LoggerFactory.getLogger(MemorisationMeter.class);

    /** The training split the samples are searched in, or why there is none ({@code notMeasured}). */
    record TrainingText(Corpus corpus, SplitSpec split, String notMeasured) {
        static TrainingText unknown(String reason) {
            return new TrainingText(null, null, Objects.requireNonNull(reason, "reason"));
        }
    }

    private final ExecutorService thread;
    private final AtomicInteger latest = new AtomicInteger();
    private Workspace.CheckpointCorpus lastRecorded;   // meter thread only: the last checkpoint corpus found
    private TrainingText lastFound;

    /** @param thread the lab's own thread (from the workspace's {@link org.slmworkshop.ui.LabThreads}) */
    MemorisationMeter(ExecutorService thread) {
        this.thread = thread;
    }

    /**
     * Measures {@code texts} against the training split of {@code model}'s corpus, or says why it cannot.
     * {@code onIndexing} gets the corpus id, on the meter's thread, when the index must be built first.
     * The future ends cancelled when a newer request overtook this one.
     *
     * @param recorded what the checkpoint the model came from records of its corpus; null for a model trained here
     */
    CompletableFuture<MemorisationReport> measure(ModelSnapshot model, Workspace.CheckpointCorpus recorded, List<String> texts,
                                                  int minSpan, Consumer<String> onIndexing) {
        int request = latest.incrementAndGet();
        if (thread.isShutdown()) return CompletableFuture.failedFuture(new CancellationException("the lab is closed"));
        return CompletableFuture.supplyAsync(() -> {
            if (request != latest.get()) throw new CancellationException("overtaken by a newer request");
            TrainingText found = trainingTextOf(model, recorded);
            String id = found.corpus() != null ? found.corpus().id() : recorded != null ? recorded.id() : "";
            if (found.notMeasured() != null) return MemorisationReport.notMeasured(id, minSpan, found.notMeasured());
            boolean indexing = !TrainingIndex.isCached(found.corpus(), found.split());
            if (indexing) onIndexing.accept(id);
            try {
                long start = System.nanoTime();
                MemorisationReport report = MemorisationReport.measure(found.corpus(), found.split(), texts, minSpan);
                if (indexing) LOG.info("memorisation meter: indexed the training split of '{}' and measured {} texts in {} ms",
                        id, texts.size(), (System.nanoTime() - start) / 1_000_000);
                return report;
            } catch (OutOfMemoryError e) {   // the index's arrays come first and alone, so the heap recovers when they go
                return MemorisationReport.notMeasured(id, minSpan, String.format(Locale.ROOT, "indexing %,d training"
                        + " characters needs about %,d MB, more than this heap holds", found.corpus().charCount(),
                        20 * found.corpus().charCount() >> 20));
            }
        }, thread);
    }

    /** A checkpoint's corpus is read from disk once; a text not found is looked for again next time. */
    private TrainingText trainingTextOf(ModelSnapshot model, Workspace.CheckpointCorpus recorded) {
        if (model.prepared() != null || recorded == null) return find(model, recorded);
        if (recorded.equals(lastRecorded)) return lastFound;
        TrainingText found = find(model, recorded);
        if (found.notMeasured() == null) {
            lastRecorded = recorded;
            lastFound = found;
        }
        return found;
    }

    /**
     * The corpus and split a model was trained on. A model trained in this window carries them; a
     * checkpoint names them, and is not measured when that text cannot be found or has changed since,
     * as {@code slm sample} decides.
     */
    static TrainingText find(ModelSnapshot model, Workspace.CheckpointCorpus recorded) {
        if (model.prepared() != null) return new TrainingText(model.prepared().corpus(), model.prepared().split(), null);
        if (recorded == null) {
            return TrainingText.unknown("this model does not say which text it was trained on;"
                    + " open its checkpoint here to measure it");
        }
        if (recorded.split() == null) return TrainingText.unknown("the checkpoint does not record its split");
        CorpusCatalog catalog = CorpusCatalog.standard();
        boolean shipped = catalog.find(recorded.id()).isPresent();
        Corpus corpus;
        try {
            if (!shipped && !Files.exists(Path.of(recorded.source()))) {
                return TrainingText.unknown("its training text " + recorded.source() + " is not found");
            }
            corpus = shipped ? catalog.corpus(recorded.id()) : catalog.corpus(recorded.source());
        } catch (RuntimeException e) {
            return TrainingText.unknown("its training text cannot be read: " + Messages.describe(e));
        }
        if (!corpus.sha256().equals(recorded.sha256())) {
            return TrainingText.unknown("the training text of '" + recorded.id() + "' changed since this checkpoint was saved"
                    + " (SHA-256 " + shortHash(recorded.sha256()) + " then, " + shortHash(corpus.sha256()) + " now)");
        }
        return new TrainingText(corpus, recorded.split(), null);
    }

    private static String shortHash(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }

    void shutdown() {
        latest.incrementAndGet();
        thread.shutdownNow();
    }
}
