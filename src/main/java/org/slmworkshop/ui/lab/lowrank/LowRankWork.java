package org.slmworkshop.ui.lab.lowrank;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The low-rank lab's background threads: one for slow scoring, one so chart updates never wait behind it. */
final class LowRankWork {
    /** Counting the baselines and scoring the GPT (tens of seconds on a laptop). */
    static final ExecutorService EXECUTOR = daemon("lowrank-lab");
    /** Writes to the chart's data sets, which wait while ChartFX draws. */
    static final ExecutorService CHART = daemon("lowrank-chart");

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private LowRankWork() {}
}
