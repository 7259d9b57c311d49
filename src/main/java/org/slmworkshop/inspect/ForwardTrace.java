package org.slmworkshop.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankModel;

/**
 * One prompt through a model, every intermediate kept: the forward-pass stepper's data. For a GPT the stages are
 * wte, wpe, the embedding, then per block ln_1, each head's q, k, v, attention weights and weighted sum, the
 * attention output, the residual mid-block, ln_2, the MLP's hidden layer before and after GELU, its output and the
 * residual after the block; then ln_f and the logits. A low-rank model shows its embedding row and the logits; a
 * bigram its logits (the table's row).
 *
 * @param modelKind "gpt", "lowrank" or "bigram"
 * @param tokens    the prompt's token ids, position 0 first
 */
public record ForwardTrace(String modelKind, int[] tokens, List<Stage> stages) {
    public ForwardTrace {
        tokens = tokens.clone();
        stages = List.copyOf(stages);
    }

    /** A next-token candidate at one position: its id, softmax probability and logit. */
    public record TopToken(int id, double probability, float logit) {}

    /**
     * Runs {@code tokens} (one sequence, at most the GPT's context length) through {@code model} in evaluation mode.
     * Holds the model's lock throughout, so a model being trained is traced between two steps, never during one.
     */
    public static ForwardTrace of(LanguageModel model, int[] tokens) {
        if (tokens.length == 0) throw new IllegalArgumentException("the prompt is empty: give the model at least one token");
        LanguageModel.checkTokens(tokens, model.config().vocabSize());
        String kind = model.config().kind();
        synchronized (model) {   // the models' own methods lock on themselves
            if (model instanceof Gpt gpt) {
                int context = gpt.config().contextLength();
                if (tokens.length > context) {
                    throw new IllegalArgumentException("the prompt is " + tokens.length + " tokens, but this GPT reads at most "
                            + context + " (its context length: it has " + context + " position embeddings); crop it to the last "
                            + context + " tokens, as sampling does");
                }
                return new ForwardTrace(kind, tokens, GptTracer.trace(gpt, tokens));
            }
            int vocab = model.config().vocabSize();
            List<Stage> stages = new ArrayList<>();
            if (model instanceof LowRankModel) {
                Tensor embedding = model.store().get("embedding.weight").value();   // (V, d)
                int rank = embedding.dim(1);
                float[] rows = new float[tokens.length * rank];
                for (int t = 0; t < tokens.length; t++) {
                    embedding.backend().download(embedding, (long) tokens[t] * rank, rows, t * rank, rank);
                }
                stages.add(new Stage("embedding", "h = E[token]: the token's row of rank d", -1, -1, List.of("T", "d"),
                        tokens.length, rank, rows));
                stages.add(stage("logits", "h·W", tokens.length, vocab, model.logits(tokens, 1, tokens.length)));
            } else if (model instanceof BigramModel) {
                stages.add(stage("logits", "table[token]: the transition table's row", tokens.length, vocab,
                        model.logits(tokens, 1, tokens.length)));
            } else {
                throw new IllegalArgumentException("the forward-pass trace is for GPT, low-rank and bigram models, not "
                        + model.getClass().getSimpleName());
            }
            return new ForwardTrace(kind, tokens, stages);
        }
    }

    private static Stage stage(String name, String formula, int length, int vocab, float[][] rows) {
        float[] flat = new float[length * vocab];
        for (int t = 0; t < length; t++) System.arraycopy(rows[t], 0, flat, t * vocab, vocab);
        return new Stage(name, formula, -1, -1, List.of("T", "V"), length, vocab, flat);
    }

    /** T, the number of positions. */
    public int length() {
        return tokens.length;
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** The stage of that name (and head, -1 when not per head). */
    public Stage stage(String name, int head) {
        return stages.stream().filter(s -> s.name().equals(name) && s.head() == head).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name + (head < 0 ? "" : " for head " + head)));
    }

    public Stage logits() {
        return stage("logits", -1);
    }

    /** The attention-weight stages, block by block and head by head (none outside a GPT). */
    public List<Stage> attentionWeights() {
        return stages.stream().filter(s -> s.name().endsWith(".attn.weights")).toList();
    }

    /** The {@code count} most likely next tokens after {@code position}, by the softmax of its logits, most likely first. */
    public List<TopToken> topTokens(int position, int count) {
        checkPosition(position);
        if (count < 1) throw new IllegalArgumentException("the number of top tokens must be at least 1, got " + count);
        float[] logits = logits().row(position);
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        for (float z : logits) sum += Math.exp(z - max);
        double normaliser = sum;
        double top = max;
        Integer[] ids = new Integer[logits.length];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        Arrays.sort(ids, Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i));
        List<TopToken> result = new ArrayList<>();
        for (int i = 0; i < Math.min(count, ids.length); i++) {
            int id = ids[i];
            result.add(new TopToken(id, Math.exp(logits[id] - top) / normaliser, logits[id]));
        }
        return result;
    }

    /** Refuses a position outside the prompt, naming the range. */
    public void checkPosition(int position) {
        if (position < 0 || position >= length()) {
            throw new IllegalArgumentException("position " + position + " is outside the prompt: its " + length()
                    + (length() == 1 ? " token is at position 0" : " tokens are at positions 0.." + (length() - 1)));
        }
    }
}
