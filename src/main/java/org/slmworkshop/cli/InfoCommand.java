package org.slmworkshop.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.backend.BackendInfo;
import org.slmworkshop.backend.NativeCache;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.kernels.cuda.CudaRuntime;
import org.slmworkshop.kernels.cuda.CudaStatus;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", description = {"Show the CPU backend, what this machine offers the CUDA backend (GPU, compute capability,"
        + " memory, driver, libraries) and which backend a run would choose, and why.",
        "Looks for the GPU without opening it: its kernels compile when a run first uses it."})
final class InfoCommand implements Callable<Integer> {
    /** The libraries the CUDA backend looks for on this system, listed in this order (found or not). */
    static final List<String> CUDA_LIBRARIES = CudaRuntime.libraryNames();

    @Option(names = "--json", description = "One JSON object instead of text for people.")
    boolean json;

    /** Which backend a run would get, and why, in words a learner can read. */
    record Decision(BackendMode requested, String chosen, String reason) {}

    @Override
    public Integer call() {
        BackendMode requested = BackendMode.fromSystem();
        CudaStatus cuda = CudaRuntime.status();
        NativeCache cache = NativeCache.inspect();
        cache.notice().ifPresent(System.err::println);
        BackendInfo cpu = BackendInfo.orNull();
        Decision decision = decide(requested, cuda);
        Decision auto = decide(BackendMode.AUTO, cuda);
        if (json) {
            System.out.println(Json.line(report(cpu, decision, auto, cuda, cache)));
            return 0;
        }
        System.out.println("backend:   " + decision.chosen() + " (asked: " + requested.flag() + "): " + decision.reason());
        if (requested != BackendMode.AUTO) System.out.println("auto:      " + auto.chosen() + ": " + auto.reason());
        System.out.println("cpu:       ND4J " + (cpu == null ? "cannot start here: its native libraries are missing" : cpu.describe()));
        for (String line : describe(cuda)) System.out.println(line);
        System.out.println("natives:   " + cache.directory());
        return 0;
    }

    /**
     * What {@code Backends.choose(requested)} would do here, judged from the status alone: a usable GPU is
     * chosen unless the CPU was asked for; without one, auto takes the CPU and cuda would stop with the reason.
     */
    static Decision decide(BackendMode requested, CudaStatus cuda) {
        if (requested == BackendMode.CPU) return new Decision(requested, "cpu", "the CPU, as asked (--backend cpu)");
        if (cuda.usable()) return new Decision(requested, "cuda", cuda.describeDevice());
        if (requested == BackendMode.CUDA) {
            return new Decision(requested, "none", "--backend cuda cannot run here: " + cuda.problem());
        }
        return new Decision(requested, "cpu", cuda.problem() + "; training on the CPU");
    }

    /** The CUDA section of the text report: the device, or the one-line problem and the folders searched. */
    static List<String> describe(CudaStatus cuda) {
        List<String> lines = new ArrayList<>();
        lines.add("cuda:      " + (cuda.usable() ? "usable" : "not usable: " + cuda.problem()));
        if (!cuda.device().isEmpty()) {
            lines.add("  device:    " + cuda.device() + ", compute capability " + cuda.capability()
                    + " (sm_" + cuda.ccMajor() + cuda.ccMinor() + ")");
            lines.add("  memory:    " + gib(cuda.totalMemory()) + " total"
                    + (cuda.freeMemory() > 0 ? ", " + gib(cuda.freeMemory()) + " free" : ""));
        }
        lines.add("  driver:    " + (cuda.driverVersion() > 0 ? "CUDA " + CudaStatus.version(cuda.driverVersion())
                : cuda.driverFound() ? "found, version not read" : "none"));
        lines.add("  runtime:   " + (cuda.runtimeVersion() > 0 ? "CUDA " + CudaStatus.version(cuda.runtimeVersion())
                : "not loaded"));
        boolean first = true;
        for (Map.Entry<String, String> library : libraries(cuda).entrySet()) {
            lines.add((first ? "  libraries: " : "             ")
                    + String.format(Locale.ROOT, "%-18s %s", library.getKey(), library.getValue() == null ? "not found" : library.getValue()));
            first = false;
        }
        if (!cuda.usable()) {
            first = true;
            for (String folder : cuda.searched()) {
                lines.add((first ? "  searched:  " : "             ") + folder);
                first = false;
            }
        }
        return lines;
    }

    /** Each library looked for, in load order, with the file found or null; then any others the status names. */
    static Map<String, String> libraries(CudaStatus cuda) {
        Map<String, String> libraries = new LinkedHashMap<>();
        for (String name : CUDA_LIBRARIES) libraries.put(name, cuda.libraries().get(name));
        cuda.libraries().keySet().stream().sorted().forEach(name -> libraries.putIfAbsent(name, cuda.libraries().get(name)));
        return libraries;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static Map<String, Object> report(BackendInfo cpu, Decision decision, Decision auto, CudaStatus cuda, NativeCache cache) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("backend", cpu);
        report.put("requested", decision.requested().flag());
        report.put("chosen", decision.chosen());
        report.put("reason", decision.reason());
        Map<String, Object> automatic = new LinkedHashMap<>();
        automatic.put("chosen", auto.chosen());
        automatic.put("reason", auto.reason());
        report.put("auto", automatic);
        Map<String, Object> gpu = new LinkedHashMap<>();
        gpu.put("usable", cuda.usable());
        gpu.put("problem", cuda.usable() ? null : cuda.problem());
        gpu.put("device", cuda.device().isEmpty() ? null : cuda.device());
        gpu.put("computeCapability", cuda.device().isEmpty() ? null : cuda.capability());
        gpu.put("totalMemoryBytes", cuda.totalMemory());
        gpu.put("freeMemoryBytes", cuda.freeMemory());
        gpu.put("driverCuda", cuda.driverVersion() > 0 ? CudaStatus.version(cuda.driverVersion()) : null);
        gpu.put("runtimeCuda", cuda.runtimeVersion() > 0 ? CudaStatus.version(cuda.runtimeVersion()) : null);
        gpu.put("libraries", libraries(cuda));
        gpu.put("searched", cuda.searched());
        report.put("cuda", gpu);
        report.put("nativeCache", cache.directory().toString());
        return report;
    }
}
