package org.slmworkshop.generate;

import java.util.Arrays;
import java.util.List;
import org.slmworkshop.model.LanguageModel;

/**
 * The scorer without a cache: each step runs {@code model.logits} on the last {@code window} tokens
 * and keeps the last row. For the GPT the window is the context length; for the bigram and low-rank
 * models, whose logits depend only on the previous token, it is 1.
 */
public final class ContextScorer implements NextTokenScorer {
    private final LanguageModel model;
    private final int window;         // tokens passed to the model
    private final int contextLength;  // tokens the repetition penalty looks at
    private int[] sequence = new int[0];
    private int length;

    public ContextScorer(LanguageModel model, int window) {
        int contextLength = model.config().contextLength();
        if (window < 1 || window > contextLength) {
            throw new IllegalArgumentException("window must be in [1, " + contextLength + "], got " + window);
        }
        this.model = model;
        this.window = window;
        this.contextLength = contextLength;
    }

    @Override
    public float[] reset(int[] prompt) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt must hold at least one token");
        sequence = Arrays.copyOf(prompt, Math.max(16, prompt.length * 2));
        length = prompt.length;
        return score();
    }

    @Override
    public float[] next(int token) {
        append(token);
        return score();
    }

    /** One model call of batch B for B scorers of this model at one length: B separate calls cost several times more. */
    @Override
    public float[][] nextAll(List<NextTokenScorer> scorers, int[] tokens) {
        for (NextTokenScorer scorer : scorers) {
            if (!(scorer instanceof ContextScorer other) || other.model != model || other.window != window
                    || other.length != length) {
                return NextTokenScorer.super.nextAll(scorers, tokens);
            }
        }
        int batch = scorers.size();
        for (int b = 0; b < batch; b++) ((ContextScorer) scorers.get(b)).append(tokens[b]);
        int used = Math.min(window, length);
        int[] windows = new int[batch * used];   // (B, used), row-major
        for (int b = 0; b < batch; b++) {
            ContextScorer scorer = (ContextScorer) scorers.get(b);
            System.arraycopy(scorer.sequence, scorer.length - used, windows, b * used, used);
        }
        float[][] logits = model.logits(windows, batch, used);   // (B·used, V)
        float[][] rows = new float[batch][];
        for (int b = 0; b < batch; b++) rows[b] = logits[b * used + used - 1];
        return rows;
    }

    private void append(int token) {
        if (length == 0) throw new IllegalStateException("reset(prompt) first");
        if (length == sequence.length) sequence = Arrays.copyOf(sequence, length * 2);
        sequence[length++] = token;
    }

    @Override
    public int[] context() {
        return Arrays.copyOfRange(sequence, Math.max(0, length - contextLength), length);
    }

    @Override
    public NextTokenScorer fork() {
        ContextScorer copy = new ContextScorer(model, window);
        copy.sequence = sequence.clone();
        copy.length = length;
        return copy;
    }

    private float[] score() {
        int used = Math.min(window, length);
        int[] tokens = Arrays.copyOfRange(sequence, length - used, length);
        float[][] logits = model.logits(tokens, 1, used);   // (used, V)
        return logits[used - 1];                             // scores for the token after the last one
    }
}
