package org.slmworkshop.generate;

/**
 * One beam of a beam search.
 *
 * @param tokens         generated ids, without the prompt and without the final {@code <eot>}
 * @param logProbability Σ log p(token | context) under the untransformed model, {@code <eot>} included
 * @param score          what the beam was ranked by: the repetition-penalised log-probability, divided
 *                       by the generated length ({@code <eot>} counted) when length-normalised
 * @param finished       it ended with {@code <eot>}
 */
public record Beam(int[] tokens, String text, double logProbability, double score, boolean finished) {

    /** As a sample; an unfinished beam stopped at the token budget (or was cancelled). */
    public Sample toSample(String label, DecodingSettings settings) {
        Sample.StopReason reason = finished ? Sample.StopReason.END_OF_TEXT
                : Thread.currentThread().isInterrupted() ? Sample.StopReason.CANCELLED : Sample.StopReason.MAX_TOKENS;
        return new Sample(label, settings, tokens, text, reason, logProbability);
    }
}
