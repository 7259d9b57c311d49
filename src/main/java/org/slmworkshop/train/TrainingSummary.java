package org.slmworkshop.train;

/**
 * The figures of a finished run.
 *
 * @param msPerStep median wall time of a step after the first tenth of the run (JIT warm-up)
 * @param slidingWindowPerplexity perplexity on the validation split with a sliding window; not measured
 *                                (NaN) when the run was stopped, so that a stop is quick
 * @param peakRssMb the process's peak resident memory, or -1 where the OS does not tell
 * @param stopped   the run was cancelled before its last step
 */
public record TrainingSummary(String model, long parameters, int steps, double trainLoss, double validationLoss,
                              double validationPerplexity, double slidingWindowPerplexity, double tokensPerSecond,
                              double wallSeconds, double msPerStep, long peakRssMb, boolean stopped) {}
