package org.slmworkshop.ui.lab.training;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.slmworkshop.train.LossPoint;
import org.slmworkshop.train.Trainer;

/**
 * The evaluations a resumed run inherited from its checkpoint, by trainer, so that every training
 * lab of the window (not only the one that resumed it) draws the whole curve. A trainer that
 * started from scratch has none.
 */
final class ResumedHistory {
    private static final Map<Trainer, List<LossPoint>> HISTORIES = new WeakHashMap<>();

    private ResumedHistory() {}

    /** Called while preparing the run, before its first step. */
    static synchronized void remember(Trainer trainer, List<LossPoint> history) {
        HISTORIES.put(trainer, List.copyOf(history));
    }

    static synchronized List<LossPoint> of(Trainer trainer) {
        return trainer == null ? List.of() : HISTORIES.getOrDefault(trainer, List.of());
    }
}
