package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How to pick each next token. Transforms apply in the order of {@link LogitTransforms}:
 * repetition penalty → temperature → top-k → top-p → min-p. Greedy and beam search use only the
 * repetition penalty (the others cannot change an argmax); sampling uses them all.
 *
 * @param temperature       divides the logits; must be > 0 for sampling (greedy is the T → 0 limit)
 * @param topK              keep the k most likely tokens; {@code null} keeps all
 * @param topP              keep the smallest set whose probability reaches p, in (0, 1]; 1 keeps all
 * @param minP              drop tokens below minP · (largest probability), in [0, 1]; 0 keeps all
 * @param repetitionPenalty Hugging Face's {@code repetition_penalty}, > 0; 1 is off, > 1 discourages repeats
 * @param beamWidth         beams kept by beam search, ≥ 1 (used by {@link Strategy#BEAM} only)
 * @param lengthNormalised  beam search ranks by log-probability per generated token instead of the sum
 */
public record DecodingSettings(Strategy strategy, double temperature, Integer topK, double topP, double minP,
                               double repetitionPenalty, int beamWidth, boolean lengthNormalised) {

    public enum Strategy { GREEDY, SAMPLE, BEAM }

    public static final int MAX_BEAM_WIDTH = 64;

    public DecodingSettings {
        if (strategy == null) throw new IllegalArgumentException("strategy must be greedy, sample or beam");
        if (strategy == Strategy.SAMPLE && !(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("temperature must be > 0 (a finite number) for sampling, got "
                    + temperature + "; for T = 0 use the greedy strategy");
        }
        if (topK != null && topK < 1) {
            throw new IllegalArgumentException("top-k must be at least 1 (leave it out to keep every token), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1] (1 keeps every token), got " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("min-p must be in [0, 1] (0 keeps every token), got " + minP);
        }
        if (!(repetitionPenalty > 0 && Double.isFinite(repetitionPenalty))) {
            throw new IllegalArgumentException("repetition penalty must be > 0 (1 is off, above 1 discourages repeats), got "
                    + repetitionPenalty);
        }
        if (beamWidth < 1 || beamWidth > MAX_BEAM_WIDTH) {
            throw new IllegalArgumentException("beam width must be in [1, " + MAX_BEAM_WIDTH + "], got " + beamWidth);
        }
    }

    public static DecodingSettings greedy() {
        return new DecodingSettings(Strategy.GREEDY, 1.0, null, 1.0, 0.0, 1.0, 1, false);
    }

    /** Plain sampling at this temperature, no truncation. */
    public static DecodingSettings sample(double temperature) {
        return new DecodingSettings(Strategy.SAMPLE, temperature, null, 1.0, 0.0, 1.0, 1, false);
    }

    public static DecodingSettings beam(int width, boolean lengthNormalised) {
        return new DecodingSettings(Strategy.BEAM, 1.0, null, 1.0, 0.0, 1.0, width, lengthNormalised);
    }

    public DecodingSettings withStrategy(Strategy value) {
        return new DecodingSettings(value, temperature, topK, topP, minP, repetitionPenalty, beamWidth, lengthNormalised);
    }

    public DecodingSettings withTemperature(double value) {
        return new DecodingSettings(strategy, value, topK, topP, minP, repetitionPenalty, beamWidth, lengthNormalised);
    }

    public DecodingSettings withTopK(Integer value) {
        return new DecodingSettings(strategy, temperature, value, topP, minP, repetitionPenalty, beamWidth, lengthNormalised);
    }

    public DecodingSettings withTopP(double value) {
        return new DecodingSettings(strategy, temperature, topK, value, minP, repetitionPenalty, beamWidth, lengthNormalised);
    }

    public DecodingSettings withMinP(double value) {
        return new DecodingSettings(strategy, temperature, topK, topP, value, repetitionPenalty, beamWidth, lengthNormalised);
    }

    public DecodingSettings withRepetitionPenalty(double value) {
        return new DecodingSettings(strategy, temperature, topK, topP, minP, value, beamWidth, lengthNormalised);
    }

    public DecodingSettings withBeam(int width, boolean normalised) {
        return new DecodingSettings(strategy, temperature, topK, topP, minP, repetitionPenalty, width, normalised);
    }

    /** A short label in the {@code --compare} syntax, e.g. {@code top-p=0.9,temperature=0.8}; only what is in effect. */
    public String label() {
        List<String> parts = new ArrayList<>();
        switch (strategy) {
            case GREEDY -> parts.add("greedy");
            case BEAM -> parts.add("beam=" + beamWidth + (lengthNormalised ? ",length-norm" : ""));
            case SAMPLE -> {
                if (temperature != 1.0 || (topK == null && topP == 1.0 && minP == 0.0)) {
                    parts.add("temperature=" + number(temperature));
                }
                if (topK != null) parts.add("top-k=" + topK);
                if (topP < 1.0) parts.add("top-p=" + number(topP));
                if (minP > 0.0) parts.add("min-p=" + number(minP));
            }
        }
        if (repetitionPenalty != 1.0) parts.add("repetition-penalty=" + number(repetitionPenalty));
        return String.join(",", parts);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e6
                ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%s", (float) value);
    }
}
