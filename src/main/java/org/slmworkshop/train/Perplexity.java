package org.slmworkshop.train;

import java.util.ArrayList;
import java.util.List;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.TokenBatch;

/**
 * Sliding-window evaluation: windows of the context length start every {@code stride} tokens and
 * each target is scored once, by the first window that reaches it after the previous window's end,
 * so every prediction except the earliest sees at least context − stride tokens of history.
 */
public final class Perplexity {
    private Perplexity() {}

    /** Mean negative log-likelihood (nats per token) and its exponential. */
    public record Result(double crossEntropy, double perplexity, long tokensScored) {}

    /**
     * One window: it reads tokens {@code begin … begin + length − 1} and predicts targets
     * {@code begin + 1 … begin + length}, but scores only those from {@code firstScored} on (the
     * earlier ones were scored by the window before). Target t is scored with t − begin tokens of context.
     */
    public record Window(int index, int begin, int length, int firstScored) {
        public int lastScored() {
            return begin + length;
        }

        /** How many tokens the prediction of target {@code position} sees. */
        public int contextOf(int position) {
            if (position < firstScored || position > lastScored()) {
                throw new IllegalArgumentException("window " + index + " scores positions " + firstScored + "…"
                        + lastScored() + ", not " + position);
            }
            return position - begin;
        }
    }

    /** The windows that score targets 1 … tokenCount − 1, each exactly once. */
    public static List<Window> windows(int tokenCount, int contextLength, int stride) {
        if (stride < 1 || stride > contextLength) {
            throw new IllegalArgumentException("stride must be in [1, " + contextLength + "], got " + stride);
        }
        if (tokenCount < 2) throw new IllegalArgumentException("need at least 2 tokens to evaluate");
        int targets = tokenCount - 1;                 // target positions 1 … n−1
        int scoredUpTo = 0;                           // targets with index ≤ scoredUpTo are done
        List<Window> windows = new ArrayList<>();
        for (int begin = 0; scoredUpTo < targets; begin += stride) {
            int windowLength = Math.min(contextLength, targets - begin);
            windows.add(new Window(windows.size(), begin, windowLength, scoredUpTo + 1));
            scoredUpTo = begin + windowLength;        // this window predicts targets begin+1 … end
        }
        return windows;
    }

    /**
     * A group of windows as one batch padded to the longest: inputs, labels and a mask that is 1
     * exactly where a window scores its target. Row g·width + t predicts token begin + t + 1 of window g.
     */
    static TokenBatch batch(int[] tokens, List<Window> group) {
        int width = 0;
        for (Window w : group) width = Math.max(width, w.length());
        int[] inputs = new int[group.size() * width];
        int[] labels = new int[group.size() * width];
        float[] mask = new float[group.size() * width];
        for (int g = 0; g < group.size(); g++) {
            Window w = group.get(g);
            for (int t = 0; t < w.length(); t++) {     // a shorter last window gets mask 0 past its end
                inputs[g * width + t] = tokens[w.begin() + t];
                labels[g * width + t] = tokens[w.begin() + t + 1];
                mask[g * width + t] = w.begin() + t + 1 >= w.firstScored() ? 1f : 0f;
            }
        }
        return new TokenBatch(group.size(), width, inputs, labels, mask);
    }

    public static Result slidingWindow(LanguageModel model, int[] tokens, int contextLength, int stride, int batchSize) {
        checkBatchSize(batchSize);
        List<Window> windows = windows(tokens.length, contextLength, stride);
        double total = 0;
        long scored = 0;
        for (int from = 0; from < windows.size(); from += batchSize) {
            // a window that closes interrupts its lab's thread: stop between batches rather than score on
            if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("evaluation interrupted");
            TokenBatch batch = batch(tokens, windows.subList(from, Math.min(windows.size(), from + batchSize)));
            double weight = 0;
            for (float m : batch.mask()) weight += m;
            total += model.loss(batch) * weight;
            scored += (long) weight;
        }
        double crossEntropy = total / scored;
        return new Result(crossEntropy, Math.exp(crossEntropy), scored);
    }

    static void checkBatchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("the evaluation batch must hold at least 1 window, got " + batchSize);
    }
}
