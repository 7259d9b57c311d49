package org.slmworkshop.train;

/** Called by the trainer between steps, when weights, moments and RNG states agree: the place to save checkpoints. */
@FunctionalInterface
public interface StepHook {
    StepHook NONE = (trainer, evaluation) -> { };

    /**
     * After each step and its evaluation, and once more after the run's final evaluation (at the same
     * step as the last call when the run ends on an evaluation step).
     *
     * @param evaluation the losses measured just now, or null when this step had no evaluation
     */
    void afterStep(Trainer trainer, LossPoint evaluation);
}
