package org.slmworkshop.model;

import org.slmworkshop.kernels.Tensor;

/**
 * Sees a GPT's intermediates as the forward pass makes them, for the forward-pass stepper
 * ({@link Gpt#trace}). Every other pass gets {@link #NONE}, which looks at nothing.
 */
@FunctionalInterface
public interface ForwardProbe {
    ForwardProbe NONE = (site, block, value) -> {};

    /** Where in the network a value was seen, in the order a forward pass reaches them. */
    enum Site {
        EMBEDDING,        // wte[token] + wpe[t]                      (B·T, C)
        LN_1,             // ln_1(x)                                  (B·T, C)
        QUERY,            // q                                        (B·H, T, hs)
        KEY,              // k                                        (B·H, T, hs)
        VALUE,            // v                                        (B·H, T, hs)
        ATTENTION,        // softmax(q·kᵀ/√hs), causal                (B·H, T, T)
        WEIGHTED_SUM,     // p·v, heads side by side                  (B·T, C)
        ATTENTION_OUT,    // c_proj of the weighted sums              (B·T, C)
        RESIDUAL_MID,     // x + attn                                 (B·T, C)
        LN_2,             // ln_2(x)                                  (B·T, C)
        MLP_HIDDEN,       // x·W_fc                                   (B·T, 4C)
        MLP_GELU,         // GELU(x·W_fc)                             (B·T, 4C)
        MLP_OUT,          // c_proj of the GELU                       (B·T, C)
        RESIDUAL,         // x + attn + mlp, the block's output       (B·T, C)
        LN_F,             // ln_f(x)                                  (B·T, C)
        LOGITS            //                                          (B·T, V)
    }

    /**
     * {@code value} is the layer's own buffer, valid during this call only: copy what you keep.
     *
     * @param block the block's index, or -1 outside the blocks
     */
    void saw(Site site, int block, Tensor value);
}
