package org.slmworkshop.generate;

/**
 * One generated continuation.
 *
 * @param tokens         the generated ids, without the prompt and without a final {@code <eot>}
 * @param text           those tokens decoded
 * @param logProbability Σ log p(token | context) under the untransformed model, {@code <eot>} included
 *                       when it ended the sample: how likely the model itself finds this text
 */
public record Sample(String label, DecodingSettings settings, int[] tokens, String text, StopReason stopReason,
                     double logProbability) {

    public enum StopReason {
        /** The model produced {@code <eot>}. */
        END_OF_TEXT,
        /** The token budget ran out. */
        MAX_TOKENS,
        /** The thread was interrupted (the UI's stop button). */
        CANCELLED
    }

    public int length() {
        return tokens.length;
    }
}
