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

    public static Result slidingWindow(LanguageModel model, int[] tokens, int contextLength, int stride, int batchSize) {
        if (stride < 1 || stride > contextLength) {
            throw new IllegalArgumentException("stride must be in [1, " + contextLength + "], got " + stride);
        }
        if (tokens.length < 2) throw new IllegalArgumentException("need at least 2 tokens to evaluate");
        int targets = tokens.length - 1;              // target positions 1 … n−1
        double total = 0;
        long scored = 0;
        int scoredUpTo = 0;                           // targets with index ≤ scoredUpTo are done
        List<int[]> windowStarts = new ArrayList<>(); // {begin, windowLength, firstNewTarget}
        for (int begin = 0; scoredUpTo < targets; begin += stride) {
            int windowLength = Math.min(contextLength, targets - begin);
            int end = begin + windowLength;           // this window predicts targets begin+1 … end
            windowStarts.add(new int[] {begin, windowLength, scoredUpTo + 1});
            scoredUpTo = end;
        }
        for (int from = 0; from < windowStarts.size(); from += batchSize) {
            List<int[]> group = windowStarts.subList(from, Math.min(windowStarts.size(), from + batchSize));
            // pad the group to one length; a shorter last window gets mask 0 past its end
            int width = 0;
            for (int[] w : group) width = Math.max(width, w[1]);
            int[] inputs = new int[group.size() * width];
            int[] labels = new int[group.size() * width];
            float[] mask = new float[group.size() * width];
            for (int g = 0; g < group.size(); g++) {
                int begin = group.get(g)[0], windowLength = group.get(g)[1], firstNew = group.get(g)[2];
                for (int t = 0; t < windowLength; t++) {
                    inputs[g * width + t] = tokens[begin + t];
                    labels[g * width + t] = tokens[begin + t + 1];
                    mask[g * width + t] = begin + t + 1 >= firstNew ? 1f : 0f;
                }
            }
            double weight = 0;
            for (float m : mask) weight += m;
            total += model.loss(new TokenBatch(group.size(), width, inputs, labels, mask)) * weight;
            scored += (long) weight;
        }
        double crossEntropy = total / scored;
        return new Result(crossEntropy, Math.exp(crossEntropy), scored);
    }
}
