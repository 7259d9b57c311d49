package org.slmworkshop.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;

/**
 * Incremental decoding of one sequence with a {@link Gpt}: each appended token runs through the network
 * once, as a single row, and attends to the keys and values cached for the tokens before it (the KV cache).
 * It uses the model's own layers and kernels one token at a time, so its logits equal those of
 * {@link Gpt#logits} on the whole sequence, up to float rounding.
 *
 * <p>The weights are copied when the decoder is built, so a decoder keeps giving the logits of the
 * weights it was built with: build a new one (or call {@link #refresh}) after more training.
 * Positions are absolute, so at most {@code contextLength} tokens fit; the caller crops and refills
 * (see {@code CachedGptScorer}). A {@link #copy} shares the weights and copies the cached rows. Not thread-safe.
 */
public final class GptDecoder {
    /** A copy of the model's weights, by parameter name. */
    private record Weights(Tensor values, Map<String, Parameter> byName) {
        Parameter get(String name) {
            return byName.get(name);
        }
    }

    /** One block's layers over the snapshot. */
    private record Layer(LayerNorm norm1, Linear qkv, Linear proj, LayerNorm norm2, Linear fc, Linear fcProj) {}

    private final Gpt model;
    private final GptConfig config;
    private final Kernels k;
    private final float scale;
    private Weights weights;
    private Layer[] layers;
    private LayerNorm finalNorm;
    private final Tensor[] keys;     // [layer] (T_max, C), heads side by side
    private final Tensor[] values;   // [layer] (T_max, C)
    private final Buffers buffers;
    private int length;

    public GptDecoder(Gpt model) {
        this(model, snapshot(model));
    }

    private GptDecoder(Gpt model, Weights weights) {
        this.model = model;
        this.config = model.config();
        this.k = model.store().kernels();
        this.scale = (float) (1.0 / Math.sqrt(config.headSize()));
        this.buffers = new Buffers(k);
        this.keys = new Tensor[config.layers()];
        this.values = new Tensor[config.layers()];
        for (int l = 0; l < config.layers(); l++) {
            keys[l] = k.zeros(config.contextLength(), config.width());
            values[l] = k.zeros(config.contextLength(), config.width());
        }
        use(weights);
    }

    private void use(Weights weights) {
        this.weights = weights;
        layers = new Layer[config.layers()];
        for (int l = 0; l < config.layers(); l++) {
            String p = "h" + l + ".";
            layers[l] = new Layer(norm(p + "ln_1"), linear(p + "attn.c_attn"), linear(p + "attn.c_proj"),
                    norm(p + "ln_2"), linear(p + "mlp.c_fc"), linear(p + "mlp.c_proj"));
        }
        finalNorm = norm("ln_f");
    }

    private LayerNorm norm(String name) {
        return new LayerNorm(k, weights.get(name + ".weight"), weights.get(name + ".bias"));
    }

    private Linear linear(String name) {
        return new Linear(k, weights.get(name + ".weight"), weights.get(name + ".bias"));
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
    }

    /** Copies the model's current weights again (after training) and empties the cache. */
    public void refresh() {
        use(snapshot(model));
        reset();
    }

    /** An independent decoder at the same position, sharing the weights. */
    public GptDecoder copy() {
        GptDecoder copy = new GptDecoder(model, weights);
        if (length > 0) {
            for (int l = 0; l < keys.length; l++) {
                k.copy(firstRows(keys[l]), firstRows(copy.keys[l]));
                k.copy(firstRows(values[l]), firstRows(copy.values[l]));
            }
        }
        copy.length = length;
        return copy;
    }

