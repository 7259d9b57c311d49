package org.slmworkshop.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
    private final ParameterStore store = new ParameterStore();
    private final List<Block> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear head;           // null when tied to the token embeddings
    private final Dropout embeddingDropout;
    private final Parameter tokenEmbedding;     // (V, C)
    private final Parameter positionEmbedding;  // (T, C)

    private INDArray residual, normedFinal, dNormedFinal, dResidual, logitsBuffer, dLogits;
    private float[] embedHost = new float[0];
    private float[] positionHost = new float[0];

    public Gpt(GptConfig config, Rng rng) {
        this.config = config;
        int c = config.width();
        double std = 0.02;
        double projectionStd = 0.02 / Math.sqrt(2.0 * config.layers()); // GPT-2's scaled init of residual projections
        store.declare("wte", new long[] {config.vocabSize(), c}, true, Init.NORMAL, std);
        store.declare("wpe", new long[] {config.contextLength(), c}, true, Init.NORMAL, std);
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
        if (!config.tiedWeights()) store.declare("lm_head.weight", new long[] {c, config.vocabSize()}, true, Init.NORMAL, std);
        store.allocate(rng);

        tokenEmbedding = store.get("wte");
        positionEmbedding = store.get("wpe");
        embeddingDropout = new Dropout(config.dropout());
        for (int l = 0; l < config.layers(); l++) {
            String p = "h" + l + ".";
            CausalSelfAttention attention = new CausalSelfAttention(linear(p + "attn.c_attn"), linear(p + "attn.c_proj"),
                    config.heads(), c, config.dropout());
            Mlp mlp = new Mlp(linear(p + "mlp.c_fc"), linear(p + "mlp.c_proj"), 4 * c);
            blocks.add(new Block(norm(p + "ln_1"), attention, norm(p + "ln_2"), mlp, c, config.dropout()));
        }
        finalNorm = norm("ln_f");
        head = config.tiedWeights() ? null : new Linear(store.get("lm_head.weight"), null);
    }

    private void declareNorm(String name) {
        store.declare(name + ".weight", new long[] {config.width()}, false, Init.ONES, 0);
        if (config.bias()) store.declare(name + ".bias", new long[] {config.width()}, false, Init.ZEROS, 0);
    }

    private void declareLinear(String name, int in, int out, double std) {
        store.declare(name + ".weight", new long[] {in, out}, true, Init.NORMAL, std);
        if (config.bias()) store.declare(name + ".bias", new long[] {out}, false, Init.ZEROS, 0);
    }

    private LayerNorm norm(String name) {
        return new LayerNorm(store.get(name + ".weight"), config.bias() ? store.get(name + ".bias") : null);
    }

    private Linear linear(String name) {
        return new Linear(store.get(name + ".weight"), config.bias() ? store.get(name + ".bias") : null);
    }

    @Override
    public GptConfig config() {
        return config;
    }

    @Override
    public ParameterStore store() {
        return store;
    }

    private void ensure(int rows) {
        if (residual != null && residual.size(0) == rows) return;
        residual = Nd4j.create(DataType.FLOAT, rows, config.width());
        normedFinal = Nd4j.create(DataType.FLOAT, rows, config.width());
        dNormedFinal = Nd4j.create(DataType.FLOAT, rows, config.width());
        dResidual = Nd4j.create(DataType.FLOAT, rows, config.width());
        logitsBuffer = Nd4j.create(DataType.FLOAT, rows, config.vocabSize());
        dLogits = Nd4j.create(DataType.FLOAT, rows, config.vocabSize());
    }

    /** Runs the network and leaves the logits, (B·T, V), in {@code logitsBuffer}. */
    private void forward(int[] tokens, int batch, int length, Rng rng, boolean training) {
        if (length > config.contextLength()) {
            throw new IllegalArgumentException("window of " + length + " tokens exceeds the context length "
                    + config.contextLength());
        }
        if (tokens.length != batch * length) throw new IllegalArgumentException("expected " + batch * length + " tokens");
        int c = config.width();
        ensure(batch * length);
        // x = wte[token] + wpe[position]                                  (B·T, C)
        float[] positions = positionHost = Host.read(positionEmbedding.value(), positionHost);  // (T_max, C)
        if (embedHost.length < batch * length * c) embedHost = new float[batch * length * c];
        float[] x = embedHost;
        float[] row = new float[c];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                int token = tokens[b * length + t];
                if (token < 0 || token >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + token + " outside the vocabulary of " + config.vocabSize());
                }
                Host.readRow(tokenEmbedding.value(), token, row, 0);
                int o = (b * length + t) * c;
                for (int j = 0; j < c; j++) x[o + j] = row[j] + positions[t * c + j];
            }
        }
        Host.write(x, residual);
        if (embeddingDropout.appliesWhen(training)) embeddingDropout.forwardInPlace(residual, rng, true);
        else embeddingDropout.deactivate();
        for (Block block : blocks) block.forward(residual, batch, length, rng, training);
        finalNorm.forward(residual, normedFinal);
        if (head != null) head.forward(normedFinal, logitsBuffer);
        else Nd4j.gemm(normedFinal, tokenEmbedding.value(), logitsBuffer, false, true, 1.0, 0.0); // (B·T, V)
    }

    @Override
    public synchronized INDArray logits(int[] tokens, int batch, int length) {
        forward(tokens, batch, length, null, false);
        return logitsBuffer.dup();
    }

    @Override
    public synchronized double lossAndGradients(TokenBatch batch, double labelSmoothing, Rng dropoutRng) {
        int b = batch.batchSize();
        int t = batch.length();
        forward(batch.inputs(), b, t, dropoutRng, true);
        double loss = CrossEntropy.lossAndGradient(logitsBuffer, batch.targets(), batch.mask(), labelSmoothing, dLogits);
        // head: logits = x_f · W  (or x_f · wteᵀ when tied)
        if (head != null) {
            head.backward(normedFinal, dLogits, dNormedFinal);
        } else {
            Nd4j.gemm(dLogits, normedFinal, tokenEmbedding.gradient(), true, false, 1.0, 1.0);  // (V, C)
            Nd4j.gemm(dLogits, tokenEmbedding.value(), dNormedFinal, false, false, 1.0, 0.0);   // (B·T, C)
        }
        dResidual.assign(0);
        finalNorm.backwardAccumulate(dNormedFinal, dResidual);
        for (int l = blocks.size() - 1; l >= 0; l--) blocks.get(l).backward(dResidual);
        embeddingDropout.backwardInPlace(dResidual);
        // embeddings: scatter-add rows into wte, sum over the batch into wpe
        int c = config.width();
        float[] dx = Host.read(dResidual);
        Host.addToRows(tokenEmbedding.gradient(), batch.inputs(), dx);
        float[] dPositions = new float[t * c];
        for (int i = 0; i < b; i++)
            for (int j = 0; j < t * c; j++) dPositions[j] += dx[i * t * c + j];
        int[] positionRows = new int[t];
        for (int j = 0; j < t; j++) positionRows[j] = j;
        Host.addToRows(positionEmbedding.gradient(), positionRows, dPositions);
        return loss;
    }

    /**
     * Attention probabilities for one sequence: [layer][head][query][key], each row summing to 1
     * over keys ≤ query.
     */
    public synchronized float[][][][] attentionMaps(int[] tokens) {
        forward(tokens, 1, tokens.length, null, false);
        float[][][][] maps = new float[blocks.size()][][][];
        for (int l = 0; l < blocks.size(); l++) maps[l] = blocks.get(l).attentionMaps()[0];
        return maps;
    }
}
