package org.slmworkshop.kernels.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a loop over rows in a fixed number of chunks that the calling thread and helper threads, one per further
 * core, take in turn, so the element-wise kernels use the cores ND4J's products use. The chunks depend only on the
 * row count, never on how many threads there are or which thread ran which chunk, and each writes disjoint outputs
 * (a reduction keeps one partial per chunk, summed in chunk order), so results are bit-identical on any machine
 * however the threads are scheduled.
 *
 * <p>Chunks are taken, not dealt: the helpers park between kernels (ND4J's products have the cores then), and
 * one that wakes late finds the chunks already done by the others instead of holding the caller up.
 */
final class Parallel {
    /** A loop body over rows [from, to). */
    interface Rows {
        void run(int from, int to);
    }

    /** A loop body over rows [from, to), which are chunk {@code chunk} of {@link #chunks(int)}. */
    interface Chunks {
        void run(int chunk, int from, int to);
    }

    /** Below this many elements the hand-off (a few µs) costs more than it saves. */
    static final long MIN_WORK = 1 << 14;
    /** Chunks per loop (fewer when there are fewer rows): enough for 16 cores, few enough to stay cheap. */
    static final int CHUNKS = 16;
    /** Helper threads besides the caller: one per further core, at most CHUNKS − 1. */
    static final int HELPERS = Math.min(CHUNKS - 1, Runtime.getRuntime().availableProcessors() - 1);

    private static final Helper[] POOL = new Helper[HELPERS];
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    static {
        for (int i = 0; i < HELPERS; i++) POOL[i] = new Helper(i);
    }

    private final long minWork;

    /** Shares loops of at least {@code minWork} elements; 0 shares every loop (for tests of the threaded path). */
    Parallel(long minWork) {
        this.minWork = minWork;
    }

    /** How many chunks a loop over {@code rows} rows has: a reduction keeps this many partials. */
    static int chunks(int rows) {
        return Math.max(1, Math.min(CHUNKS, rows));
    }

    /** The first row of chunk {@code chunk} (of {@link #chunks}); chunk {@code chunks(rows)} starts at rows. */
    static int chunkStart(int rows, int chunk) {
        return (int) ((long) rows * chunk / chunks(rows));
    }

    /** Runs {@code body} over [0, rows) in chunks; {@code work} is the total element count. */
    void rows(int rows, long work, Rows body) {
        chunks(rows, work, (chunk, from, to) -> body.run(from, to));
    }

    /** Runs {@code body} once per chunk of [0, rows), on this thread and the helpers; {@code work} as above. */
    void chunks(int rows, long work, Chunks body) {
        int count = chunks(rows);
        if (HELPERS == 0 || work < minWork || count == 1 || !BUSY.compareAndSet(false, true)) {
            for (int c = 0; c < count; c++) body.run(c, chunkStart(rows, c), chunkStart(rows, c + 1));
            return;
        }
        try {
            Task task = new Task(body, rows, count, Thread.currentThread());
            // a helper for each further MIN_WORK elements: waking a core for a few microseconds of work does not pay
            long wanted = minWork == 0 ? HELPERS : Math.max(1, work / minWork - 1);
            int helpers = (int) Math.min(Math.min(HELPERS, count - 1), wanted);
            for (int i = 0; i < helpers; i++) POOL[i].offer(task);
            task.work();
            task.await();
            if (task.failure instanceof RuntimeException e) throw e;
            if (task.failure instanceof Error e) throw e;
        } finally {
            BUSY.set(false);
        }
    }

    /** One loop's chunks, taken one at a time by whichever thread asks next. */
    private static final class Task {
        private final Chunks body;
        private final int rows;
        private final int count;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger left;
        private volatile Throwable failure;

        Task(Chunks body, int rows, int count, Thread caller) {
            this.body = body;
            this.rows = rows;
            this.count = count;
            this.caller = caller;
            this.left = new AtomicInteger(count);
        }

        /** Takes and runs chunks until none are left; the thread that finishes the last one wakes the caller. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < count; ) {
                try {
                    body.run(c, chunkStart(rows, c), chunkStart(rows, c + 1));
                } catch (Throwable t) {
                    failure = t;
                }
                if (left.decrementAndGet() == 0 && Thread.currentThread() != caller) LockSupport.unpark(caller);
            }
        }

        /** Waits until every chunk has finished (the last ones may still be running on helpers). */
        void await() {
            for (int spin = 0; left.get() > 0; spin++) {   // the volatile read publishes the helpers' outputs
                if (spin < 100_000) Thread.onSpinWait();
                else LockSupport.parkNanos(this, 20_000);
            }
        }
    }

    /** A daemon thread that spins briefly, then parks, waiting for the next task. */
    private static final class Helper implements Runnable {
        /** Short, so an idle helper does not take a core from ND4J's threads for long. */
        private static final int SPINS = 2_000;
        private final Thread thread;
        private final AtomicReference<Task> next = new AtomicReference<>();

        Helper(int index) {
            thread = new Thread(this, "slm-parallel-" + (index + 1));
            thread.setDaemon(true);
            thread.start();
        }

        void offer(Task task) {
            next.set(task);
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (true) {
                Task task;
                for (int spin = 0; (task = next.getAndSet(null)) == null; spin++) {
                    if (spin < SPINS) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                task.work();
            }
        }
    }
}
