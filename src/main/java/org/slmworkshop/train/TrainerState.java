package org.slmworkshop.train;

import java.util.List;

/** Everything besides weights and moments that a resumed run needs to continue exactly. */
public record TrainerState(int step, long tokensSeen, long batchRngState, long dropoutRngState,
                           List<LossPoint> history) {
    public TrainerState {
        history = List.copyOf(history);
    }
}
