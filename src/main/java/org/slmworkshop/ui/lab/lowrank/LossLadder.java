package org.slmworkshop.ui.lab.lowrank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rungs found so far, left to right: references, low ranks by d, bigrams, GPT. FX thread only. */
final class LossLadder {
    private final Map<String, Rung> rungs = new LinkedHashMap<>();

    void put(Rung rung) {
        rungs.put(rung.key(), rung);
    }

    Optional<Rung> get(String key) {
        return Optional.ofNullable(rungs.get(key));
    }

    void clear() {
        rungs.clear();
    }

    List<Rung> rungs() {
        List<Rung> sorted = new ArrayList<>(rungs.values());
        sorted.sort(Comparator.comparingDouble(Rung::order));
        return sorted;
    }
}
