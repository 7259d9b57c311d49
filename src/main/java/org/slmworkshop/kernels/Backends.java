package org.slmworkshop.kernels;

import java.util.Optional;
import org.slmworkshop.kernels.cpu.CpuKernels;
import org.slmworkshop.kernels.cuda.CudaKernels;
import org.slmworkshop.kernels.cuda.CudaRuntime;
import org.slmworkshop.kernels.cuda.CudaStatus;

/**
 * Where models get their kernels. The CPU backend is the default; {@link #choose} decides between it and the
 * CUDA backend from what the learner asked for and what this machine has, and {@link #use} makes the choice the
 * default for every model created afterwards.
 */
public final class Backends {
    private static volatile Kernels chosen;

    private Backends() {}

    /** The CPU backend (ND4J products, Java element-wise kernels). */
    public static Kernels cpu() {
        return CpuKernels.shared();
    }

    /** The backend a model gets when none is named: the one given to {@link #use}, else the CPU. */
    public static Kernels standard() {
        Kernels kernels = chosen;
        return kernels != null ? kernels : cpu();
    }

    /** Makes {@code kernels} the backend of every model created from now on. */
    public static void use(Kernels kernels) {
        chosen = kernels;
    }

    /**
     * Decides the backend for {@code mode}. {@code cuda} either opens the GPU or throws a
     * {@link BackendUnavailableException} with one line saying why; {@code auto} falls back to the CPU with that
     * line as the reason. Opening the GPU compiles (or reads from the disk cache) its kernels.
     */
    public static BackendChoice choose(BackendMode mode) {
        if (mode == BackendMode.CPU) {
            return new BackendChoice(mode, cpu(), "the CPU, as asked (--backend cpu)", Optional.empty());
        }
        CudaStatus status = CudaRuntime.status();
        try {
            if (!status.usable()) throw new BackendUnavailableException(status.problem());
            Kernels kernels = CudaKernels.open();
            return new BackendChoice(mode, kernels, status.describeDevice(), Optional.of(status));
        } catch (BackendUnavailableException e) {
            if (mode == BackendMode.CUDA) {
                throw new BackendUnavailableException("--backend cuda cannot run here: " + e.getMessage(), e);
            }
            return new BackendChoice(mode, cpu(), e.getMessage() + "; training on the CPU", Optional.of(status));
        }
    }

    /** {@link #choose} then {@link #use}. */
    public static BackendChoice chooseAndUse(BackendMode mode) {
        BackendChoice choice = choose(mode);
        use(choice.kernels());
        return choice;
    }
}
