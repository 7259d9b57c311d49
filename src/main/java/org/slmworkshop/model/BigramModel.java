package org.slmworkshop.model;

import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.ParameterStore.Init;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * The bigram Markov chain: a V×V table of logits whose row β, after a softmax, is
 * p(next = α | previous = β). It starts at zero, the uniform model with loss ln V.
 */
public final class BigramModel implements LanguageModel {
    private final BigramConfig config;
    private final Kernels k;
    private final ParameterStore store;
    private final Parameter table;   // (V, V): row = previous token, column = next token
    private final Buffers buffers;
    private Tensor logits;           // (N, V)

    public BigramModel(BigramConfig config, Rng rng) {
        this(config, rng, Backends.standard());
    }

    public BigramModel(BigramConfig config, Rng rng, Kernels kernels) {
        this.config = config;
        this.k = kernels;
        this.store = new ParameterStore(kernels);
        this.buffers = new Buffers(kernels);
        if (config.sparseRows()) {
            store.declareRowSparse("transition.logits", config.vocabSize(), config.vocabSize(), true, Init.ZEROS, 0);
        } else {
            store.declare("transition.logits", new int[] {config.vocabSize(), config.vocabSize()}, true, Init.ZEROS, 0);
        }
        store.allocate(rng);
        table = store.get("transition.logits");
    }

    @Override
    public BigramConfig config() {
        return config;
    }

    @Override
    public ParameterStore store() {
        return store;
    }

    /** Row {@code previous} of the transition logits: the scores of every next token. */
    public synchronized float[] transitionRow(int previous) {
        int vocab = config.vocabSize();
        float[] row = new float[vocab];
        k.download(table.value(), (long) previous * vocab, row, 0, vocab);
        return row;
    }

    /** Overwrites the whole (V, V) table of logits, row-major. */
    public synchronized void setTransitionLogits(float[] logits) {
        table.value().copyFrom(logits);
    }

    private void forward(int[] tokens, int length) {
        LanguageModel.checkTokens(tokens, config.vocabSize());
        logits = buffers.of("logits", tokens.length, config.vocabSize());
        k.embedding(tokens, length, table.value(), null, logits);      // logits[i] = table[token_i]   (N, V)
    }

    @Override
    public synchronized float[][] logits(int[] tokens, int batch, int length) {
        forward(tokens, length);
        return LanguageModel.rows(logits);
    }

    @Override
    public synchronized double loss(TokenBatch batch, double labelSmoothing) {
        forward(batch.inputs(), batch.length());
        return k.crossEntropy(logits, batch.targets(), batch.mask(), labelSmoothing, null);
    }

    @Override
    public synchronized double lossAndGradients(TokenBatch batch, double labelSmoothing, Rng dropoutRng) {
        forward(batch.inputs(), batch.length());
        Tensor dLogits = buffers.of("dLogits", logits.shape());
        double loss = k.crossEntropy(logits, batch.targets(), batch.mask(), labelSmoothing, dLogits);
        if (config.sparseRows()) {                                     // only the batch's rows: d rows[slot_i] += dz_i
            RowGradient rows = store.rowGradient(table.name());
            k.embeddingBackward(dLogits, rows.start(batch.inputs()), batch.length(), rows.values(), null);
        } else {
            k.embeddingBackward(dLogits, batch.inputs(), batch.length(), table.gradient(), null);  // d table[token_i] += dz_i
        }
        return loss;
    }
}
