package org.slmworkshop.ui.lab;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.util.Duration;

/**
 * The latest requested computation, run on the lab's executor: one at a time, and a request that a
 * newer one replaces before it starts is dropped. A spinner held down or a model that changes while
 * it trains then costs a pass now and then, never a queue. Used on the FX thread only (the surprise and embedding
 * labs).
 */
public final class LatestWork<T> {
    private final Executor executor;
    private final Consumer<T> onResult;
    private final Consumer<Throwable> onError;
    private final PauseTransition wait = new PauseTransition();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private Callable<T> pending;
    private Duration gap = Duration.ZERO;
    private boolean running;
    private boolean disposed;
    private long lastStartNanos;

    public LatestWork(Executor executor, Consumer<T> onResult, Consumer<Throwable> onError) {
        this.executor = executor;
        this.onResult = onResult;
        this.onError = onError;
        wait.setOnFinished(e -> pump());
    }

    /** Runs {@code work} once the one running ends and at least {@code minGap} after it started; replaces any waiting request. */
    public void request(Callable<T> work, Duration minGap) {
        if (disposed) return;
        pending = work;
        gap = minGap;
        busy.set(true);
        pump();
    }

    /** Forgets a request that has not started (the running one still reports). */
    public void cancelPending() {
        pending = null;
        wait.stop();
        busy.set(running);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public void dispose() {
        disposed = true;
        pending = null;
        wait.stop();
    }

    private void pump() {
        if (disposed || running || pending == null) {
            busy.set(!disposed && (running || pending != null));
            return;
        }
        double waitMillis = gap.toMillis() - (System.nanoTime() - lastStartNanos) / 1e6;
        if (waitMillis > 1) {
            wait.setDuration(Duration.millis(waitMillis));
            wait.playFromStart();
            return;
        }
        Callable<T> work = pending;
        pending = null;
        running = true;
        lastStartNanos = System.nanoTime();
        CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor).whenComplete((result, error) -> Platform.runLater(() -> {
            running = false;
            if (disposed) return;
            if (error != null) onError.accept(unwrap(error));
            else onResult.accept(result);
            pump();
        }));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }
}
