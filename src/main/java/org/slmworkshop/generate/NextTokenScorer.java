package org.slmworkshop.generate;

import java.util.List;

/**
 * Next-token logits for one growing sequence: the seam where a KV-cache decoder plugs in.
 * {@link ContextScorer} re-runs the model on the cropped context at every step; a cached
 * implementation keeps past keys and values instead and must return the same logits.
 * Not thread-safe; one scorer per sequence (and models are single-threaded).
 */
public interface NextTokenScorer {
    /** Starts a new sequence; returns the logits (V) for the token after the non-empty {@code prompt}. */
    float[] reset(int[] prompt);

    /** Appends {@code token}; returns the logits (V) for the token after it. */
    float[] next(int token);

    /** The tokens the model sees now: the last contextLength tokens of the sequence (for the repetition penalty). */
    int[] context();

    /** An independent copy at the same position, so beams and diverging strategies can branch from a shared prefix. */
    NextTokenScorer fork();

    /**
     * Appends {@code tokens[i]} to {@code scorers.get(i)} for every i (this scorer is one of them) and
     * returns their logits in that order. Decoders call it when several sequences of one length advance
     * together (lockstep runs, beams), so an implementation can make one batched model call;
     * this default advances them one by one.
     */
    default float[][] nextAll(List<NextTokenScorer> scorers, int[] tokens) {
        float[][] logits = new float[scorers.size()][];
        for (int i = 0; i < logits.length; i++) logits[i] = scorers.get(i).next(tokens[i]);
        return logits;
    }
}
