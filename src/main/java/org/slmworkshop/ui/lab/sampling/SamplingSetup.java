package org.slmworkshop.ui.lab.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.lesson.LabSettings;

/**
 * What a lesson's {@code sampling} settings open the lab with. The {@code compare} list gives the
 * columns; without one the lab shows the five usual kinds (greedy, temperature, top-k, top-p, beam)
 * made from the scalar settings ({@code strategy} is not needed: the lab always compares). A slider starts at the lesson's scalar, else at the value of the
 * first column that uses its knob, else where it leaves the distribution alone.
 */
record SamplingSetup(String prompt, int maxTokens, long seed, List<Column> columns, Knobs knobs) {
    static final int DEFAULT_MAX_TOKENS = 200;   // the sample command's defaults
    static final long DEFAULT_SEED = 1337;

    SamplingSetup {
        columns = List.copyOf(columns);
    }

    static SamplingSetup from(LabSettings settings) {
        Map<String, Object> sampling = settings.sampling();
        String prompt = settings.prompt() == null ? "" : settings.prompt();
        int maxTokens = (int) number(sampling, "maxTokens").orElse((double) DEFAULT_MAX_TOKENS).doubleValue();
        long seed = number(sampling, "seed").map(Double::longValue).orElse(DEFAULT_SEED);
        List<Column> columns = new ArrayList<>();
        if (sampling.get("compare") instanceof List<?> specs && !specs.isEmpty()) {
            for (Object spec : specs) columns.add(Column.parse(String.valueOf(spec), false));
        }
        if (columns.isEmpty()) {
            Knobs fromScalars = knobs(sampling, columns);
            boolean lengthNormalised = Boolean.TRUE.equals(sampling.get("lengthNormalised"));
            for (Column.Preset preset : Column.Preset.values()) {
                if (preset == Column.Preset.MIN_P) continue;
                Column column = Column.preset(preset, fromScalars);
                if (preset == Column.Preset.BEAM && lengthNormalised) {
                    column = Column.of(column.settings().withBeam(fromScalars.beamWidth(), true), false);
                }
                columns.add(column);
            }
        }
        return new SamplingSetup(prompt, Math.max(1, maxTokens), seed, columns, knobs(sampling, columns));
    }

    private static Knobs knobs(Map<String, Object> sampling, List<Column> columns) {
        double temperature = start(sampling, "temperature", columns, s -> s.strategy() == Strategy.SAMPLE,
                DecodingSettings::temperature, Knob.TEMPERATURE.neutral);
        double topK = start(sampling, "topK", columns, s -> s.topK() != null, s -> s.topK().doubleValue(),
                Knob.TOP_K.neutral);
        double topP = start(sampling, "topP", columns, s -> s.topP() < 1.0, DecodingSettings::topP, Knob.TOP_P.neutral);
        double minP = start(sampling, "minP", columns, s -> s.minP() > 0.0, DecodingSettings::minP, Knob.MIN_P.neutral);
        double penalty = start(sampling, "repetitionPenalty", columns, s -> s.repetitionPenalty() != 1.0,
                DecodingSettings::repetitionPenalty, Knob.REPETITION_PENALTY.neutral);
        double width = start(sampling, "beamWidth", columns, s -> s.strategy() == Strategy.BEAM,
                s -> (double) s.beamWidth(), Knob.BEAM_WIDTH.neutral);
        return new Knobs(temperature, (int) Math.round(topK), topP, minP, penalty, (int) Math.round(width));
    }

    private static double start(Map<String, Object> sampling, String key, List<Column> columns,
                                Predicate<DecodingSettings> uses, Function<DecodingSettings, Double> value, double neutral) {
        return number(sampling, key).orElseGet(() -> columns.stream().map(Column::settings).filter(uses).findFirst()
                .map(value).orElse(neutral));
    }

    private static Optional<Double> number(Map<String, Object> sampling, String key) {
        Object value = sampling.get(key);
        if (value == null) return Optional.empty();
        if (value instanceof Number number) return Optional.of(number.doubleValue());
        try {
            return Optional.of(Double.parseDouble(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sampling setting " + key + " must be a number, got '" + value + "'");
        }
    }
}
