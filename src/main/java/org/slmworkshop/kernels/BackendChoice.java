package org.slmworkshop.kernels;

import java.util.Optional;
import org.slmworkshop.kernels.cuda.CudaStatus;

/**
 * The backend a run uses and why, in one sentence a learner can read: what was asked, what was chosen,
 * and, when a GPU was looked for, what was found ({@link CudaStatus}: the device or the reason it cannot run).
 */
public record BackendChoice(BackendMode requested, Kernels kernels, String reason, Optional<CudaStatus> cuda) {
    public BackendChoice {
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a choice says why");
        cuda = cuda == null ? Optional.empty() : cuda;
    }

    /** Whether the run trains on the GPU. */
    public boolean onGpu() {
        return !"cpu".equals(kernels.name());
    }

    /** Whether the learner should be told the reason: a GPU was asked for, or one was found but goes unused. */
    public boolean worthTelling() {
        return !onGpu() && requested != BackendMode.CPU
                && (requested == BackendMode.CUDA || cuda.map(CudaStatus::driverFound).orElse(false));
    }

    /** "cuda (asked: auto): NVIDIA H200, compute capability 9.0, 139.8 GiB" */
    public String describe() {
        return kernels.name() + " (asked: " + requested.flag() + "): " + reason;
    }
}
