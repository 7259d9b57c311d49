package org.slmworkshop.model;

import java.util.ArrayList;
import java.util.List;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.ForwardProbe.Site;
import org.slmworkshop.model.ParameterStore.Init;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * A GPT-2-style decoder, as in nanoGPT: token plus position embeddings, dropout, N pre-LayerNorm
 * blocks, a final LayerNorm and a linear head (optionally tied to the token embeddings).
 * Each layer's backward sits beside its forward; this class wires them together.
 */
public final class Gpt implements LanguageModel {
    private final GptConfig config;
    private final Kernels k;
    private final ParameterStore store;
    private final List<Block> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear head;                  // null when tied to the token embeddings
    private final Dropout embeddingDropout;
    private final Parameter tokenEmbedding;     // (V, C)
    private final Parameter positionEmbedding;  // (T, C)
    private final Buffers buffers;
    private Tensor normedFinal, logits;         // (B·T, C), (B·T, V)

    public Gpt(GptConfig config, Rng rng) {
        this(config, rng, Backends.standard());
    }

    public Gpt(GptConfig config, Rng rng, Kernels kernels) {
        this.config = config;
        this.k = kernels;
        this.store = new ParameterStore(kernels);
        this.buffers = new Buffers(kernels);
        int c = config.width();
        double std = 0.02;
        double projectionStd = 0.02 / Math.sqrt(2.0 * config.layers()); // GPT-2's scaled init of residual projections
        store.declare("wte", new int[] {config.vocabSize(), c}, true, Init.NORMAL, std);
        store.declare("wpe", new int[] {config.contextLength(), c}, true, Init.NORMAL, std);
        for (int l = 0; l < config.layers(); l++) {
            String p = "h" + l + ".";
            declareNorm(p + "ln_1");
            declareLinear(p + "attn.c_attn", c, 3 * c, std);
            declareLinear(p + "attn.c_proj", c, c, projectionStd);
            declareNorm(p + "ln_2");
            declareLinear(p + "mlp.c_fc", c, 4 * c, std);
            declareLinear(p + "mlp.c_proj", 4 * c, c, projectionStd);
        }
        declareNorm("ln_f");
        if (!config.tiedWeights()) store.declare("lm_head.weight", new int[] {c, config.vocabSize()}, true, Init.NORMAL, std);
        store.allocate(rng);

        tokenEmbedding = store.get("wte");
        positionEmbedding = store.get("wpe");
        double dropout = config.dropout();
        embeddingDropout = new Dropout(k, dropout, 0);
        for (int l = 0; l < config.layers(); l++) {
            String p = "h" + l + ".";
            long stream = 1 + 3L * l;                                    // three dropout sites per block
            CausalSelfAttention attention = new CausalSelfAttention(k, linear(p + "attn.c_attn"),
                    linear(p + "attn.c_proj"), config.heads(), c, new Dropout(k, dropout, stream));
            Mlp mlp = new Mlp(k, linear(p + "mlp.c_fc"), linear(p + "mlp.c_proj"), 4 * c);
            blocks.add(new Block(l, k, norm(p + "ln_1"), attention, norm(p + "ln_2"), mlp, c,
                    new Dropout(k, dropout, stream + 1), new Dropout(k, dropout, stream + 2)));
        }
        finalNorm = norm("ln_f");
        head = config.tiedWeights() ? null : new Linear(k, store.get("lm_head.weight"), null);
    }

    private void declareNorm(String name) {
        store.declare(name + ".weight", new int[] {config.width()}, false, Init.ONES, 0);
        if (config.bias()) store.declare(name + ".bias", new int[] {config.width()}, false, Init.ZEROS, 0);
    }

    private void declareLinear(String name, int in, int out, double std) {
        store.declare(name + ".weight", new int[] {in, out}, true, Init.NORMAL, std);
        if (config.bias()) store.declare(name + ".bias", new int[] {out}, false, Init.ZEROS, 0);
    }

    private LayerNorm norm(String name) {
        return new LayerNorm(k, store.get(name + ".weight"), config.bias() ? store.get(name + ".bias") : null);
    }

    private Linear linear(String name) {
        return new Linear(k, store.get(name + ".weight"), config.bias() ? store.get(name + ".bias") : null);
    }

    @Override
    public GptConfig config() {
        return config;
    }

    @Override
    public ParameterStore store() {
        return store;
    }

