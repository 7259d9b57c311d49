package org.slmworkshop.ui.lab.beam;

import java.util.Map;
import org.slmworkshop.lesson.LabSettings;

/**
 * What the lab searches with: small enough that every node of the tree stays readable.
 *
 * @param beamWidth      beams kept at each step, in [1, {@link #MAX_WIDTH}]
 * @param maxTokens      the token budget, in [1, {@link #MAX_TOKENS}]
 * @param lengthNormalised rank by log-probability per token instead of the sum
 */
record BeamSetup(String prompt, int beamWidth, int maxTokens, boolean lengthNormalised) {
    static final int MAX_WIDTH = 6;
    static final int MAX_TOKENS = 12;
    static final int DEFAULT_WIDTH = 3;
    static final int DEFAULT_MAX_TOKENS = 5;

    static final BeamSetup TOY = new BeamSetup(BeamToyExample.PROMPT, BeamToyExample.BEAM_WIDTH,
            BeamToyExample.MAX_TOKENS, false);

    BeamSetup {
        if (prompt == null) prompt = "";
        if (beamWidth < 1 || beamWidth > MAX_WIDTH) {
            throw new IllegalArgumentException("the beam lab draws widths 1 to " + MAX_WIDTH + ", got " + beamWidth);
        }
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("the beam lab draws 1 to " + MAX_TOKENS + " tokens, got " + maxTokens);
        }
    }

    /** The lesson's prompt and sampling settings, clamped to what the tree can show. */
    static BeamSetup from(LabSettings settings) {
        Map<String, Object> sampling = settings.sampling();
        int width = (int) Math.round(number(sampling, "beamWidth", DEFAULT_WIDTH));
        int tokens = (int) Math.round(number(sampling, "maxTokens", DEFAULT_MAX_TOKENS));
        return new BeamSetup(settings.prompt(), clamp(width, MAX_WIDTH), clamp(tokens, MAX_TOKENS),
                Boolean.TRUE.equals(sampling.get("lengthNormalised")));
    }

    private static int clamp(int value, int max) {
        return Math.max(1, Math.min(max, value));
    }

    private static double number(Map<String, Object> sampling, String key, double fallback) {
        Object value = sampling.get(key);
        if (value == null) return fallback;
        if (value instanceof Number number) return number.doubleValue();
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sampling setting " + key + " must be a number, got '" + value + "'");
        }
    }
}
