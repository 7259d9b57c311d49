package org.slmworkshop.generate;

import java.util.Arrays;
import java.util.BitSet;
import org.slmworkshop.generate.DecodingSettings.Strategy;

/**
 * The logit transforms and the draw. They compose in one fixed order, the order of Hugging Face's
 * {@code generate}:
 * <ol>
 *   <li>repetition penalty (on the raw logits, for every token in the context the model sees),</li>
 *   <li>temperature (logits / T),</li>
 *   <li>top-k (on the tempered logits),</li>
 *   <li>top-p (on the softmax of what top-k kept),</li>
 *   <li>min-p (on the softmax of what top-p kept),</li>
 * </ol>
 * then a softmax over the survivors and an inverse-CDF draw in token-id order. Removed tokens get
 * logit −∞, so probability exactly 0. Ties are broken towards the lower token id everywhere
 * (top-k boundary, top-p ordering, argmax), so results never depend on sort stability.
 * All arithmetic is in double; the inputs are copied, never changed.
 */
public final class LogitTransforms {

    /** A step of the pipeline, in order; {@link #MODEL} is the untouched distribution. */
    public enum Stage { MODEL, REPETITION_PENALTY, TEMPERATURE, TOP_K, TOP_P, MIN_P, GREEDY }

    /** Sees the logits after each stage that is in effect (the array must not be kept or changed). */
    @FunctionalInterface
    public interface StageObserver {
        void after(Stage stage, double[] logits);
    }

    private static final double TOP_P_TOLERANCE = 1e-12;   // cumulative sums of rounded probabilities

    private LogitTransforms() {}

    /**
     * The logits after every transform {@code settings} turns on. Greedy and beam search apply only
     * the repetition penalty; sampling applies them all.
     */
    public static double[] apply(float[] modelLogits, int[] context, DecodingSettings settings, StageObserver observer) {
        double[] logits = new double[modelLogits.length];
        for (int i = 0; i < logits.length; i++) logits[i] = modelLogits[i];
        notify(observer, Stage.MODEL, logits);
        if (settings.repetitionPenalty() != 1.0) {
            logits = repetitionPenalty(logits, context, settings.repetitionPenalty());
            notify(observer, Stage.REPETITION_PENALTY, logits);
        }
        if (settings.strategy() != Strategy.SAMPLE) return logits;
        if (settings.temperature() != 1.0) {
            logits = temperature(logits, settings.temperature());
            notify(observer, Stage.TEMPERATURE, logits);
        }
        if (settings.topK() != null && settings.topK() < logits.length) {
            logits = topK(logits, settings.topK());
            notify(observer, Stage.TOP_K, logits);
        }
        if (settings.topP() < 1.0) {
            logits = topP(logits, settings.topP());
            notify(observer, Stage.TOP_P, logits);
        }
        if (settings.minP() > 0.0) {
            logits = minP(logits, settings.minP());
            notify(observer, Stage.MIN_P, logits);
        }
        return logits;
    }

    /** The distribution a sampling step draws from. */
    public static double[] probabilities(float[] modelLogits, int[] context, DecodingSettings settings) {
        return softmax(apply(modelLogits, context, settings, null));
    }

    /** Hugging Face's definition: for tokens in the context, a positive logit is divided by the penalty, others multiplied. */
    public static double[] repetitionPenalty(double[] logits, int[] context, double penalty) {
        double[] out = logits.clone();
        BitSet seen = new BitSet(logits.length);
        for (int token : context) seen.set(token);
        for (int token = seen.nextSetBit(0); token >= 0; token = seen.nextSetBit(token + 1)) {
            out[token] = out[token] > 0 ? out[token] / penalty : out[token] * penalty;
        }
        return out;
    }

    /** Logits / T, so log-probabilities become (log p)/T − log Z(T): T < 1 sharpens, T > 1 flattens. */
    public static double[] temperature(double[] logits, double temperature) {
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = logits[i] / temperature;
        return out;
    }

    /** Keeps exactly min(k, live tokens) tokens: the largest logits, the lower id winning a tie at the boundary. */
    public static double[] topK(double[] logits, int k) {
        int[] order = descending(logits);
        double[] out = masked(logits.length);
        for (int rank = 0; rank < Math.min(k, order.length); rank++) {
            int token = order[rank];
            if (logits[token] == Double.NEGATIVE_INFINITY) break;
            out[token] = logits[token];
        }
        return out;
    }

    /** Keeps the smallest set of most likely tokens whose probability reaches p (at least one token). */
    public static double[] topP(double[] logits, double p) {
        double[] probabilities = softmax(logits);
        int[] order = descending(probabilities);
        double[] out = masked(logits.length);
        double cumulative = 0;
        for (int token : order) {
            if (probabilities[token] == 0) break;
            out[token] = logits[token];
            cumulative += probabilities[token];
            if (cumulative >= p - TOP_P_TOLERANCE) break;
        }
        return out;
    }

    /** Drops tokens whose probability is below minP times the largest probability (the top token always stays). */
    public static double[] minP(double[] logits, double minP) {
        double[] probabilities = softmax(logits);
        double threshold = minP * probabilities[argmax(probabilities)];
        double[] out = masked(logits.length);
        for (int i = 0; i < out.length; i++) {
            if (probabilities[i] > 0 && probabilities[i] >= threshold) out[i] = logits[i];
        }
        return out;
    }

    public static double[] softmax(double[] logits) {
        double max = logits[argmax(logits)];
        double[] out = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = logits[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) out[i] /= sum;
        return out;
    }

    public static double[] logSoftmax(double[] logits) {
        double max = logits[argmax(logits)];
        double sum = 0;
        for (double logit : logits) sum += logit == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logit - max);
        double logZ = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = logits[i] - logZ;
        return out;
    }

    /** The index of the largest value; the lowest index on a tie. */
    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /**
     * Inverse-CDF sampling in token-id order: the first token whose cumulative probability exceeds
     * {@code u}. A shared u then gives two strategies the same draw whenever their distributions agree.
     *
     * @param u uniform in [0, 1)
     */
    public static int draw(double[] probabilities, double u) {
        double total = 0;
        for (double probability : probabilities) total += probability;
        double target = u * total;
        double cumulative = 0;
        int lastLive = -1;
        for (int token = 0; token < probabilities.length; token++) {
            if (probabilities[token] <= 0) continue;
            cumulative += probabilities[token];
            lastLive = token;
            if (cumulative > target) return token;
        }
        if (lastLive < 0) throw new IllegalStateException("no token has a positive probability");
        return lastLive;   // u·total past the rounded sum
    }

    /** Token ids by value, largest first, lower id first on a tie. */
    static int[] descending(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            int byValue = Double.compare(values[b], values[a]);
            return byValue != 0 ? byValue : Integer.compare(a, b);
        });
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) out[i] = order[i];
        return out;
    }

    /** The m largest values' indices, largest first, lower index first on a tie: a partial {@link #descending}. */
    static int[] topIndices(double[] values, int m) {
        int count = Math.min(m, values.length);
        int[] top = new int[count];
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            // strictly greater: an equal value with a higher index stays behind
            if (filled == count && !(values[i] > values[top[count - 1]])) continue;
            int at = filled < count ? filled++ : count - 1;
            while (at > 0 && values[i] > values[top[at - 1]]) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
        }
        return top;
    }

    private static double[] masked(int size) {
        double[] out = new double[size];
        Arrays.fill(out, Double.NEGATIVE_INFINITY);
        return out;
    }

    private static void notify(StageObserver observer, Stage stage, double[] logits) {
        if (observer != null) observer.after(stage, logits);
    }
}
