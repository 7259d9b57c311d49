package org.slmworkshop.backend;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds NVIDIA GPUs by asking {@code nvidia-smi}, without loading ND4J or CUDA, so that a missing
 * or broken driver costs one line of explanation instead of a native crash.
 */
public final class GpuProbe {
    static final String QUERY = "name,compute_cap,memory.total";
    // drivers before 510 do not know compute_cap; we still learn the name and memory
    static final String QUERY_WITHOUT_CAPABILITY = "name,memory.total";
    private static final long TIMEOUT_SECONDS = 10;
    // where drivers put nvidia-smi when it is not on PATH (containers, WSL)
    private static final List<String> USUAL_PLACES = List.of("/usr/bin", "/usr/local/nvidia/bin", "/usr/lib/wsl/lib");

    private GpuProbe() {}

    /** The GPUs found, or why none were: {@code problem} is empty exactly when {@code devices} is not. */
    public record Result(List<GpuDevice> devices, String problem) {
        public Result {
            devices = List.copyOf(devices);
            if (devices.isEmpty() == problem.isEmpty()) throw new IllegalArgumentException("a result has devices or a problem, not both");
        }

        public static Result none(String problem) {
            return new Result(List.of(), problem);
        }

        public boolean found() {
            return !devices.isEmpty();
        }
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    record CommandOutput(int exitCode, String text) {}

    /** Runs a command; empty when it did not finish in time. Tests replace it with canned output. */
    @FunctionalInterface
    interface CommandRunner {
        Optional<CommandOutput> run(List<String> command) throws IOException;
    }

    public static Result probe() {
        return probe(locate(), GpuProbe::execute);
    }

    static Result probe(Optional<Path> nvidiaSmi, CommandRunner runner) {
        if (nvidiaSmi.isEmpty()) return Result.none("nvidia-smi not found, so no NVIDIA driver is installed");
        try {
            Optional<CommandOutput> output = runner.run(command(nvidiaSmi.get(), QUERY));
            if (output.isPresent() && output.get().exitCode() != 0 && output.get().text().contains("compute_cap")) {
                output = runner.run(command(nvidiaSmi.get(), QUERY_WITHOUT_CAPABILITY));
                if (output.isPresent() && output.get().exitCode() == 0) return parse(output.get().text(), false);
            }
            if (output.isEmpty()) return Result.none("nvidia-smi did not answer within " + TIMEOUT_SECONDS + " s");
            if (output.get().exitCode() != 0) {
                return Result.none("nvidia-smi failed (exit " + output.get().exitCode() + "): " + firstLine(output.get().text()));
            }
            return parse(output.get().text(), true);
        } catch (IOException e) {
            return Result.none("nvidia-smi could not be run: " + e.getMessage());
        }
    }

    /** Parses {@code --format=csv,noheader,nounits} lines: "NVIDIA H100 80GB HBM3, 9.0, 81559". */
    static Result parse(String text, boolean withCapability) {
        List<GpuDevice> devices = new ArrayList<>();
        int fields = withCapability ? 3 : 2;
        for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] parts = line.split(",");
            if (parts.length < fields) continue; // "No devices were found" and other chatter
            // a name could hold a comma; the numbers at the end cannot
            int memoryAt = parts.length - 1;
            String name = String.join(",", List.of(parts).subList(0, parts.length - fields + 1)).strip();
            Optional<ComputeCapability> capability = withCapability ? capability(parts[memoryAt - 1]) : Optional.empty();
            long memory = number(parts[memoryAt]);
            if (name.isEmpty() || (withCapability && capability.isEmpty() && memory < 0)) continue;
            devices.add(new GpuDevice(devices.size(), name, capability, memory));
        }
        return devices.isEmpty() ? Result.none("nvidia-smi lists no GPU: " + firstLine(text)) : new Result(devices, "");
    }

    private static Optional<ComputeCapability> capability(String field) {
        try {
            return Optional.of(ComputeCapability.parse(field));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // "[N/A]", "[Not Supported]"
        }
    }

    private static long number(String field) {
        try {
            return Long.parseLong(field.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String firstLine(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("(no output)");
    }

    private static List<String> command(Path nvidiaSmi, String query) {
        return List.of(nvidiaSmi.toString(), "--query-gpu=" + query, "--format=csv,noheader,nounits");
    }

    /** {@code SLM_NVIDIA_SMI} if set, else the first nvidia-smi on PATH or in the driver's usual places. */
    static Optional<Path> locate() {
        String override = System.getenv("SLM_NVIDIA_SMI");
        if (override != null && !override.isBlank()) return Optional.of(Path.of(override));
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), USUAL_PLACES.stream())
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "nvidia-smi"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static Optional<CommandOutput> execute(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new CommandOutput(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
