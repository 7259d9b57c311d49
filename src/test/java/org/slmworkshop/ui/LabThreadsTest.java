package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.slmworkshop.util.BackgroundPriority;

class LabThreadsTest {
    @Test
    void everyThreadOfTheWindowRunsBelowTheUiThreads() throws Exception {
        OptionalInt mine = BackgroundPriority.currentNice();
        assumeTrue(mine.isPresent(), "not Linux: nice values are read from /proc/thread-self, which this system lacks");
        int expected = Math.min(19, mine.getAsInt() + BackgroundPriority.NICE);
        LabThreads threads = new LabThreads();
        try {
            ExecutorService training = threads.own("training");
            ExecutorService shared = threads.shared("lab-work");
            ExecutorService pool = threads.own("scorer", 2);
            assertEquals(expected, training.submit(() -> BackgroundPriority.currentNice().getAsInt()).get());
            assertEquals(expected, shared.submit(() -> BackgroundPriority.currentNice().getAsInt()).get());
            assertEquals(expected, pool.submit(() -> BackgroundPriority.currentNice().getAsInt()).get());
            assertEquals(Thread.MIN_PRIORITY, training.submit(() -> Thread.currentThread().getPriority()).get());
            assertEquals(mine.getAsInt(), BackgroundPriority.currentNice().getAsInt(), "the asking thread was lowered");
        } finally {
            threads.shutdown();
        }
    }
}
