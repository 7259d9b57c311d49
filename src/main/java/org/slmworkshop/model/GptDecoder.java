package org.slmworkshop.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Incremental decoding of one sequence with a {@link Gpt}: each appended token runs through the network
 * once, as a single row, and attends to the keys and values cached for the tokens before it (the KV cache).
 * The logits equal those of {@link Gpt#logits} on the whole sequence, up to float rounding.
 *
 * <p>The weights are copied to the heap when the decoder is built, so a decoder keeps giving the logits
 * of the weights it was built with: build a new one (or call {@link #refresh}) after more training.
 * Positions are absolute, so at most {@code contextLength} tokens fit; the caller crops and refills
 * (see {@code CachedGptScorer}). Cached key and value rows are never changed once written, so a
 * {@link #copy} shares them and costs one reference per cached token and layer. Not thread-safe.
 */
public final class GptDecoder {
    /** One block's weights; Linear weights are (in, out) row-major, absent biases are zeros. */
    private record LayerWeights(float[] norm1Gain, float[] norm1Bias, float[] qkvWeight, float[] qkvBias,
                                float[] projWeight, float[] projBias, float[] norm2Gain, float[] norm2Bias,
                                float[] fcWeight, float[] fcBias, float[] fcProjWeight, float[] fcProjBias) {}

    /** A heap snapshot of all weights; {@code head} is (C, V): lm_head, or wteᵀ when tied. */
    private record Weights(float[] tokenEmbedding, float[] positionEmbedding, List<LayerWeights> layers,
                           float[] finalGain, float[] finalBias, float[] head) {}

    private final Gpt model;
    private final GptConfig config;
    private final int width;
    private final int heads;
    private final int headSize;
    private final float scale;
    private Weights weights;
    private final float[][][] keys;     // [layer][position] → (C), heads side by side
    private final float[][][] values;   // [layer][position] → (C)
    private int length;

    // per-token scratch
    private final float[] x, normed, qkv, attended, branch, hidden, scores;

    public GptDecoder(Gpt model) {
        this(model, snapshot(model));
    }

    private GptDecoder(Gpt model, Weights weights) {
        this.model = model;
        this.config = model.config();
        this.width = config.width();
        this.heads = config.heads();
        this.headSize = config.headSize();
        this.scale = (float) (1.0 / Math.sqrt(headSize));
        this.weights = weights;
        this.keys = new float[config.layers()][config.contextLength()][];
        this.values = new float[config.layers()][config.contextLength()][];
        x = new float[width];
        normed = new float[width];
        qkv = new float[3 * width];
        attended = new float[width];
        branch = new float[width];
        hidden = new float[4 * width];
        scores = new float[config.contextLength()];
    }

    public GptConfig config() {
        return config;
    }

    /** Tokens in the cache: the position the next token will take. */
    public int length() {
        return length;
    }

    /** Empties the cache. */
    public void reset() {
        length = 0;
        for (float[][] layer : keys) Arrays.fill(layer, null);
        for (float[][] layer : values) Arrays.fill(layer, null);
    }

    /** Copies the model's current weights again (after training) and empties the cache. */
    public void refresh() {
        weights = snapshot(model);
        reset();
    }

    /** An independent decoder at the same position, sharing the weights and the immutable cached rows. */
    public GptDecoder copy() {
        GptDecoder copy = new GptDecoder(model, weights);
        for (int l = 0; l < keys.length; l++) {
            System.arraycopy(keys[l], 0, copy.keys[l], 0, length);
            System.arraycopy(values[l], 0, copy.values[l], 0, length);
        }
        copy.length = length;
        return copy;
    }

    /** Appends {@code token} at position {@link #length()}; returns the logits (V) for the token after it. */
    public float[] append(int token) {
        return appendEach(List.of(this), new int[] {token})[0];
    }

    /** Appends every token; returns the logits (V) after the last. */
    public float[] appendAll(int[] tokens) {
        if (tokens.length == 0) throw new IllegalArgumentException("no tokens to append");
        float[] logits = null;
        for (int token : tokens) logits = append(token);
        return logits;
    }

    /**
     * Appends {@code tokens[i]} to {@code decoders.get(i)} for every i, each at its own position, and
     * returns their logits in that order. Decoders that share weights (copies of one decoder) go through
     * each matrix together, so a weight block is read once for all of them: B rows cost well under B steps.
     */
    public static float[][] appendEach(List<GptDecoder> decoders, int[] tokens) {
        if (decoders.size() != tokens.length) throw new IllegalArgumentException("one token per decoder");
        Weights weights = decoders.get(0).weights;
        for (GptDecoder decoder : decoders) {
            if (decoder.weights != weights) {   // different snapshots: one at a time
                float[][] logits = new float[tokens.length][];
                for (int i = 0; i < tokens.length; i++) logits[i] = decoders.get(i).append(tokens[i]);
                return logits;
            }
        }
        GptDecoder first = decoders.get(0);
        GptConfig config = first.config;
        int c = config.width();
        for (int i = 0; i < tokens.length; i++) decoders.get(i).embed(tokens[i]);
        float[][] normed = scratch(decoders, d -> d.normed);
        float[][] qkv = scratch(decoders, d -> d.qkv);
        float[][] attended = scratch(decoders, d -> d.attended);
        float[][] branch = scratch(decoders, d -> d.branch);
        float[][] hidden = scratch(decoders, d -> d.hidden);
        for (int l = 0; l < config.layers(); l++) {
            LayerWeights w = weights.layers.get(l);
            for (GptDecoder d : decoders) layerNorm(d.x, w.norm1Gain, w.norm1Bias, d.normed);   // (B, C)
            matMul(normed, w.qkvWeight, w.qkvBias, qkv, c, 3 * c);                          // (B, 3C) = [q | k | v]
            for (GptDecoder d : decoders) d.attend(l);                                      // (B, C)
            matMul(attended, w.projWeight, w.projBias, branch, c, c);                        // (B, C)
            for (int b = 0; b < decoders.size(); b++) {
                float[] x = decoders.get(b).x;
                for (int j = 0; j < c; j++) x[j] += branch[b][j];
            }
            for (GptDecoder d : decoders) layerNorm(d.x, w.norm2Gain, w.norm2Bias, d.normed);   // (B, C)
            matMul(normed, w.fcWeight, w.fcBias, hidden, c, 4 * c);                         // (B, 4C)
            for (float[] row : hidden) Gelu.forward(row, row, 0, 4 * c);                     // (B, 4C), in place
            matMul(hidden, w.fcProjWeight, w.fcProjBias, branch, 4 * c, c);                  // (B, C)
            for (int b = 0; b < decoders.size(); b++) {
                float[] x = decoders.get(b).x;
                for (int j = 0; j < c; j++) x[j] += branch[b][j];
            }
        }
        float[][] logits = new float[tokens.length][config.vocabSize()];
        for (GptDecoder d : decoders) {
            layerNorm(d.x, weights.finalGain, weights.finalBias, d.normed);                 // (B, C)
            d.length++;
        }
        matMul(normed, weights.head, null, logits, c, config.vocabSize());                  // (B, V) = (B, C)·(C, V)
        return logits;
    }

    private static float[][] scratch(List<GptDecoder> decoders, Function<GptDecoder, float[]> field) {
        float[][] rows = new float[decoders.size()][];
        for (int b = 0; b < rows.length; b++) rows[b] = field.apply(decoders.get(b));
        return rows;
    }

    /** x = wte[token] + wpe[position], with checks that the token and the position exist. */
    private void embed(int token) {
        if (length == config.contextLength()) {
            throw new IllegalStateException("the cache holds the full context of " + length
                    + " tokens; reset and refill it with the last tokens");
        }
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("token id " + token + " outside the vocabulary of " + config.vocabSize());
        }
        for (int j = 0; j < width; j++) {                                               // (C)
            x[j] = weights.tokenEmbedding[token * width + j] + weights.positionEmbedding[length * width + j];
        }
    }

    /** Caches this position's key and value from qkv, then attended = softmax(q·Kᵀ/√hs)·V per head. */
    private void attend(int layer) {
        int c = width;
        int position = length;
        float[][] layerKeys = keys[layer];
        float[][] layerValues = values[layer];
        layerKeys[position] = Arrays.copyOfRange(qkv, c, 2 * c);          // (C)
        layerValues[position] = Arrays.copyOfRange(qkv, 2 * c, 3 * c);    // (C)
        for (int h = 0; h < heads; h++) {
            int offset = h * headSize;
            // scores_t = q·k_t / √hs for t ≤ position, then softmax     (position + 1)
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t <= position; t++) {
                float[] key = layerKeys[t];
                scores[t] = dot(qkv, key, offset, headSize) * scale;
                max = Math.max(max, scores[t]);
            }
            float sum = 0;
            for (int t = 0; t <= position; t++) {
                scores[t] = CausalSelfAttention.expNonPositive(scores[t] - max);   // as in training
                sum += scores[t];
            }
            float inverse = 1f / sum;
            // attended_h = Σ_t p_t·v_t                                     (hs)
            Arrays.fill(attended, offset, offset + headSize, 0f);
            for (int t = 0; t <= position; t++) {
                float p = scores[t] * inverse;
                float[] value = layerValues[t];
                for (int d = 0; d < headSize; d++) attended[offset + d] += p * value[offset + d];
            }
        }
    }

    /** Σ a[o + d]·b[o + d] for d < n, in four independent sums so the multiplies overlap. */
    private static float dot(float[] a, float[] b, int offset, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int d = offset, end = offset + n;
        for (; d + 4 <= end; d += 4) {
            s0 += a[d] * b[d];
            s1 += a[d + 1] * b[d + 1];
            s2 += a[d + 2] * b[d + 2];
            s3 += a[d + 3] * b[d + 3];
        }
        for (; d < end; d++) s0 += a[d] * b[d];
        return (s0 + s1) + (s2 + s3);
    }

    /** out = (in - mean) / sqrt(var + eps) · gain + bias, over one row (C). */
    private static void layerNorm(float[] in, float[] gain, float[] bias, float[] out) {
        int n = in.length;
        float sum = 0;
        for (int c = 0; c < n; c++) sum += in[c];
        float mean = sum / n;
        float squares = 0;
        for (int c = 0; c < n; c++) {
            float d = in[c] - mean;
            squares += d * d;
        }
        float s = (float) (1.0 / Math.sqrt(squares / n + LayerNorm.EPS));
        for (int c = 0; c < n; c++) out[c] = (in[c] - mean) * s * gain[c] + bias[c];
    }

    /**
     * y_b = x_b·W + b for each row: x (B, in), W (in, out) row-major, b (out) or null. Four rows of W at a
     * time, applied to every x_b while they are in L1, in an axpy the JIT vectorises.
     */
    private static void matMul(float[][] xs, float[] weight, float[] bias, float[][] ys, int in, int out) {
        for (float[] y : ys) {
            if (bias == null) Arrays.fill(y, 0, out, 0f);
            else System.arraycopy(bias, 0, y, 0, out);
        }
        int i = 0;
        for (; i + 4 <= in; i += 4) {
            int r0 = i * out, r1 = r0 + out, r2 = r1 + out, r3 = r2 + out;
            for (int b = 0; b < xs.length; b++) {
                float[] x = xs[b], y = ys[b];
                float x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
                for (int j = 0; j < out; j++) {
                    y[j] += x0 * weight[r0 + j] + x1 * weight[r1 + j] + x2 * weight[r2 + j] + x3 * weight[r3 + j];
                }
            }
        }
        for (; i < in; i++) {
            int row = i * out;
            for (int b = 0; b < xs.length; b++) {
                float xi = xs[b][i];
                float[] y = ys[b];
                for (int j = 0; j < out; j++) y[j] += xi * weight[row + j];
            }
        }
    }

    private static Weights snapshot(Gpt model) {
        GptConfig config = model.config();
        ParameterStore store = model.store();
        int c = config.width();
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            String p = "h" + l + ".";
            layers.add(new LayerWeights(
                    read(store, p + "ln_1.weight"), bias(store, config, p + "ln_1.bias", c),
                    read(store, p + "attn.c_attn.weight"), bias(store, config, p + "attn.c_attn.bias", 3 * c),
                    read(store, p + "attn.c_proj.weight"), bias(store, config, p + "attn.c_proj.bias", c),
                    read(store, p + "ln_2.weight"), bias(store, config, p + "ln_2.bias", c),
                    read(store, p + "mlp.c_fc.weight"), bias(store, config, p + "mlp.c_fc.bias", 4 * c),
                    read(store, p + "mlp.c_proj.weight"), bias(store, config, p + "mlp.c_proj.bias", c)));
        }
        float[] tokenEmbedding = read(store, "wte");                     // (V, C)
        float[] head = config.tiedWeights() ? transpose(tokenEmbedding, config.vocabSize(), c)   // (C, V)
                : read(store, "lm_head.weight");
        return new Weights(tokenEmbedding, read(store, "wpe"), List.copyOf(layers),
                read(store, "ln_f.weight"), bias(store, config, "ln_f.bias", c), head);
    }

    private static float[] read(ParameterStore store, String name) {
        INDArray value = store.get(name).value();
        return value.dup('c').data().asFloat();   // a copy of just this view, row-major
    }

    private static float[] bias(ParameterStore store, GptConfig config, String name, int size) {
        return config.bias() ? read(store, name) : new float[size];
    }

    /** (rows, columns) → (columns, rows). */
    private static float[] transpose(float[] matrix, int rows, int columns) {
        float[] out = new float[matrix.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) out[c * rows + r] = matrix[r * columns + c];
        return out;
    }
}
