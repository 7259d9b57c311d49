package org.slmworkshop.cli;

import java.io.PrintStream;
import org.slmworkshop.backend.NativeCache;
import org.slmworkshop.kernels.BackendChoice;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.kernels.Backends;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --backend cpu|cuda|auto} for the commands that build models. A command calls {@link #chooseAndUse()}
 * before its first model or checkpoint exists, since a model keeps the backend it was created on.
 */
final class BackendOption {
    @Option(names = "--backend", paramLabel = "cpu|cuda|auto", converter = ModeConverter.class,
            description = "Where the model runs: cpu, cuda (an NVIDIA GPU; fails with the reason when there is none)"
                    + " or auto (the GPU when one works, else the CPU). Default: $SLM_BACKEND, else auto.")
    BackendMode mode;

    /** The flag's value, else {@code -Dslm.backend} or {@code $SLM_BACKEND} (what the launcher passes), else auto. */
    BackendMode mode() {
        return mode != null ? mode : BackendMode.fromSystem();
    }

    /**
     * Chooses the backend and makes it the one every new model gets. Says so on stderr, in one line, when the
     * run goes to the GPU or a GPU goes unused; {@code --backend cuda} without a usable GPU throws the
     * one-line reason, which {@link Main} prints as {@code error: …}.
     */
    BackendChoice chooseAndUse() {
        BackendChoice choice = Backends.chooseAndUse(mode());
        PrintStream err = System.err;
        if (choice.onGpu() || choice.worthTelling()) err.println("backend: " + choice.describe());
        // only the CPU backend loads ND4J's natives, so only a CPU run looks at their cache
        if (!choice.onGpu()) NativeCache.inspect().notice().ifPresent(err::println);
        return choice;
    }

    /** Turns a wrong value into picocli's one-line "Invalid value for option '--backend': …". */
    static final class ModeConverter implements ITypeConverter<BackendMode> {
        @Override
        public BackendMode convert(String value) {
            try {
                return BackendMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
