package org.slmworkshop.train;

/** Learning-rate schedules, as a function of the step (0-based). */
public enum Schedule {
    /** The same rate at every step. */
    CONSTANT,
    /** Linear warm-up to the peak, then cosine decay to the minimum at the decay step (nanoGPT). */
    COSINE,
    /** Linear warm-up, then peak · √(warm-up / step): the "Noam" schedule of Vaswani et al. */
    INVERSE_SQRT;

    public double rate(int step, double peak, double minimum, int warmupSteps, int decaySteps) {
        switch (this) {
            case CONSTANT:
                return peak;
            case COSINE: {
                if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
                if (step > decaySteps) return minimum;
                double progress = (step - warmupSteps) / (double) Math.max(1, decaySteps - warmupSteps);
                double coefficient = 0.5 * (1.0 + Math.cos(Math.PI * progress));
                return minimum + coefficient * (peak - minimum);
            }
            case INVERSE_SQRT: {
                int warm = Math.max(1, warmupSteps);
                if (step < warm) return peak * (step + 1) / warm;
                return peak * Math.sqrt(warm / (double) (step + 1));
            }
            default:
                throw new IllegalStateException();
        }
    }

    public static Schedule parse(String name) {
        return switch (name.toLowerCase().replace('-', '_')) {
            case "constant" -> CONSTANT;
            case "cosine" -> COSINE;
            case "inverse_sqrt", "invsqrt", "noam" -> INVERSE_SQRT;
            default -> throw new IllegalArgumentException("unknown schedule '" + name + "': use constant, cosine or inverse-sqrt");
        };
    }
}
