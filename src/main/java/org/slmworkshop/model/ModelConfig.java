package org.slmworkshop.model;

/** The configuration of one of the three models; each is a record that validates itself. */
public sealed interface ModelConfig permits BigramConfig, LowRankConfig, GptConfig {
    /** "bigram", "lowrank" or "gpt": the name used by the CLI and in checkpoints. */
    String kind();

    int vocabSize();

    /** The longest window the model accepts. */
    int contextLength();

    /** Parameter count, known before anything is allocated. */
    long parameterCount();

    static void require(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }

    /** Dropout each kind trains with unless told otherwise: 0.1 for the low-rank model, none for the GPT (nanoGPT's CPU run). */
    static double defaultDropout(String kind) {
        return "lowrank".equals(kind) ? 0.1 : 0.0;
    }
}
