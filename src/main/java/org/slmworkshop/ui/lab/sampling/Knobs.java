package org.slmworkshop.ui.lab.sampling;

import java.util.EnumMap;
import java.util.Map;
import org.slmworkshop.generate.DecodingSettings;

/**
 * The sliders' values. Together they form one sampling pipeline, the one the next-token chart
 * draws; each column takes from them only the knobs it follows (see {@link Column}).
 *
 * @param topK 0 keeps every token (top-k off)
 */
record Knobs(double temperature, int topK, double topP, double minP, double repetitionPenalty, int beamWidth) {
    static final Knobs NEUTRAL = new Knobs(Knob.TEMPERATURE.neutral, (int) Knob.TOP_K.neutral, Knob.TOP_P.neutral,
            Knob.MIN_P.neutral, Knob.REPETITION_PENALTY.neutral, (int) Knob.BEAM_WIDTH.neutral);

    Knobs {
        temperature = Knob.TEMPERATURE.clamp(temperature);
        topK = (int) Knob.TOP_K.clamp(topK);
        topP = Knob.TOP_P.clamp(topP);
        minP = Knob.MIN_P.clamp(minP);
        repetitionPenalty = Knob.REPETITION_PENALTY.clamp(repetitionPenalty);
        beamWidth = (int) Knob.BEAM_WIDTH.clamp(beamWidth);
    }

    double value(Knob knob) {
        return switch (knob) {
            case TEMPERATURE -> temperature;
            case TOP_K -> topK;
            case TOP_P -> topP;
            case MIN_P -> minP;
            case REPETITION_PENALTY -> repetitionPenalty;
            case BEAM_WIDTH -> beamWidth;
        };
    }

    Knobs with(Knob knob, double value) {
        Map<Knob, Double> values = new EnumMap<>(Knob.class);
        for (Knob k : Knob.values()) values.put(k, value(k));
        values.put(knob, value);
        return new Knobs(values.get(Knob.TEMPERATURE), (int) Math.round(values.get(Knob.TOP_K)), values.get(Knob.TOP_P),
                values.get(Knob.MIN_P), values.get(Knob.REPETITION_PENALTY), (int) Math.round(values.get(Knob.BEAM_WIDTH)));
    }

    /** All five sampling knobs in one pipeline: what the chart's "after" bars show. */
    DecodingSettings sampler() {
        return new DecodingSettings(DecodingSettings.Strategy.SAMPLE, temperature, topK == 0 ? null : topK, topP, minP,
                repetitionPenalty, 1, false);
    }
}
