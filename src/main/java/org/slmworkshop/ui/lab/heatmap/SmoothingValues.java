package org.slmworkshop.ui.lab.heatmap;

import java.math.BigDecimal;
import java.math.MathContext;
import javafx.scene.control.SpinnerValueFactory;
import javafx.util.StringConverter;

/**
 * The add-α spinner's values: the arrows walk a 1-2-3-5 ladder from 0.001 to 5 (and 0), since on a
 * large vocabulary the interesting α are a hundred times apart; typing sets any α in [0, 5]. Shown to
 * three significant digits, so 0.003 and 0.005 stay apart.
 */
final class SmoothingValues extends SpinnerValueFactory<Double> {
    static final double MAX = 5;
    static final double[] LADDER = {0, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5,
            1, 2, 3, 5};

    SmoothingValues(double initial) {
        setConverter(new StringConverter<>() {
            @Override
            public String toString(Double value) {
                return value == null ? "" : format(value);
            }

            @Override
            public Double fromString(String text) {
                Double parsed = parse(text);
                return parsed == null ? getValue() : parsed;   // a typo leaves α as it was
            }
        });
        setValue(initial);
    }

    /** α to three significant digits, no trailing zeros: 1, 0.1, 0.003, 0.0025. */
    static String format(double alpha) {
        if (alpha == 0) return "0";
        return new BigDecimal(alpha).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** The typed α, or null when it is not a number in [0, 5]. */
    static Double parse(String text) {
        try {
            double value = Double.parseDouble(text.trim().replace(',', '.'));
            return value >= 0 && value <= MAX ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void increment(int steps) {
        double value = getValue();
        for (int i = 0; i < steps; i++) value = above(value);
        setValue(value);
    }

    @Override
    public void decrement(int steps) {
        double value = getValue();
        for (int i = 0; i < steps; i++) value = below(value);
        setValue(value);
    }

    static double above(double value) {
        for (double rung : LADDER) if (rung > value * (1 + 1e-9)) return rung;
        return LADDER[LADDER.length - 1];
    }

    static double below(double value) {
        for (int i = LADDER.length - 1; i >= 0; i--) if (LADDER[i] < value * (1 - 1e-9)) return LADDER[i];
        return 0;
    }
}
