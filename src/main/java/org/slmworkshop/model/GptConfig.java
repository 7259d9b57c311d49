package org.slmworkshop.model;

/**
 * A GPT-2-style decoder. nanoGPT's CPU configuration for Tiny Shakespeare is
 * {@code new GptConfig(65, 64, 128, 4, 4, 0.0, false, true)}: 0.8 M parameters.
 *
 * @param contextLength block size: the longest window, and the number of position embeddings
 * @param width         d_model, the residual stream width
 * @param bias          biases in Linear and LayerNorm layers (nanoGPT's default is false)
 * @param tiedWeights   the output head reuses the token embedding matrix
 */
public record GptConfig(int vocabSize, int contextLength, int width, int heads, int layers,
                        double dropout, boolean bias, boolean tiedWeights) implements ModelConfig {
    public GptConfig {
        ModelConfig.require(vocabSize >= 2, "vocabulary size must be at least 2, got " + vocabSize);
        ModelConfig.require(contextLength >= 1, "context length must be at least 1, got " + contextLength);
        ModelConfig.require(heads >= 1, "heads must be at least 1, got " + heads);
        ModelConfig.require(width >= heads && width % heads == 0,
                "width (d_model) must be a positive multiple of heads, got width " + width + " and " + heads + " heads");
        ModelConfig.require(layers >= 1, "layers must be at least 1, got " + layers);
        ModelConfig.require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    }

    @Override
    public String kind() {
        return "gpt";
    }

    public int headSize() {
        return width / heads;
    }

    @Override
    public long parameterCount() {
        long c = width;
        long b = bias ? 1 : 0;
        long norm = c + b * c;                              // gain, and bias when enabled
        long perLayer = norm                                // ln_1
                + c * 3 * c + b * 3 * c                     // attn.c_attn (fused q, k, v)
                + c * c + b * c                             // attn.c_proj
                + norm                                      // ln_2
                + c * 4 * c + b * 4 * c                     // mlp.c_fc
                + 4 * c * c + b * c;                        // mlp.c_proj
        long embeddings = (long) vocabSize * c + (long) contextLength * c;
        long finalNorm = norm;
        long head = tiedWeights ? 0 : (long) vocabSize * c;
        return embeddings + layers * perLayer + finalNorm + head;
    }
}
