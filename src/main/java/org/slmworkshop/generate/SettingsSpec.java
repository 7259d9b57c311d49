package org.slmworkshop.generate;

import java.util.Locale;
import org.slmworkshop.generate.DecodingSettings.Strategy;

/**
 * The {@code --compare} syntax: comma-separated {@code name[=value]} items, each starting from the
 * defaults (T = 1, nothing cut, no penalty). {@code greedy} and {@code beam=W} pick their strategy;
 * anything else samples. Items: {@code greedy}, {@code sample}, {@code beam=W}, {@code length-norm},
 * {@code temperature=T}, {@code top-k=K}, {@code top-p=P}, {@code min-p=M}, {@code repetition-penalty=R}.
 * Examples: {@code greedy}, {@code temperature=0.8}, {@code top-k=40}, {@code top-p=0.9,temperature=0.9}, {@code beam=4}.
 */
public final class SettingsSpec {
    public static final String SYNTAX = "greedy | sample | beam=W[,length-norm] | temperature=T | top-k=K | top-p=P"
            + " | min-p=M | repetition-penalty=R, joined by commas (e.g. top-p=0.9,temperature=0.8)";

    private SettingsSpec() {}

    public static DecodingSettings parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("empty strategy spec; expected " + SYNTAX);
        Strategy strategy = Strategy.SAMPLE;
        DecodingSettings settings = DecodingSettings.sample(1.0);
        int beamWidth = 1;
        boolean lengthNormalised = false;
        for (String item : spec.split(",")) {
            String[] nameValue = item.trim().split("=", 2);
            String name = nameValue[0].trim().toLowerCase(Locale.ROOT).replace('_', '-');
            String value = nameValue.length > 1 ? nameValue[1].trim() : null;
            switch (name) {
                case "greedy" -> strategy = Strategy.GREEDY;
                case "sample" -> strategy = Strategy.SAMPLE;
                case "beam" -> {
                    strategy = Strategy.BEAM;
                    beamWidth = value == null ? 4 : integer(name, value);
                }
                case "length-norm" -> lengthNormalised = true;
                case "temperature" -> settings = settings.withTemperature(number(name, value));
                case "top-k" -> settings = settings.withTopK(integer(name, value));
                case "top-p" -> settings = settings.withTopP(number(name, value));
                case "min-p" -> settings = settings.withMinP(number(name, value));
                case "repetition-penalty" -> settings = settings.withRepetitionPenalty(number(name, value));
                default -> throw new IllegalArgumentException("unknown item '" + item.trim() + "' in strategy spec '"
                        + spec + "'; expected " + SYNTAX);
            }
        }
        return settings.withBeam(beamWidth, lengthNormalised).withStrategy(strategy);
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(required(name, value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(required(name, value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
        }
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException(name + " needs a value: " + name + "=...");
        return value;
    }
}
