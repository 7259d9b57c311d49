package org.slmworkshop.ui.lab.stepper;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * The lab's own background thread. Only the latest request counts: one that a newer one replaced before it started
 * is skipped, and a result that arrives after a newer request is dropped, so typing or a live model never queues
 * stale passes. Results and failures come back on the FX thread. Requests are made on the FX thread.
 */
final class LatestRunner {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread worker = new Thread(runnable, "stepper-trace");
        worker.setDaemon(true);
        return worker;
    });
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private volatile long latest;
    private boolean disposed;

    <T> void request(Callable<T> work, Consumer<T> onResult, Consumer<Throwable> onFailure) {
        if (disposed) return;
        long ticket = ++latest;
        busy.set(true);
        try {
            thread.execute(() -> {
                if (ticket != latest) return;   // a newer request waits behind this one
                T result;
                try {
                    result = work.call();
                } catch (Throwable error) {
                    Platform.runLater(() -> deliver(ticket, () -> onFailure.accept(error)));
                    return;
                }
                Platform.runLater(() -> deliver(ticket, () -> onResult.accept(result)));
            });
        } catch (RejectedExecutionException closed) {
            busy.set(false);
        }
    }

    private void deliver(long ticket, Runnable action) {
        if (disposed || ticket != latest) return;
        busy.set(false);
        action.run();
    }

    /** True from a request until its result or failure has been handled. */
    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    void dispose() {
        disposed = true;
        latest++;
        busy.set(false);
        thread.shutdownNow();
    }
}
