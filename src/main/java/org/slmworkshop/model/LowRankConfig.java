package org.slmworkshop.model;

/** Embedding(V, d) → dropout → Linear(d, V) without bias: a rank-d factorisation of the bigram table. */
public record LowRankConfig(int vocabSize, int rank, double dropout, int contextLength) implements ModelConfig {
    public LowRankConfig {
        ModelConfig.require(vocabSize >= 2, "vocabulary size must be at least 2, got " + vocabSize);
        ModelConfig.require(rank >= 1, "rank d must be at least 1, got " + rank);
        ModelConfig.require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        ModelConfig.require(contextLength >= 1, "context length must be at least 1, got " + contextLength);
    }

    @Override
    public String kind() {
        return "lowrank";
    }

    @Override
    public long parameterCount() {
        return 2L * vocabSize * rank;
    }
}
