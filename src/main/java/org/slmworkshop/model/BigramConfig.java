package org.slmworkshop.model;

/** A V×V table of transition logits: row = previous token, column = next token. */
public record BigramConfig(int vocabSize, int contextLength) implements ModelConfig {
    public BigramConfig {
        ModelConfig.require(vocabSize >= 2, "vocabulary size must be at least 2, got " + vocabSize);
        ModelConfig.require(contextLength >= 1, "context length must be at least 1, got " + contextLength);
    }

    @Override
    public String kind() {
        return "bigram";
    }

    @Override
    public long parameterCount() {
        return (long) vocabSize * vocabSize;
    }
}
