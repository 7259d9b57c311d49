package org.slmworkshop.model;

import java.util.List;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * The contract every model of the workshop meets: next-token logits for a batch of windows,
 * a loss with gradients for training, and its parameters for the optimizer and checkpoints.
 * Forward passes reuse buffers held by the model, so implementations serialise them: several
 * threads (the labs of the desktop app) may share one model safely, one pass at a time.
 */
public interface LanguageModel {
    ModelConfig config();

    /** All parameters, in a fixed order, as views into {@link #store()}. */
    ParameterStore store();

    default List<Parameter> parameters() {
        return store().parameters();
    }

    default long parameterCount() {
        return store().totalSize();
    }

    /**
     * Logits for windows of token ids laid out row-major as (batch, length):
     * row {@code b·length + t} holds the scores for the token after position t.
     * Evaluation mode: no dropout. The returned arrays belong to the caller.
     *
     * @return (batch·length) rows of V
     */
    float[][] logits(int[] tokens, int batch, int length);

    /**
     * Forward and backward pass on one batch: overwrites nothing but adds dL/dθ into the gradients
     * (the trainer zeroes them first) and returns the masked mean cross-entropy.
     *
     * @param dropoutRng gives this step's dropout seed; with the same state the step is repeatable
     */
    double lossAndGradients(TokenBatch batch, double labelSmoothing, Rng dropoutRng);

    /** The masked mean cross-entropy in evaluation mode, without gradients. */
    default double loss(TokenBatch batch) {
        return loss(batch, 0.0);
    }

    /** The same, with label smoothing ε as in training. */
    double loss(TokenBatch batch, double labelSmoothing);

    /** Refuses token ids outside [0, vocabulary). */
    static void checkTokens(int[] tokens, int vocabulary) {
        for (int token : tokens) {
            if (token < 0 || token >= vocabulary) {
                throw new IllegalArgumentException("token id " + token + " outside the vocabulary of " + vocabulary);
            }
        }
    }

    /** A (N, V) tensor as N host rows. */
    static float[][] rows(Tensor matrix) {
        float[] flat = matrix.toHost();
        int width = matrix.dim(-1);
        float[][] rows = new float[matrix.rows()][width];
        for (int r = 0; r < rows.length; r++) System.arraycopy(flat, r * width, rows[r], 0, width);
        return rows;
    }
}
