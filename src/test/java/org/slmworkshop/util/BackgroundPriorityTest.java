package org.slmworkshop.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {
    /** Runs {@code body} on a new thread and returns what it returned. */
    private static <T> T onNewThread(java.util.function.Supplier<T> body) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        Thread thread = new Thread(() -> result.set(body.get()));
        thread.start();
        thread.join();
        return result.get();
    }

    @Test
    void lowersOnlyTheCallingThreadAndTheThreadsItStarts() throws InterruptedException {
        OptionalInt before = BackgroundPriority.currentNice();
        assumeTrue(before.isPresent(), "not Linux: nice values are read from /proc/thread-self, which this system lacks");
        int expected = Math.min(19, before.getAsInt() + BackgroundPriority.NICE);

        int[] seen = onNewThread(() -> {
            boolean lowered = BackgroundPriority.lowerCurrentThread();
            int own = BackgroundPriority.currentNice().orElse(-100);
            int child;
            try {
                child = onNewThread(() -> BackgroundPriority.currentNice().orElse(-100));   // as ND4J's OpenMP workers
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new int[] {lowered ? 1 : 0, own, child, Thread.currentThread().getPriority()};
        });
        assertEquals(1, seen[0], "setpriority refused");
        assertEquals(expected, seen[1], "the lowered thread's nice value");
        assertEquals(expected, seen[2], "a thread it starts inherits the nice value");
        assertEquals(Thread.MIN_PRIORITY, seen[3], "the Java priority (what Windows uses)");
        // the rest of the process, the FX thread included, keeps its priority: Linux's setpriority on a tid is per thread
        assertEquals(before.getAsInt(), BackgroundPriority.currentNice().getAsInt(), "the calling test thread was lowered too");
        assertEquals(before.getAsInt(), onNewThread(() -> BackgroundPriority.currentNice().orElse(-100)).intValue(),
                "a thread started elsewhere was lowered too");
    }

    @Test
    void readsTheNiceValueOfTheCallingThread() {
        OptionalInt nice = BackgroundPriority.currentNice();
        assumeTrue(nice.isPresent(), "not Linux: no /proc/thread-self/stat");
        assertTrue(nice.getAsInt() >= -20 && nice.getAsInt() <= 19, "nice " + nice.getAsInt() + " is outside -20..19");
    }
}
