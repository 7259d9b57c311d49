package org.slmworkshop.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntSupplier;

/** Runs a command of the CLI in this JVM, as `slm ARGS` would, and keeps what it printed. */
public final class CliRun {
    private CliRun() {}

    /** A finished command: its exit code and its standard output and error. */
    public record Result(int exitCode, String out, String err) {
        public List<String> lines() {
            return out.lines().toList();
        }
    }

    /** {@code slm args…} through {@link Main#run}, with its error handling. */
    public static Result main(String... args) {
        return capture(() -> Main.run(args));
    }

    /** Runs {@code command} with System.out and System.err captured. */
    public static Result capture(IntSupplier command) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = command.getAsInt();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
