package org.slmworkshop.backend;

import java.util.Optional;

/** One NVIDIA GPU as nvidia-smi reports it; capability and memory are empty when the driver does not say. */
public record GpuDevice(int index, String name, Optional<ComputeCapability> capability, long memoryMiB) {

    public GpuDevice {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a GPU needs a name");
        if (capability == null) capability = Optional.empty();
    }

    /** "NVIDIA H100 80GB HBM3, compute capability 9.0 (sm_90), 81559 MiB" */
    public String describe() {
        return name
                + capability.map(c -> ", compute capability " + c + " (" + c.sm() + ")").orElse(", compute capability unknown")
                + (memoryMiB > 0 ? ", " + memoryMiB + " MiB" : "");
    }
}
