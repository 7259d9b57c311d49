package org.slmworkshop.ui.lab.sampling;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Re-runs the transforms on the cached prompt logits whenever a slider moves. With a character
 * vocabulary that takes well under a millisecond and runs on the FX thread, so the bars follow the
 * drag in the same frame; when a computation took longer than {@value #FX_BUDGET_MILLIS} ms (a
 * 50,000-token BPE vocabulary) the next ones run on a thread of their own, the latest request winning.
 */
final class BarsUpdater {
    static final long FX_BUDGET_MILLIS = 5;

    private record Request(PromptLogits logits, Knobs knobs) {}

    private final ExecutorService thread;
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final Consumer<NextTokenBars> show;
    private PromptLogits logits;
    private boolean offThread = true;   // until a computation on these logits shows it is cheap

    BarsUpdater(ExecutorService thread, Consumer<NextTokenBars> show) {
        this.thread = thread;
        this.show = show;
    }

    /** New logits (a new model or prompt): the first computation runs off the FX thread and is timed. */
    void setLogits(PromptLogits value, Knobs knobs) {
        logits = value;
        offThread = true;
        update(knobs);
    }

    /** No model: nothing to compute until new logits arrive. */
    void clear() {
        logits = null;
        pending.set(null);
    }

    PromptLogits logits() {
        return logits;
    }

    boolean computesOnFxThread() {
        return !offThread;
    }

    void update(Knobs knobs) {
        if (logits == null) return;
        if (!offThread) {
            NextTokenBars bars = NextTokenBars.compute(logits, knobs);
            offThread = bars.computeNanos() > FX_BUDGET_MILLIS * 1_000_000;
            show.accept(bars);
            return;
        }
        if (pending.getAndSet(new Request(logits, knobs)) == null) thread.execute(this::computeLatest);
    }

    private void computeLatest() {
        Request request = pending.getAndSet(null);
        if (request == null) return;
        NextTokenBars bars = NextTokenBars.compute(request.logits(), request.knobs());
        Platform.runLater(() -> {
            if (request.logits() != logits) return;
            offThread = bars.computeNanos() > FX_BUDGET_MILLIS * 1_000_000;
            show.accept(bars);
        });
    }

    void shutdown() {
        thread.shutdownNow();
    }
}
