package org.slmworkshop.backend;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides, before ND4J starts, whether the engine runs on the CPU or on an NVIDIA GPU, with one
 * human sentence that says why. ND4J itself would pick CUDA whenever its jar is present and then
 * fail on a GPU its kernels were not built for, so the decision is made here from nvidia-smi alone.
 */
public record BackendSelection(Mode requested, Backend chosen, String reason, List<GpuDevice> gpus, boolean cudaBackendPresent) {
    /** The system property the launcher sets from {@code --backend}. */
    public static final String MODE_PROPERTY = "slm.backend";
    // above ND4J's defaults (CPU 0, GPU 100), so the chosen backend wins whatever else is on the classpath
    static final String CHOSEN_PRIORITY = "200";

    public enum Mode {
        CPU, GPU, AUTO;

        public static Mode parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown backend '" + text + "': use cpu, gpu or auto");
            }
        }
    }

    public enum Backend { CPU, GPU }

    public BackendSelection {
        gpus = List.copyOf(gpus);
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a selection says why");
    }

    /** The mode asked for with {@code -Dslm.backend} (default auto), decided against this machine. */
    public static BackendSelection current() {
        return decide(Mode.parse(System.getProperty(MODE_PROPERTY, "auto")), GpuProbe.probe(), CudaSupport.backendOnClasspath());
    }

    public static BackendSelection decide(Mode requested, GpuProbe.Result probe, boolean cudaBackendPresent) {
        List<GpuDevice> gpus = probe.devices();
        if (requested == Mode.CPU) return cpu(requested, "the CPU, as asked (--backend cpu)", gpus, cudaBackendPresent);
        String asked = requested == Mode.GPU ? "--backend gpu asked for the GPU, but " : "";
        if (!probe.found()) {
            return cpu(requested, (asked.isEmpty() ? "no usable NVIDIA GPU: " : asked + "there is no usable NVIDIA GPU: ")
                    + probe.problem() + "; running on the CPU", gpus, cudaBackendPresent);
        }
        for (GpuDevice gpu : gpus) {
            Optional<ComputeCapability> capability = gpu.capability();
            if (capability.isEmpty() && requested == Mode.AUTO) {
                return cpu(requested, "the driver does not report the compute capability of " + gpu.name()
                        + ", so it is unknown whether " + CudaSupport.BUILD + " (" + CudaSupport.range()
                        + ") runs on it; running on the CPU (--backend gpu tries anyway)", gpus, cudaBackendPresent);
            }
            if (capability.isPresent() && !CudaSupport.runsOn(capability.get())) {
                return cpu(requested, asked + gpu.name() + " has compute capability " + capability.get() + " (" + capability.get().sm()
                        + "), and the published " + CudaSupport.BUILD + " only has kernels for " + CudaSupport.range()
                        + " (Kepler K80 to Ada) and no PTX, so it cannot run there; falling back to the CPU", gpus, cudaBackendPresent);
            }
        }
        GpuDevice first = gpus.get(0);
        if (!cudaBackendPresent) {
            return cpu(requested, asked + "this build has no CUDA backend (build with -Pcuda to use " + first.name()
                    + "); running on the CPU", gpus, false);
        }
        String supported = first.capability().map(c -> " (compute capability " + c + ", within " + CudaSupport.range() + ")")
                .orElse(" (compute capability unknown, tried because --backend gpu asked for it)");
        return new BackendSelection(requested, Backend.GPU, first.name() + supported + " runs " + CudaSupport.BUILD, gpus, true);
    }

    private static BackendSelection cpu(Mode requested, String reason, List<GpuDevice> gpus, boolean cudaBackendPresent) {
        return new BackendSelection(requested, Backend.CPU, reason, gpus, cudaBackendPresent);
    }

    /** The variables that make ND4J load the chosen backend; ND4J reads them once, when its classes load. */
    public Map<String, String> environment() {
        boolean gpu = chosen == Backend.GPU;
        return new TreeMap<>(Map.of("BACKEND_PRIORITY_CPU", gpu ? "0" : CHOSEN_PRIORITY, "BACKEND_PRIORITY_GPU", gpu ? CHOSEN_PRIORITY : "0"));
    }

    /** Whether a GPU was asked for or is present but goes unused: then the launcher prints the reason. */
    public boolean worthTelling() {
        return chosen == Backend.CPU && requested != Mode.CPU && (requested == Mode.GPU || !gpus.isEmpty());
    }

    /** The GPU the engine uses or would have used: the first one, ND4J's default device. */
    public Optional<GpuDevice> device() {
        return gpus.stream().findFirst();
    }

    /** "CPU (asked: auto): no usable NVIDIA GPU (...)" */
    public String describe() {
        return chosen + " (asked: " + requested.name().toLowerCase(Locale.ROOT) + "): " + reason;
    }

    /**
     * {@code BackendSelection [--mode cpu|gpu|auto] [--launcher]}: the launcher script calls this before
     * starting the app, because ND4J reads its priorities from the environment. With {@code --launcher}
     * it prints three lines: "cpu" or "gpu", the reason, and "tell" or "quiet"
     * (whether to show the reason); without, a report for people.
     */
    public static void main(String[] args) {
        Mode mode = Mode.parse(System.getProperty(MODE_PROPERTY, "auto"));
        boolean forLauncher = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = Mode.parse(i + 1 < args.length ? args[++i] : "");
                case "--launcher" -> forLauncher = true;
                default -> {
                    System.err.println("usage: BackendSelection [--mode cpu|gpu|auto] [--launcher]");
                    System.exit(2);
                }
            }
        }
        GpuProbe.Result probe = GpuProbe.probe();
        BackendSelection selection = decide(mode, probe, CudaSupport.backendOnClasspath());
        if (forLauncher) {
            System.out.println(selection.chosen().name().toLowerCase(Locale.ROOT));
            System.out.println(selection.reason());
            System.out.println(selection.worthTelling() ? "tell" : "quiet");
            return;
        }
        System.out.println("requested:    " + mode.name().toLowerCase(Locale.ROOT));
        System.out.println("nvidia-smi:   " + (probe.found() ? probe.devices().size() + " GPU(s)" : probe.problem()));
        for (GpuDevice gpu : probe.devices()) System.out.println("  GPU " + gpu.index() + ": " + gpu.describe());
        System.out.println("CUDA backend: " + (selection.cudaBackendPresent() ? "on the classpath" : "not on the classpath") + " (" + CudaSupport.BUILD + ")");
        System.out.println("decision:     " + selection.chosen());
        System.out.println("reason:       " + selection.reason());
        System.out.println("environment:  " + selection.environment());
    }
}
