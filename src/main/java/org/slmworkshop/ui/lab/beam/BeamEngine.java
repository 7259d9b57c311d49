package org.slmworkshop.ui.lab.beam;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slmworkshop.generate.BeamTree;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.Prompt;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;

/**
 * The lab's own thread: each search, and the tree's layout, run here one at a time. A new search
 * interrupts the one before (the search stops at its next step). The lab shuts it down in dispose.
 */
final class BeamEngine {
    /** What to search: a model no one trains any more (a snapshot, a checkpoint or the toy). */
    record Request(LanguageModel model, Tokenizer tokenizer, String source, BeamSetup setup) {
        DecodingSettings settings() {
            return DecodingSettings.beam(setup.beamWidth(), setup.lengthNormalised());
        }
    }

    /** A finished search, laid out for drawing. */
    record Result(Request request, Prompt prompt, BeamTree tree, BeamTreeLayout layout, long nanos) {}

    private final ExecutorService thread;

    /** @param thread the lab's own thread (from the workspace's {@link org.slmworkshop.ui.LabThreads}) */
    BeamEngine(ExecutorService thread) {
        this.thread = thread;
    }
    private Future<?> running;                  // FX thread only
    private CompletableFuture<Result> result;   // FX thread only

    CompletableFuture<Result> search(Request request) {
        cancel();
        CompletableFuture<Result> future = new CompletableFuture<>();
        result = future;
        running = thread.submit(() -> {
            try {
                long start = System.nanoTime();
                Generator generator = new Generator(request.model(), request.tokenizer());
                Prompt prompt = generator.prompt(request.setup().prompt());
                BeamTree tree = generator.beamTree(prompt, request.settings(), request.setup().maxTokens());
                if (Thread.currentThread().isInterrupted()) {
                    future.cancel(false);
                    return;
                }
                future.complete(new Result(request, prompt, tree, BeamTreeLayout.of(tree), System.nanoTime() - start));
            } catch (Throwable error) {
                future.completeExceptionally(error);
            }
        });
        return future;
    }

    /** Interrupts the running search; its future ends cancelled. */
    void cancel() {
        if (running != null) running.cancel(true);
        if (result != null) result.cancel(false);
        running = null;
        result = null;
    }

    void shutdown() {
        cancel();
        thread.shutdownNow();
    }

    boolean isShutdown() {
        return thread.isShutdown();
    }
}