    /** Runs the network and leaves the logits, (B·T, V), in {@code logits}; the probe sees the intermediates. */
    private void forward(int[] tokens, int batch, int length, long seed, boolean training, ForwardProbe probe) {
        if (length > config.contextLength()) {
            throw new IllegalArgumentException("window of " + length + " tokens exceeds the context length "
                    + config.contextLength());
        }
        if (tokens.length != batch * length) throw new IllegalArgumentException("expected " + batch * length + " tokens");
        LanguageModel.checkTokens(tokens, config.vocabSize());
        int n = batch * length, c = config.width();
        Tensor x = buffers.of("residual", n, c);
        normedFinal = buffers.of("normedFinal", n, c);
        logits = buffers.of("logits", n, config.vocabSize());

        k.embedding(tokens, length, tokenEmbedding.value(), positionEmbedding.value(), x);  // wte[token] + wpe[t]  (B·T, C)
        probe.saw(Site.EMBEDDING, -1, x);
        embeddingDropout.forward(x, x, seed, training);
        for (Block block : blocks) block.forward(x, batch, length, seed, training, probe);
        finalNorm.forward(x, normedFinal);                                                 // (B·T, C)
        if (head != null) head.forward(normedFinal, logits);                               // (B·T, V)
        else k.matmul(normedFinal, false, tokenEmbedding.value(), true, logits, 0);        // x_f·wteᵀ  (B·T, V)
        probe.saw(Site.LN_F, -1, normedFinal);
        probe.saw(Site.LOGITS, -1, logits);
    }

    @Override
    public synchronized float[][] logits(int[] tokens, int batch, int length) {
        forward(tokens, batch, length, 0, false, ForwardProbe.NONE);
        return LanguageModel.rows(logits);
    }

    @Override
    public synchronized double loss(TokenBatch batch, double labelSmoothing) {
        forward(batch.inputs(), batch.batchSize(), batch.length(), 0, false, ForwardProbe.NONE);
        return k.crossEntropy(logits, batch.targets(), batch.mask(), labelSmoothing, null);
    }

    @Override
    public synchronized double lossAndGradients(TokenBatch batch, double labelSmoothing, Rng dropoutRng) {
        int length = batch.length();
        long seed = dropoutRng.nextLong();                    // this step's dropout masks
        forward(batch.inputs(), batch.batchSize(), length, seed, true, ForwardProbe.NONE);
        Tensor dLogits = buffers.of("dLogits", logits.shape());
        Tensor dNormedFinal = buffers.of("dNormedFinal", normedFinal.shape());
        Tensor dx = buffers.of("dResidual", normedFinal.shape());

        double loss = k.crossEntropy(logits, batch.targets(), batch.mask(), labelSmoothing, dLogits);  // (B·T, V)
        if (head != null) {
            head.backward(normedFinal, dLogits, dNormedFinal);
        } else {
            k.matmul(dLogits, true, normedFinal, false, tokenEmbedding.gradient(), 1);   // dwte += dzᵀ·x_f  (V, C)
            k.matmul(dLogits, false, tokenEmbedding.value(), false, dNormedFinal, 0);    // dx_f = dz·wte    (B·T, C)
        }
        k.fill(dx, 0);
        finalNorm.backward(dNormedFinal, dx);
        for (int l = blocks.size() - 1; l >= 0; l--) blocks.get(l).backward(dx);
        embeddingDropout.backward(dx);
        k.embeddingBackward(dx, batch.inputs(), length, tokenEmbedding.gradient(), positionEmbedding.gradient());
        return loss;
    }

    /**
     * Attention probabilities for one sequence: [layer][head][query][key], each row summing to 1
     * over keys ≤ query.
     */
    public synchronized float[][][][] attentionMaps(int[] tokens) {
        forward(tokens, 1, tokens.length, 0, false, ForwardProbe.NONE);
        int length = tokens.length, heads = config.heads();
        float[][][][] maps = new float[blocks.size()][heads][length][length];
        for (int l = 0; l < blocks.size(); l++) {
            float[] p = blocks.get(l).attentionProbabilities();               // (H, T, T)
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < length; i++)
                    System.arraycopy(p, (h * length + i) * length, maps[l][h][i], 0, length);
        }
        return maps;
    }

    /**
     * One sequence through the network in evaluation mode, as {@link #logits} runs it, showing {@code probe} every
     * intermediate on the way (the forward-pass stepper). Returns the logits, (T, V).
     */
    public synchronized float[][] trace(int[] tokens, ForwardProbe probe) {
        forward(tokens, 1, tokens.length, 0, false, probe);
        return LanguageModel.rows(logits);
    }
}
