package org.slmworkshop.inspect;

import java.util.ArrayList;
import java.util.List;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.ForwardProbe;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.GptConfig;

/**
 * Runs one sequence through a {@link Gpt} and turns what its probe sees into {@link Stage}s, in the order the
 * model computes them. The numbers are the model's own buffers, copied: nothing here redoes the math.
 */
final class GptTracer implements ForwardProbe {
    private final GptConfig config;
    private final int length;
    private final List<Stage> stages = new ArrayList<>();
    private float[] queries, keys, values, weights;   // (H, T, hs), (H, T, T) of the block being seen

    private GptTracer(GptConfig config, int length) {
        this.config = config;
        this.length = length;
    }

    /** The caller holds the model's lock, so the weights read here are the ones the pass uses. */
    static List<Stage> trace(Gpt gpt, int[] tokens) {
        GptTracer tracer = new GptTracer(gpt.config(), tokens.length);
        tracer.embeddingRows(gpt, tokens);
        gpt.trace(tokens, tracer);
        return tracer.stages;
    }

    /** wte[token] and wpe[t], the two rows the embedding adds; weights, read from the parameter store. */
    private void embeddingRows(Gpt gpt, int[] tokens) {
        int c = config.width();
        Tensor wte = gpt.store().get("wte").value(), wpe = gpt.store().get("wpe").value();
        float[] tokenRows = new float[length * c], positionRows = new float[length * c];
        for (int t = 0; t < length; t++) {
            wte.backend().download(wte, (long) tokens[t] * c, tokenRows, t * c, c);
            wpe.backend().download(wpe, (long) t * c, positionRows, t * c, c);
        }
        add("wte", "wte[token]: the token's embedding", -1, -1, "C", c, tokenRows);
        add("wpe", "wpe[t]: the position's embedding", -1, -1, "C", c, positionRows);
    }

    @Override
    public void saw(Site site, int block, Tensor value) {
        int c = config.width();
        String p = "h" + block + ".";
        switch (site) {
            case EMBEDDING -> add("embedding", "x = wte[token] + wpe[t]", -1, -1, "C", c, value.toHost());
            case LN_1 -> add(p + "ln_1", "ln_1(x)", block, -1, "C", c, value.toHost());
            case QUERY -> queries = value.toHost();                                  // (H, T, hs)
            case KEY -> keys = value.toHost();
            case VALUE -> values = value.toHost();
            case ATTENTION -> weights = value.toHost();                              // (H, T, T)
            case WEIGHTED_SUM -> perHead(block, value.toHost());                     // (T, C), heads side by side
            case ATTENTION_OUT -> add(p + "attn.c_proj", "attn(ln_1(x)): the heads merged, ·W_proj", block, -1, "C", c, value.toHost());
            case RESIDUAL_MID -> add(p + "residual_mid", "x + attn(ln_1(x))", block, -1, "C", c, value.toHost());
            case LN_2 -> add(p + "ln_2", "ln_2(x)", block, -1, "C", c, value.toHost());
            case MLP_HIDDEN -> add(p + "mlp.c_fc", "ln_2(x)·W_fc", block, -1, "4C", 4 * c, value.toHost());
            case MLP_GELU -> add(p + "mlp.gelu", "GELU(ln_2(x)·W_fc)", block, -1, "4C", 4 * c, value.toHost());
            case MLP_OUT -> add(p + "mlp.c_proj", "mlp(ln_2(x)) = GELU(…)·W_proj", block, -1, "C", c, value.toHost());
            case RESIDUAL -> add(p + "residual", "x + attn + mlp: the residual stream after block " + block, block, -1, "C", c,
                    value.toHost());
            case LN_F -> add("ln_f", "ln_f(x)", -1, -1, "C", c, value.toHost());
            case LOGITS -> add("logits", config.tiedWeights() ? "ln_f(x)·wteᵀ" : "ln_f(x)·W_head", -1, -1, "V",
                    config.vocabSize(), value.toHost());
        }
    }

    /** Per head: q, k, v, the attention weights and the weighted sum, each (T, ·). */
    private void perHead(int block, float[] merged) {
        int heads = config.heads(), hs = config.headSize(), c = config.width();
        String p = "h" + block + ".attn.";
        for (int h = 0; h < heads; h++) {
            add(p + "q", "q = ln_1(x)·W_q", block, h, "hs", hs, slab(queries, h, length * hs));
            add(p + "k", "k = ln_1(x)·W_k", block, h, "hs", hs, slab(keys, h, length * hs));
            add(p + "v", "v = ln_1(x)·W_v", block, h, "hs", hs, slab(values, h, length * hs));
            add(p + "weights", "softmax(q·kᵀ/√hs) over positions ≤ t", block, h, "T", length, slab(weights, h, length * length));
            float[] sum = new float[length * hs];
            for (int t = 0; t < length; t++) System.arraycopy(merged, t * c + h * hs, sum, t * hs, hs);
            add(p + "weighted_sum", "Σ_j weights[t, j]·v[j]", block, h, "hs", hs, sum);
        }
    }

    private static float[] slab(float[] perHead, int head, int size) {
        float[] out = new float[size];
        System.arraycopy(perHead, head * size, out, 0, size);
        return out;
    }

    private void add(String name, String formula, int block, int head, String widthAxis, int width, float[] values) {
        stages.add(new Stage(name, formula, block, head, List.of("T", widthAxis), length, width, values));
    }
}
