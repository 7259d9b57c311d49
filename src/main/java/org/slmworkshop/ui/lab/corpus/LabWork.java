package org.slmworkshop.ui.lab.corpus;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The corpus labs' own background thread: quick work (statistics, re-tokenizing a sample) that must not queue behind corpus preparation. */
final class LabWork {
    static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "corpus-lab");
        thread.setDaemon(true);
        return thread;
    });

    private LabWork() {}
}
