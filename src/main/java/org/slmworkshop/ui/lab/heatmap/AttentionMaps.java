package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.lab.TokenText;
import java.util.Arrays;
import java.util.List;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.text.Encoding;
import org.slmworkshop.text.Tokenizer;

/**
 * A GPT's attention probabilities for one prompt, every layer and head, computed off the FX thread.
 *
 * @param probabilities [layer][head][query][key], each query row summing to 1 over keys ≤ query
 * @param droppedTokens prompt tokens beyond the model's context, left out
 * @param unknownTokens prompt tokens the tokenizer never saw, shown as {@code <unk>}
 */
record AttentionMaps(List<String> tokens, float[][][][] probabilities, int contextLength, int droppedTokens,
                     int unknownTokens) {

    /**
     * Runs {@code model} on the first {@code contextLength} tokens of {@code prompt}. The model's
     * forward pass writes into its own buffers, so give it a model no other thread runs.
     */
    static AttentionMaps of(Gpt model, Tokenizer tokenizer, String prompt) {
        Encoding encoding = tokenizer.encode(prompt);
        int context = model.config().contextLength();
        int[] ids = encoding.ids().length > context ? Arrays.copyOf(encoding.ids(), context) : encoding.ids();
        List<String> labels = Arrays.stream(ids).mapToObj(id -> TokenText.label(tokenizer, id)).toList();
        float[][][][] maps = ids.length == 0 ? new float[0][][][] : model.attentionMaps(ids);
        return new AttentionMaps(labels, maps, context, encoding.ids().length - ids.length, encoding.unknownCount());
    }

    int layers() {
        return probabilities.length;
    }

    int heads() {
        return probabilities.length == 0 ? 0 : probabilities[0].length;
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** One head's map as heatmap data: query rows, key columns, the causal triangle masked. */
    HeatmapData map(int layer, int head) {
        float[][] weights = probabilities[layer][head];
        double[][] values = new double[weights.length][];
        for (int q = 0; q < weights.length; q++) {
            values[q] = new double[weights[q].length];
            for (int k = 0; k < weights[q].length; k++) values[q][k] = weights[q][k];
        }
        return new HeatmapData(tokens, tokens, values, true);
    }
}
