package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.List;
import org.slmworkshop.util.Rng;

/**
 * Batches that never cross a document boundary. Each row is a document picked at random: a document
 * longer than {@code length + 1} tokens is cropped at a random offset; a shorter one is padded with
 * {@code padId}, and the targets past its end get mask 0.
 */
public final class DocumentBatcher implements BatchSampler {
    private final List<int[]> documents;
    private final int length;
    private final int batchSize;
    private final int padId;

    public DocumentBatcher(List<int[]> documents, int length, int batchSize, int padId) {
        if (length < 1) throw new IllegalArgumentException("length must be at least 1, got " + length);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        List<int[]> usable = new ArrayList<>();
        // a document needs two tokens to give one (input, target) pair
        for (int[] document : documents) if (document.length >= 2) usable.add(document);
        if (usable.isEmpty()) {
            throw new CorpusException("no document has the 2 tokens needed for one training target ("
                    + documents.size() + " documents given)");
        }
        this.documents = List.copyOf(usable);
        this.length = length;
        this.batchSize = batchSize;
        this.padId = padId;
    }

    @Override
    public TokenBatch next(Rng rng) {
        int[] inputs = new int[batchSize * length];
        int[] targets = new int[batchSize * length];
        float[] mask = new float[batchSize * length];
        for (int row = 0; row < batchSize; row++) {
            int[] document = documents.get(rng.nextInt(documents.size()));
            int start = document.length > length + 1 ? rng.nextInt(document.length - length) : 0;
            int real = Math.min(length, document.length - 1 - start); // targets that exist in the document
            int base = row * length;
            for (int t = 0; t < length; t++) {
                if (t < real) {
                    inputs[base + t] = document[start + t];
                    targets[base + t] = document[start + t + 1];
                    mask[base + t] = 1f;
                } else {
                    inputs[base + t] = padId;
                    targets[base + t] = padId;
                }
            }
        }
        return new TokenBatch(batchSize, length, inputs, targets, mask);
    }

    public int documentCount() {
        return documents.size();
    }
}
