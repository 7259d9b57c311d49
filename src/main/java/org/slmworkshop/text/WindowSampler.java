package org.slmworkshop.text;

import java.util.Arrays;
import org.slmworkshop.util.Rng;

/**
 * nanoGPT's {@code get_batch}: each row is a window starting at a random offset i in
 * [0, n - length - 1]; inputs are tokens[i, i + length) and targets tokens[i + 1, i + length + 1).
 */
public final class WindowSampler implements BatchSampler {
    private final int[] tokens;
    private final int length;
    private final int batchSize;

    public WindowSampler(int[] tokens, int length, int batchSize) {
        this("token sequence", tokens, length, batchSize);
    }

    /** @param name names the corpus (and part) in the error raised when it is too short */
    public WindowSampler(String name, int[] tokens, int length, int batchSize) {
        if (length < 1) throw new IllegalArgumentException("length must be at least 1, got " + length);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        CorpusException.requireMinimumTokens(name, tokens.length, length);
        this.tokens = tokens;
        this.length = length;
        this.batchSize = batchSize;
    }

    @Override
    public TokenBatch next(Rng rng) {
        int[] inputs = new int[batchSize * length];
        int[] targets = new int[batchSize * length];
        int offsets = tokens.length - length; // the number of valid start positions
        for (int row = 0; row < batchSize; row++) {
            int start = rng.nextInt(offsets);
            System.arraycopy(tokens, start, inputs, row * length, length);
            System.arraycopy(tokens, start + 1, targets, row * length, length);
        }
        float[] mask = new float[batchSize * length];
        Arrays.fill(mask, 1f);
        return new TokenBatch(batchSize, length, inputs, targets, mask);
    }

    public int tokenCount() {
        return tokens.length;
    }
}
