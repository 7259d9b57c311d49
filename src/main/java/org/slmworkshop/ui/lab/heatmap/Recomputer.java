package org.slmworkshop.ui.lab.heatmap;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.util.Duration;
import org.slmworkshop.ui.Workspace;

/**
 * Runs the latest requested computation off the FX thread: one at a time, starts at least
 * {@code minInterval} apart, and a request superseded before it started is dropped. A live model
 * that changes twice a second, or a spinner held down, then costs at most a few passes a second.
 * Used on the FX thread only.
 */
final class Recomputer<T> {
    private final Workspace workspace;
    private final String what;
    private final Duration minInterval;
    private final Consumer<T> onResult;
    private final PauseTransition wait = new PauseTransition();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private Callable<T> pending;
    private boolean running;
    private long lastStartNanos;
    private boolean disposed;

    /** @param what the title of the notification if a computation fails */
    Recomputer(Workspace workspace, String what, Duration minInterval, Consumer<T> onResult) {
        this.workspace = workspace;
        this.what = what;
        this.minInterval = minInterval;
        this.onResult = onResult;
        wait.setOnFinished(e -> pump());
    }

    /** Asks for {@code work} to run; it replaces any request still waiting. */
    void request(Callable<T> work) {
        pending = work;
        busy.set(true);
        pump();
    }

    /** True from a request until its result (or failure) is handled. */
    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    void dispose() {
        disposed = true;
        pending = null;
        wait.stop();
    }

    private void pump() {
        if (disposed || running || pending == null) {
            busy.set(running || pending != null);
            return;
        }
        double sinceLastMillis = (System.nanoTime() - lastStartNanos) / 1e6;
        if (sinceLastMillis < minInterval.toMillis()) {
            wait.setDuration(Duration.millis(minInterval.toMillis() - sinceLastMillis));
            wait.playFromStart();
            return;
        }
        Callable<T> work = pending;
        pending = null;
        running = true;
        lastStartNanos = System.nanoTime();
        workspace.submit(what, work, result -> {
            running = false;
            if (!disposed) onResult.accept(result);
            pump();
        }).whenComplete((result, error) -> {
            if (error != null) Platform.runLater(() -> {
                running = false;
                pump();
            });
        });
    }
}
