package org.slmworkshop.lesson;

import java.util.Arrays;
import java.util.Locale;

/** The labs a lesson can show beside its text; the desktop app has one reusable component per lab. */
public enum Lab {
    CORPUS, TRAINING, TRANSITION, LOWRANK, ATTENTION, SAMPLING, BEAM, STEPPER, SURPRISE, EMBEDDING, RESUME;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Lab parse(String id) {
        for (Lab lab : values()) if (lab.id().equals(id)) return lab;
        throw new IllegalArgumentException("unknown lab '" + id + "'; labs are "
                + String.join(", ", Arrays.stream(values()).map(Lab::id).toList()));
    }
}
