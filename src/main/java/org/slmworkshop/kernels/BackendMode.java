package org.slmworkshop.kernels;

import java.util.Locale;

/** What the learner asked for with {@code --backend}: the CPU, an NVIDIA GPU through CUDA, or the GPU when one works. */
public enum BackendMode {
    CPU, CUDA, AUTO;

    /** The system property the launcher and the CLI set from {@code --backend}. */
    public static final String PROPERTY = "slm.backend";
    /** The environment variable read when the property is not set. */
    public static final String ENVIRONMENT = "SLM_BACKEND";

    /** "cpu", "cuda" (or its alias "gpu") or "auto", in any case. */
    public static BackendMode parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "cpu" -> CPU;
            case "cuda", "gpu" -> CUDA;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("unknown backend '" + text + "': use cpu, cuda or auto");
        };
    }

    /** The mode named by {@value #PROPERTY}, else {@value #ENVIRONMENT}, else auto. */
    public static BackendMode fromSystem() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) return parse(property);
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) return parse(environment);
        return AUTO;
    }

    /** How the flag spells it: "cpu", "cuda", "auto". */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
