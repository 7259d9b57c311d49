package org.slmworkshop.kernels.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a loop over rows in two fixed halves, the second offered to one helper thread, so the
 * element-wise kernels use both cores like ND4J's GEMMs do. The halves are the same whether or not
 * they run in parallel, and each writes disjoint outputs (a reduction keeps one partial per half,
 * summed in a fixed order), so results are bit-identical however the threads are scheduled.
 * If the helper has not started the second half by the time the caller finishes the first (a busy
 * machine), the caller runs it too.
 */
final class Parallel {
    /** A loop body over rows [from, to). */
    interface Rows {
        void run(int from, int to);
    }

    /** Below this many elements the hand-off (a few µs) costs more than it saves. */
    static final long MIN_WORK = 1 << 14;

    private static final Helper HELPER = Runtime.getRuntime().availableProcessors() > 1 ? new Helper() : null;
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    private final long minWork;

    /** Splits loops of at least {@code minWork} elements; 0 splits every loop (for tests of the two-thread path). */
    Parallel(long minWork) {
        this.minWork = minWork;
    }

    /** The first row of the second half: the halves are [0, split) and [split, rows). */
    static int split(int rows) {
        return rows / 2;
    }

    /** Runs {@code body} on [0, split(rows)) and [split(rows), rows); {@code work} is the total element count. */
    void rows(int rows, long work, Rows body) {
        int half = split(rows);
        if (HELPER == null || work < minWork || !BUSY.compareAndSet(false, true)) {
            body.run(0, half);
            body.run(half, rows);
            return;
        }
        try {
            Task second = new Task(body, half, rows, Thread.currentThread());
            HELPER.offer(second);
            body.run(0, half);
            if (second.claim()) second.run();
            else second.await();
            if (second.failure instanceof RuntimeException e) throw e;
            if (second.failure instanceof Error e) throw e;
        } finally {
            BUSY.set(false);
        }
    }

    /** The second half: run once, by whichever thread claims it first. */
    private static final class Task {
        private final Rows body;
        private final int from;
        private final int to;
        private final Thread caller;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile boolean done;
        private Throwable failure;

        Task(Rows body, int from, int to, Thread caller) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.caller = caller;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        void run() {
            try {
                body.run(from, to);
            } catch (Throwable t) {
                failure = t;
            }
            done = true;   // volatile write publishes the outputs and any failure
        }

        void await() {
            for (int spin = 0; !done; spin++) {
                if (spin < 100_000) Thread.onSpinWait();
                else LockSupport.parkNanos(this, 20_000);
            }
        }
    }

    /** One daemon thread that spins briefly, then parks, waiting for the next task. */
    private static final class Helper implements Runnable {
        /** Short, so an idle helper does not take the core from ND4J's threads for long. */
        private static final int SPINS = 2_000;
        private final Thread thread;
        private final AtomicReference<Task> next = new AtomicReference<>();

        Helper() {
            thread = new Thread(this, "slm-parallel");
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
                if (task.claim()) {
                    task.run();
                    LockSupport.unpark(task.caller);
                }
            }
        }
    }
}
