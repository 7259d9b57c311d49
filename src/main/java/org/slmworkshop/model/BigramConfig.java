package org.slmworkshop.model;

/**
 * A V×V table of transition logits: row = previous token, column = next token.
 *
 * @param rowUpdates whether AdamW steps every row of the table or only the rows a batch touched (null: {@link
 *                   RowUpdates#AUTO}, which checkpoints written before the choice existed also get)
 */
public record BigramConfig(int vocabSize, int contextLength, RowUpdates rowUpdates) implements ModelConfig {
    /** Above this vocabulary (a table of 4.2 M entries), {@link RowUpdates#AUTO} updates only the touched rows. */
    public static final int SPARSE_ABOVE = 2048;

    /**
     * How the optimizer treats the table. DENSE is AdamW on all V² entries every step. SPARSE keeps the gradient
     * only on the rows of the batch's tokens and steps only those (PyTorch's SparseAdam rule; rows not in the batch
     * keep their weights and moments), which is what makes a BPE-sized table trainable: Dickens in GPT-2 BPE has
     * V = 12,786, a table of 163 M entries, and a batch of 768 tokens touches a few hundred of its rows.
     */
    public enum RowUpdates { AUTO, DENSE, SPARSE }

    public BigramConfig {
        ModelConfig.require(vocabSize >= 2, "vocabulary size must be at least 2, got " + vocabSize);
        ModelConfig.require(contextLength >= 1, "context length must be at least 1, got " + contextLength);
        if (rowUpdates == null) rowUpdates = RowUpdates.AUTO;
    }

    public BigramConfig(int vocabSize, int contextLength) {
        this(vocabSize, contextLength, RowUpdates.AUTO);
    }

    /** Whether training steps only the rows a batch touched. */
    public boolean sparseRows() {
        return rowUpdates == RowUpdates.SPARSE || (rowUpdates == RowUpdates.AUTO && vocabSize > SPARSE_ABOVE);
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
