package org.slmworkshop.model;

import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.ParameterStore.Init;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * The low-rank Markov model: logits = dropout(E[previous])·W with E (V, d) and W (d, V), so the
 * V×V transition table is approximated by a product of rank d with 2·V·d parameters.
 */
public final class LowRankModel implements LanguageModel {
    private final LowRankConfig config;
    private final Kernels k;
    private final ParameterStore store;
    private final Parameter embedding;  // (V, d)
    private final Linear output;        // (d, V), no bias
    private final Dropout dropout;
    private final Buffers buffers;
    private Tensor hidden, logits;      // (N, d), (N, V)

    public LowRankModel(LowRankConfig config, Rng rng) {
        this(config, rng, Backends.standard());
    }

    public LowRankModel(LowRankConfig config, Rng rng, Kernels kernels) {
        this.config = config;
        this.k = kernels;
        this.store = new ParameterStore(kernels);
        this.buffers = new Buffers(kernels);
        // PyTorch's nn.Embedding starts at N(0, 1); a small output matrix keeps the first loss near ln V
        store.declare("embedding.weight", new int[] {config.vocabSize(), config.rank()}, true, Init.NORMAL, 1.0);
        store.declare("output.weight", new int[] {config.rank(), config.vocabSize()}, true, Init.NORMAL, 0.02);
        store.allocate(rng);
        embedding = store.get("embedding.weight");
        output = new Linear(k, store.get("output.weight"), null);
        dropout = new Dropout(k, config.dropout(), 0);
    }

    @Override
    public LowRankConfig config() {
        return config;
    }

    @Override
    public ParameterStore store() {
        return store;
    }

    private void forward(int[] tokens, int length, long seed, boolean training) {
        LanguageModel.checkTokens(tokens, config.vocabSize());
        hidden = buffers.of("hidden", tokens.length, config.rank());
        logits = buffers.of("logits", tokens.length, config.vocabSize());
        k.embedding(tokens, length, embedding.value(), null, hidden);   // h_i = E[token_i]   (N, d)
        dropout.forward(hidden, hidden, seed, training);
        output.forward(hidden, logits);                                  // h·W               (N, V)
    }

    @Override
    public synchronized float[][] logits(int[] tokens, int batch, int length) {
        forward(tokens, length, 0, false);
        return LanguageModel.rows(logits);
    }

    @Override
    public synchronized double loss(TokenBatch batch, double labelSmoothing) {
        forward(batch.inputs(), batch.length(), 0, false);
        return k.crossEntropy(logits, batch.targets(), batch.mask(), labelSmoothing, null);
    }

    @Override
    public synchronized double lossAndGradients(TokenBatch batch, double labelSmoothing, Rng dropoutRng) {
        forward(batch.inputs(), batch.length(), dropoutRng.nextLong(), true);
        Tensor dLogits = buffers.of("dLogits", logits.shape());
        Tensor dHidden = buffers.of("dHidden", hidden.shape());
        double loss = k.crossEntropy(logits, batch.targets(), batch.mask(), labelSmoothing, dLogits);
        output.backward(hidden, dLogits, dHidden);                       // dW += hᵀ·dz; dh = dz·Wᵀ
        dropout.backward(dHidden);
        k.embeddingBackward(dHidden, batch.inputs(), batch.length(), embedding.gradient(), null);  // dE[token_i] += dh_i
        return loss;
    }
}
