package org.slmworkshop.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slmworkshop.model.ParameterStore.Init;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * The low-rank Markov model: logits = dropout(E[previous])·W with E (V, d) and W (d, V), so the
 * V×V transition table is approximated by a product of rank d with 2·V·d parameters.
 */
public final class LowRankModel implements LanguageModel {
    private final LowRankConfig config;
    private final ParameterStore store = new ParameterStore();
    private final Parameter embedding;  // (V, d)
    private final Linear output;        // (d, V), no bias
    private final Dropout dropout;
    private INDArray hidden, logitsBuffer, dLogits, dHidden;
    private float[] hiddenHost = new float[0];

    public LowRankModel(LowRankConfig config, Rng rng) {
        this.config = config;
        // PyTorch's nn.Embedding starts at N(0, 1); a small output matrix keeps the first loss near ln V
        store.declare("embedding.weight", new long[] {config.vocabSize(), config.rank()}, true, Init.NORMAL, 1.0);
        store.declare("output.weight", new long[] {config.rank(), config.vocabSize()}, true, Init.NORMAL, 0.02);
        store.allocate(rng);
        embedding = store.get("embedding.weight");
        output = new Linear(store.get("output.weight"), null);
        dropout = new Dropout(config.dropout());
    }

    @Override
    public LowRankConfig config() {
        return config;
    }

    @Override
    public ParameterStore store() {
        return store;
    }

    private void forward(int[] tokens, Rng rng, boolean training) {
        int rows = tokens.length;
        int d = config.rank();
        if (hidden == null || hidden.size(0) != rows) {
            hidden = Nd4j.create(DataType.FLOAT, rows, d);
            dHidden = Nd4j.create(DataType.FLOAT, rows, d);
            logitsBuffer = Nd4j.create(DataType.FLOAT, rows, config.vocabSize());
            dLogits = Nd4j.create(DataType.FLOAT, rows, config.vocabSize());
        }
        if (hiddenHost.length < rows * d) hiddenHost = new float[rows * d];
        for (int i = 0; i < rows; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + tokens[i] + " outside the vocabulary of " + config.vocabSize());
            }
            Host.readRow(embedding.value(), tokens[i], hiddenHost, i * d);      // h_i = E[token_i]
        }
        Host.write(hiddenHost, hidden);                                         // (N, d)
        if (dropout.appliesWhen(training)) dropout.forwardInPlace(hidden, rng, true);
        else dropout.deactivate();
        output.forward(hidden, logitsBuffer);                                   // (N, V)
    }

    @Override
    public synchronized INDArray logits(int[] tokens, int batch, int length) {
        forward(tokens, null, false);
        return logitsBuffer.dup();
    }

    @Override
    public synchronized double lossAndGradients(TokenBatch batch, double labelSmoothing, Rng dropoutRng) {
        forward(batch.inputs(), dropoutRng, true);
        double loss = CrossEntropy.lossAndGradient(logitsBuffer, batch.targets(), batch.mask(), labelSmoothing, dLogits);
        output.backward(hidden, dLogits, dHidden);                              // dW += hᵀ·dz; dh = dz·Wᵀ
        dropout.backwardInPlace(dHidden);
        Host.addToRows(embedding.gradient(), batch.inputs(), Host.read(dHidden)); // dE[token_i] += dh_i
        return loss;
    }
}
