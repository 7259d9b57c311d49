package org.slmworkshop.ui;

import java.util.Locale;
import org.slmworkshop.backend.BackendInfo;
import org.slmworkshop.kernels.BackendChoice;
import org.slmworkshop.kernels.cuda.CudaKernels;
import org.slmworkshop.kernels.cuda.CudaRuntime;
import org.slmworkshop.kernels.cuda.CudaStatus;

/**
 * The backend the app's new models get, and how the status bar names it.
 *
 * @param choice  what was asked, what runs, and why
 * @param cpu     the CPU backend's ND4J details; null on the GPU, where ND4J is never loaded
 * @param refusal the one-line reason the GPU was refused when it was asked for, else null
 */
public record EngineState(BackendChoice choice, BackendInfo cpu, String refusal) {
    static final String APPLIES_TO = "Applies to models created from now on; open models keep their engine.";

    public EngineState {
        if (choice == null) throw new IllegalArgumentException("an engine state has a choice");
    }

    /** Why this engine, with the folders searched for CUDA counted rather than listed (slm info lists them). */
    public String briefReason() {
        return brief(choice.reason());
    }

    /** Why the GPU was refused, as briefly; null when it was not. */
    public String briefRefusal() {
        return refusal == null ? null : brief(refusal);
    }

    /** Seventeen folder names make a notification wider than the window; the learner needs the count. */
    static String brief(String text) {
        if (!text.contains(" (looked in ")) return text;
        CudaStatus status = CudaRuntime.status();   // already probed: the text came from it
        return text.replace(" (looked in " + String.join(", ", status.searched()) + ")",
                " (looked in " + status.searched().size() + " folders, which slm info lists)");
    }

    public boolean onGpu() {
        return choice.onGpu();
    }

    /** "CPU · 2 threads" or "GPU: NVIDIA H200 · cc 9.0 · 139.8 GiB" */
    public String label() {
        if (onGpu()) {
            return choice.cuda().filter(status -> !status.device().isEmpty())
                    .map(status -> String.format(Locale.ROOT, "GPU: %s · cc %s · %.1f GiB", status.device(),
                            status.capability(), status.totalMemory() / (double) (1L << 30)))
                    .orElse("GPU: " + choice.kernels().name());
        }
        return cpu == null ? "CPU" : "CPU · " + cpu.threads() + " threads";
    }

    /** The tooltip: what runs and why, the GPU's driver or what stands in its way, and how to change it. */
    public String details() {
        StringBuilder text = new StringBuilder();
        text.append(onGpu() ? "Models run on the GPU (CUDA)." : "Models run on the CPU.");
        text.append("\nAsked for ").append(choice.requested().flag()).append(": ").append(brief(choice.reason()));
        if (refusal != null) text.append("\nThe GPU was refused: ").append(briefRefusal());
        if (choice.kernels() instanceof CudaKernels gpu) text.append("\nCUDA backend: ").append(gpu.describe());
        choice.cuda().filter(CudaStatus::usable).ifPresent(status -> text.append("\nCUDA: driver ")
                .append(CudaStatus.version(status.driverVersion())).append(", runtime ")
                .append(CudaStatus.version(status.runtimeVersion())));
        if (cpu != null) text.append("\nCPU backend: ND4J ").append(cpu.describe());
        text.append("\n").append(APPLIES_TO).append(" Change it in the Engine menu.");
        return text.toString();
    }
}
