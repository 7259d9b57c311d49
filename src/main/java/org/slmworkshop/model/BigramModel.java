package org.slmworkshop.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slmworkshop.model.ParameterStore.Init;
import org.slmworkshop.text.TokenBatch;
import org.slmworkshop.util.Rng;

/**
 * The bigram Markov chain: a V×V table of logits whose row β, after a softmax, is
 * p(next = α | previous = β). It starts at zero, the uniform model with loss ln V.
 */
public final class BigramModel implements LanguageModel {
    private final BigramConfig config;
    private final ParameterStore store = new ParameterStore();
    private final Parameter table;   // (V, V): row = previous token, column = next token
    private INDArray logitsBuffer, dLogits;

    public BigramModel(BigramConfig config, Rng rng) {
        this.config = config;
        store.declare("transition.logits", new long[] {config.vocabSize(), config.vocabSize()}, true, Init.ZEROS, 0);
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

    /** The transition logits (V, V), live: rows are previous tokens. */
    public INDArray transitionLogits() {
        return table.value();
    }

    private void forward(int[] tokens) {
        int rows = tokens.length;
        if (logitsBuffer == null || logitsBuffer.size(0) != rows) {
            logitsBuffer = Nd4j.create(DataType.FLOAT, rows, config.vocabSize());
            dLogits = Nd4j.create(DataType.FLOAT, rows, config.vocabSize());
        }
        for (int token : tokens) {
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + token + " outside the vocabulary of " + config.vocabSize());
            }
        }
        Nd4j.pullRows(table.value(), logitsBuffer, 1, tokens);   // (N, V): logits[i] = table[token_i]
    }

    @Override
    public synchronized INDArray logits(int[] tokens, int batch, int length) {
        forward(tokens);
        return logitsBuffer.dup();
    }

    @Override
    public synchronized double lossAndGradients(TokenBatch batch, double labelSmoothing, Rng dropoutRng) {
        forward(batch.inputs());
        double loss = CrossEntropy.lossAndGradient(logitsBuffer, batch.targets(), batch.mask(), labelSmoothing, dLogits);
        Host.addToRows(table.gradient(), batch.inputs(), Host.read(dLogits));   // d table[token_i] += dlogits_i
        return loss;
    }
}
