package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.List;
import org.slmworkshop.util.Rng;

/** Draws training batches; all randomness comes from the {@link Rng} passed in. */
public interface BatchSampler {

    TokenBatch next(Rng rng);

    /**
     * A fixed list of batches, the same for the same seed, so every evaluation during a run
     * (and across runs) measures loss on exactly the same windows.
     */
    default List<TokenBatch> evaluationBatches(long seed, int count) {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1, got " + count);
        Rng rng = new Rng(seed);
        List<TokenBatch> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) batches.add(next(rng));
        return List.copyOf(batches);
    }
}
