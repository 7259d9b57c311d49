package org.slmworkshop.ui;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slmworkshop.util.BackgroundPriority;

/**
 * Every background thread of one window, owned by its {@link Workspace}: closing the window shuts
 * them all down. A lab asks for {@link #own its own thread} (and shuts it down when it is disposed) or
 * for a {@link #shared} one that labs of a kind use together. Work handed over after shutdown is
 * dropped, not thrown back at the FX thread. All threads are daemons: they never keep the JVM alive, and
 * they run at a {@link BackgroundPriority lower CPU priority} than the FX and render threads, so a model
 * training on every core still leaves the window a core's worth of time to draw.
 */
public final class LabThreads {
    private final Map<String, ExecutorService> shared = new ConcurrentHashMap<>();
    private final Set<ExecutorService> owned = ConcurrentHashMap.newKeySet();
    private final Map<ExecutorService, String> names = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A thread for one lab, named {@code name}; the lab shuts it down in its dispose. */
    public ExecutorService own(String name) {
        return track(pool(name, 1));
    }

    /** {@code threads} threads named {@code name}-1, -2, … for one owner. */
    public ExecutorService own(String name, int threads) {
        return track(pool(name, threads));
    }

    /** The one thread named {@code name}, shared by whoever asks for it, until the window closes. */
    public ExecutorService shared(String name) {
        return shared.computeIfAbsent(name, n -> track(pool(n, 1)));
    }

    /** The threads still open: what a test checks after the window closed. */
    public int open() {
        return (int) owned.stream().filter(executor -> !executor.isTerminated()).count();
    }

    /** The names of the threads still open, for a message. */
    public java.util.List<String> openNames() {
        return owned.stream().filter(executor -> !executor.isTerminated()).map(e -> names.getOrDefault(e, "?")).sorted().toList();
    }

    /** Stops every thread; running work is interrupted and queued work dropped. */
    public void shutdown() {
        closed = true;
        owned.forEach(ExecutorService::shutdownNow);
    }

    private ExecutorService track(ExecutorService executor) {
        owned.add(executor);
        if (closed) executor.shutdownNow();
        return executor;
    }

    private ThreadPoolExecutor pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemon(name, threads), new ThreadPoolExecutor.DiscardPolicy()) {
            @Override
            protected void terminated() {
                owned.remove(this);
                names.remove(this);
            }
        };
        names.put(pool, name);
        return pool;
    }

    private static ThreadFactory daemon(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Runnable lowered = () -> {
                BackgroundPriority.lowerCurrentThread();
                runnable.run();
            };
            Thread thread = new Thread(lowered, threads == 1 ? name : name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
