package org.slmworkshop.text;

import java.util.Objects;

/**
 * How to split a corpus. The test part is what the train and validation fractions leave.
 *
 * @param seed shuffles documents in {@link SplitMode#BY_DOCUMENT}; unused for contiguous splits
 */
public record SplitSpec(double trainFraction, double validationFraction, SplitMode mode, long seed) {

    /** 90% train, 10% validation, no test, contiguous: nanoGPT's split. */
    public static final SplitSpec DEFAULT = new SplitSpec(0.9, 0.1, SplitMode.CONTIGUOUS, 0);

    /** Rounding slack so that 0.8 + 0.1 + 0.1 style fractions are accepted. */
    private static final double TOLERANCE = 1e-9;

    public SplitSpec {
        Objects.requireNonNull(mode, "split mode must not be null");
        if (!(trainFraction > 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1], got " + trainFraction);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
        if (trainFraction + validationFraction > 1 + TOLERANCE) {
            throw new IllegalArgumentException("trainFraction + validationFraction must be at most 1, got "
                    + trainFraction + " + " + validationFraction + " = " + (trainFraction + validationFraction));
        }
    }

    /** What is left for the test part (never negative). */
    public double testFraction() {
        return Math.max(0, 1 - trainFraction - validationFraction);
    }

    public SplitSpec withSeed(long newSeed) {
        return new SplitSpec(trainFraction, validationFraction, mode, newSeed);
    }

    public SplitSpec withMode(SplitMode newMode) {
        return new SplitSpec(trainFraction, validationFraction, newMode, seed);
    }
}
