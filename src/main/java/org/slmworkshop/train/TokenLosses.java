package org.slmworkshop.train;

import java.util.ArrayList;
import java.util.List;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.text.Tokenizer;

/**
 * How surprised a model is by each token of a passage: −log p(token | its context), scored with the
 * windows and batches of {@link Perplexity#slidingWindow}, so the losses average to the cross-entropy
 * it reports (to float rounding: here each log-softmax is taken in double from the same logits).
 * The first token has no context and is not scored.
 */
public final class TokenLosses {
    private TokenLosses() {}

    /**
     * One scored token.
     *
     * @param position      its index in the passage, from 1
     * @param piece         the text it stands for ({@code tokenizer.decode} of it alone)
     * @param loss          −log p(token | the contextLength tokens before it), in nats
     * @param contextLength how many tokens the prediction saw
     * @param window        the index of the window that scored it
     */
    public record TokenLoss(int position, int id, String piece, double loss, int contextLength, int window) {}

    /**
     * @param firstId      token 0, which is not scored (nothing comes before it)
     * @param firstPiece   its text
     * @param tokens       one entry per scored token, positions 1 … n − 1 in order
     * @param windows      the sliding windows, in order
     * @param crossEntropy the mean loss, nats per token
     * @param perplexity   e^crossEntropy
     */
    public record Result(int firstId, String firstPiece, List<TokenLoss> tokens, List<Perplexity.Window> windows, int contextLength,
                         int stride, double crossEntropy, double perplexity) {
        public Result {
            tokens = List.copyOf(tokens);
            windows = List.copyOf(windows);
        }
    }

    /** Scores {@code tokens} with windows of {@code contextLength} tokens every {@code stride}, {@code batchSize} windows a call. */
    public static Result of(LanguageModel model, Tokenizer tokenizer, int[] tokens, int contextLength, int stride,
                            int batchSize) {
        if (model.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the model has " + model.config().vocabSize() + " tokens but the tokenizer "
                    + tokenizer.vocabSize() + "; they do not belong together");
        }
        Perplexity.checkBatchSize(batchSize);
        List<Perplexity.Window> windows = Perplexity.windows(tokens.length, contextLength, stride);
        List<TokenLoss> losses = new ArrayList<>(tokens.length - 1);
        double total = 0;
        for (int from = 0; from < windows.size(); from += batchSize) {
            List<Perplexity.Window> group = windows.subList(from, Math.min(windows.size(), from + batchSize));
            TokenBatch batch = Perplexity.batch(tokens, group);
            float[][] logits = model.logits(batch.inputs(), group.size(), batch.length());   // (group·width) rows of V
            for (int g = 0; g < group.size(); g++) {
                Perplexity.Window window = group.get(g);
                for (int position = window.firstScored(); position <= window.lastScored(); position++) {
                    int row = g * batch.length() + position - window.begin() - 1;   // the row that predicts this position
                    double loss = negativeLogSoftmax(logits[row], tokens[position]);
                    total += loss;
                    losses.add(new TokenLoss(position, tokens[position], tokenizer.decode(new int[] {tokens[position]}),
                            loss, window.contextOf(position), window.index()));
                }
            }
        }
        double crossEntropy = total / losses.size();
        return new Result(tokens[0], tokenizer.decode(new int[] {tokens[0]}), losses, windows, contextLength, stride, crossEntropy,
                Math.exp(crossEntropy));
    }

    /** Any text, encoded with {@code tokenizer}, scored with the model's own context length. */
    public static Result ofText(LanguageModel model, Tokenizer tokenizer, String text, int stride, int batchSize) {
        return of(model, tokenizer, tokenizer.encode(text).ids(), model.config().contextLength(), stride, batchSize);
    }

    /** −log softmax(z)_target, in double: logΣe^(z − max) + max − z_target. */
    static double negativeLogSoftmax(float[] logits, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        for (float z : logits) sum += Math.exp(z - max);
        return max + Math.log(sum) - logits[target];
    }
}
