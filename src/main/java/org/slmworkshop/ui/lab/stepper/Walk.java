package org.slmworkshop.ui.lab.stepper;

import java.util.ArrayList;
import java.util.List;
import org.slmworkshop.inspect.ForwardTrace;
import org.slmworkshop.inspect.Stage;

/**
 * The stages the stepper walks through, in the order the model computes them, with one head's attention: the
 * embeddings; per block ln_1, that head's q, k, v, weights and weighted sum, the attention output, the residual,
 * ln_2, the MLP before and after GELU, its output and the residual; then ln_f and the logits.
 *
 * @param steps the stages shown, each with its index in the trace
 */
record Walk(List<Step> steps) {
    Walk {
        steps = List.copyOf(steps);
    }

    /** One stop of the walk: the trace's stage number {@code index}, and how the learner reads its name. */
    record Step(int index, Stage stage) {
        /** "Queries · block 0, head 1". */
        String title() {
            String where = stage.block() < 0 ? "" : " · block " + stage.block() + (stage.head() < 0 ? "" : ", head " + stage.head());
            return describe(stage.name()) + where;
        }

        /** The list entry, short: "h0 · queries", "Logits". */
        String listLabel() {
            String part = stage.block() < 0 ? stage.name() : stage.name().substring(stage.name().indexOf('.') + 1);
            String name = switch (part) {
                case "wte" -> "wte (token)";
                case "wpe" -> "wpe (position)";
                case "embedding" -> "wte + wpe";
                case "attn.q" -> "queries";
                case "attn.k" -> "keys";
                case "attn.v" -> "values";
                case "attn.weights" -> "attention";
                case "attn.weighted_sum" -> "weighted sum";
                case "attn.c_proj" -> "attn output";
                case "residual_mid" -> "residual";
                case "mlp.c_fc" -> "MLP in";
                case "mlp.gelu" -> "GELU";
                case "mlp.c_proj" -> "MLP out";
                case "residual" -> "residual out";
                case "logits" -> "Logits";
                default -> part;   // ln_1, ln_2, ln_f
            };
            return stage.block() < 0 ? name : "h" + stage.block() + " · " + name;
        }

        boolean isAttentionWeights() {
            return stage.name().endsWith(".attn.weights");
        }

        boolean isLogits() {
            return stage.name().equals("logits");
        }

        boolean isResidual() {
            return stage.name().endsWith(".residual") || stage.name().endsWith(".residual_mid") || stage.name().equals("embedding");
        }
    }

    static Walk of(ForwardTrace trace, int head) {
        List<Step> steps = new ArrayList<>();
        List<Stage> stages = trace.stages();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            if (stage.head() < 0 || stage.head() == head) steps.add(new Step(i, stage));
        }
        return new Walk(steps);
    }

    int size() {
        return steps.size();
    }

    Step get(int step) {
        return steps.get(step);
    }

    /** The step showing stage {@code name} of {@code block} ("ln_2" of block 1), or -1; of a per-head stage, this walk's head. */
    int find(String name, int block) {
        for (int i = 0; i < steps.size(); i++) {
            Stage stage = steps.get(i).stage();
            if (stage.name().equals(name) && stage.block() == block) return i;
        }
        return -1;
    }

    /** What a stage of nanoGPT's name is, in words. */
    static String describe(String name) {
        String part = name.startsWith("h") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name;
        return switch (part) {
            case "wte" -> "Token embedding";
            case "wpe" -> "Position embedding";
            case "embedding" -> "Embedding: token + position";
            case "ln_1" -> "LayerNorm 1";
            case "attn.q" -> "Queries";
            case "attn.k" -> "Keys";
            case "attn.v" -> "Values";
            case "attn.weights" -> "Attention weights";
            case "attn.weighted_sum" -> "Weighted sum of values";
            case "attn.c_proj" -> "Attention output";
            case "residual_mid" -> "Residual after attention";
            case "ln_2" -> "LayerNorm 2";
            case "mlp.c_fc" -> "MLP hidden layer, before GELU";
            case "mlp.gelu" -> "MLP hidden layer, after GELU";
            case "mlp.c_proj" -> "MLP out";
            case "residual" -> "Residual after the block";
            case "ln_f" -> "Final LayerNorm";
            case "logits" -> "Logits: the next token";
            default -> name;
        };
    }
}
