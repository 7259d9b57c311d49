package org.slmworkshop.ui.lab.sampling;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slmworkshop.generate.Comparison;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.Prompt;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.ui.ModelSnapshot;

/**
 * The lab's own engine thread. The model the lab shows is copied onto it once, so no other lab's
 * forward pass races with ours (models keep scratch buffers between calls). Work runs here one
 * piece at a time; a new generation interrupts the running one, and the decoders stop at the next
 * step. (The workspace's shared pool cannot interrupt its tasks, hence a thread of our own.)
 */
final class SamplingEngine {
    /** A finished comparison and what produced it. */
    record Generated(ModelSnapshot source, Prompt prompt, Comparison comparison, long nanos) {}

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread worker = new Thread(runnable, "sampling-lab");
        worker.setDaemon(true);
        return worker;
    });
    private ModelSnapshot copied;          // engine thread only
    private LanguageModel model;           // engine thread only: our copy of copied.model()
    private Future<?> generation;          // FX thread only
    private CompletableFuture<?> generationResult;

    /** The model's next-token scores after the prompt (one forward pass). */
    CompletableFuture<PromptLogits> promptLogits(ModelSnapshot snapshot, String promptText) {
        return CompletableFuture.supplyAsync(() -> {
            LanguageModel own = modelFor(snapshot);
            return PromptLogits.compute(own, snapshot.tokenizer(), Prompt.encode(snapshot.tokenizer(), promptText));
        }, thread);
    }

    /** Runs the columns side by side from one seed, streaming sampled tokens to {@code listener}; stops any older run. */
    CompletableFuture<Generated> compare(ModelSnapshot snapshot, String promptText, List<DecodingSettings> settings,
                                         int maxTokens, long seed, TokenListener listener) {
        cancelGeneration();
        CompletableFuture<Generated> result = new CompletableFuture<>();
        generationResult = result;
        generation = thread.submit(() -> {
            try {
                long start = System.nanoTime();
                Generator generator = new Generator(modelFor(snapshot), snapshot.tokenizer());
                Prompt prompt = generator.prompt(promptText);
                Comparison comparison = generator.compare(prompt, settings, maxTokens, seed, listener);
                if (Thread.currentThread().isInterrupted()) result.cancel(false);
                else result.complete(new Generated(snapshot, prompt, comparison, System.nanoTime() - start));
            } catch (Throwable error) {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /** Interrupts the running generation; its future ends cancelled. */
    void cancelGeneration() {
        if (generation != null) generation.cancel(true);
        if (generationResult != null) generationResult.cancel(false);
        generation = null;
        generationResult = null;
    }

    void shutdown() {
        cancelGeneration();
        thread.shutdownNow();
    }

    private LanguageModel modelFor(ModelSnapshot snapshot) {
        if (snapshot != copied) {
            model = ModelSnapshot.copyOf(snapshot.model());
            copied = snapshot;
        }
        return model;
    }
}
