package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Running the external tools of the CUDA emulation tests (g++, bash, a child JVM) with a time limit. */
final class Processes {
    private Processes() {}

    /** Whether {@code tool --version} runs. */
    static boolean present(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs a command with its output (stdout and stderr) in a file, so the time limit holds however much it
     * prints; fails the test on a time-out or a non-zero exit, else returns the output.
     */
    static String run(ProcessBuilder builder, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("slm-emulated", ".log");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", builder.command()) + " took over " + seconds + " s:\n" + Files.readString(log));
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), String.join(" ", builder.command()) + " failed:\n" + text);
            return text;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
