package org.slmworkshop.kernels;

import org.slmworkshop.kernels.cpu.CpuKernels;

/** Where models get their kernels. The CPU backend is the default; a GPU backend plugs in here. */
public final class Backends {
    private Backends() {}

    /** The CPU backend (ND4J products, Java element-wise kernels over two cores). */
    public static Kernels cpu() {
        return CpuKernels.shared();
    }

    /** The backend a model gets when none is named. */
    public static Kernels standard() {
        return cpu();
    }
}
