package org.slmworkshop.text;

import java.util.Arrays;

/**
 * A batch of training windows as flat row-major arrays of {@code batchSize * length}:
 * row b, position t is at index {@code b * length + t}. {@code targets} are the inputs shifted by one;
 * {@code mask} is 1 where a target is real and 0 where it is padding, so the loss ignores padding.
 * Holds its arrays as given; callers must not change them.
 */
public record TokenBatch(int batchSize, int length, int[] inputs, int[] targets, float[] mask) {

    public TokenBatch {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        if (length < 1) throw new IllegalArgumentException("length must be at least 1, got " + length);
        int size = batchSize * length;
        if (inputs.length != size || targets.length != size || mask.length != size) {
            throw new IllegalArgumentException("inputs, targets and mask must each hold batchSize * length = " + size
                    + " values, got " + inputs.length + ", " + targets.length + " and " + mask.length);
        }
    }

    public int input(int row, int position) {
        return inputs[row * length + position];
    }

    public int target(int row, int position) {
        return targets[row * length + position];
    }

    public float mask(int row, int position) {
        return mask[row * length + position];
    }

    /** How many targets count towards the loss. */
    public int realTargetCount() {
        int count = 0;
        for (float value : mask) if (value != 0) count++;
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenBatch that && batchSize == that.batchSize && length == that.length
                && Arrays.equals(inputs, that.inputs) && Arrays.equals(targets, that.targets) && Arrays.equals(mask, that.mask);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(inputs) + Arrays.hashCode(targets)) + Arrays.hashCode(mask);
    }

    @Override
    public String toString() {
        return "TokenBatch[" + batchSize + " x " + length + ", " + realTargetCount() + " real targets]";
    }
}
