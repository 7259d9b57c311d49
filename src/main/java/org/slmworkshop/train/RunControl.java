package org.slmworkshop.train;

/** Pause, resume and cancel a run from another thread; the trainer honours them between steps. */
public final class RunControl {
    private boolean paused;
    private volatile boolean cancelled;

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    public void cancel() {
        cancelled = true;
        synchronized (this) {
            notifyAll();
        }
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Blocks while paused; returns true if the run should go on. */
    synchronized boolean awaitRunnable() throws InterruptedException {
        while (paused && !cancelled) wait();
        return !cancelled;
    }
}