    /** The cache's rows 0 … length − 1 of this decoder. */
    private Tensor firstRows(Tensor cache) {
        return k.view(cache, 0, length, config.width());
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
     * each matrix together as the rows of one product: B rows cost well under B steps.
     */
    public static float[][] appendEach(List<GptDecoder> decoders, int[] tokens) {
        if (decoders.size() != tokens.length) throw new IllegalArgumentException("one token per decoder");
        GptDecoder first = decoders.get(0);
        for (GptDecoder decoder : decoders) {
            if (decoder.weights != first.weights) {   // different snapshots: one at a time
                float[][] logits = new float[tokens.length][];
                for (int i = 0; i < tokens.length; i++) logits[i] = decoders.get(i).append(tokens[i]);
                return logits;
            }
        }
        return first.forward(decoders, tokens);
    }

    /** The network on one new row per decoder, with this decoder's layers and buffers. */
    private float[][] forward(List<GptDecoder> decoders, int[] tokens) {
        int rows = tokens.length, c = config.width(), heads = config.heads();
        int[] positions = new int[rows];
        for (int r = 0; r < rows; r++) positions[r] = decoders.get(r).nextPosition();
        LanguageModel.checkTokens(tokens, config.vocabSize());
        Tensor x = buffers.of("x", rows, c);
        Tensor position = buffers.of("position", rows, c);
        Tensor normed = buffers.of("normed", rows, c);
        Tensor qkv = buffers.of("qkv", rows, 3 * c);
        Tensor attended = buffers.of("attended", rows, c);
        Tensor branch = buffers.of("branch", rows, c);
        Tensor hidden = buffers.of("hidden", rows, 4 * c);
        Tensor activation = buffers.of("activation", rows, 4 * c);
        Tensor logits = buffers.of("logits", rows, config.vocabSize());
        Tensor[] layerKeys = new Tensor[rows];
        Tensor[] layerValues = new Tensor[rows];

        k.embedding(tokens, 1, weights.get("wte").value(), null, x);               // wte[token]            (B, C)
        k.embedding(positions, 1, weights.get("wpe").value(), null, position);     // wpe[position]         (B, C)
        k.add(x, position);
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            for (int r = 0; r < rows; r++) {
                layerKeys[r] = decoders.get(r).keys[l];
                layerValues[r] = decoders.get(r).values[l];
            }
            layer.norm1.forward(x, normed);                                         // ln_1(x)               (B, C)
            layer.qkv.forward(normed, qkv);                                         // [q | k | v]           (B, 3C)
            k.cachedAttention(qkv, layerKeys, layerValues, positions, heads, scale, attended);   // caches k, v (B, C)
            layer.proj.forward(attended, branch);                                   //                       (B, C)
            layer.norm2.addAndForward(x, branch, normed);                           // x += attn; ln_2(x)    (B, C)
            layer.fc.forward(normed, hidden);                                       //                       (B, 4C)
            k.gelu(hidden, activation);                                             //                       (B, 4C)
            layer.fcProj.forward(activation, branch);                               //                       (B, C)
            k.add(x, branch);                                                       // x += mlp
        }
        finalNorm.forward(x, normed);                                               // ln_f(x)               (B, C)
        Parameter head = weights.get("lm_head.weight");
        if (head != null) k.matmul(normed, false, head.value(), false, logits, 0); // x·W_head              (B, V)
        else k.matmul(normed, false, weights.get("wte").value(), true, logits, 0); // x·wteᵀ                (B, V)
        for (GptDecoder decoder : decoders) decoder.length++;
        return LanguageModel.rows(logits);
    }

    /** The position the next token takes, refused once the context is full. */
    private int nextPosition() {
        if (length == config.contextLength()) {
            throw new IllegalStateException("the cache holds the full context of " + length
                    + " tokens; reset and refill it with the last tokens");
        }
        return length;
    }

    /** A copy of the model's weights with a view per parameter (and no gradients). */
    private static Weights snapshot(Gpt model) {
        ParameterStore store = model.store();
        Kernels k = store.kernels();
        Tensor values;
        synchronized (model) {
            values = k.constant(store.values());
        }
        Map<String, Parameter> byName = new HashMap<>();
        for (Parameter p : store.parameters()) {
            byName.put(p.name(), new Parameter(p.name(), k.view(values, p.offset(), p.shape()), null, p.decay(), p.offset()));
        }
        return new Weights(values, byName);
    }
}
