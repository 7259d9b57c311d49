package org.slmworkshop.train;

/**
 * The figures of a finished run.
 *
 * @param msPerStep median wall time of a step after the first tenth of the run (JIT warm-up)
 * @param slidingWindowPerplexity perplexity on the validation split with a sliding window
 * @param peakRssMb the process's peak resident memory, or -1 where the OS does not tell
 */
public record TrainingSummary(String model, long parameters, int steps, double trainLoss, double validationLoss,
                              double validationPerplexity, double slidingWindowPerplexity, double tokensPerSecond,
                              double wallSeconds, double msPerStep, long peakRssMb) {}
