package org.slmworkshop.ui;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The start-up's milestones, each logged once with the time since the JVM started ("first frame after 2310 ms"). */
final class StartupClock {
    private static final Logger LOG = LoggerFactory.getLogger(StartupClock.class);
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private StartupClock() {}

    static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Logs {@code milestone} the first time it is reached; later calls are ignored. */
    static void mark(String milestone) {
        mark(milestone, null);
    }

    /** As {@link #mark(String)}, with a detail of this occasion ("Corpus & tokens, 410 ms"). */
    static void mark(String milestone, String detail) {
        if (!SEEN.add(milestone)) return;
        String line = milestone + (detail == null ? "" : " (" + detail + ")") + " after " + sinceJvmStart() + " ms";
        LOG.info(line);
        System.out.println("SLM Workshop: " + line);
    }
}
