package org.slmworkshop.kernels.cuda;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What this machine offers the CUDA backend: the GPU, its compute capability and memory, the driver and the
 * libraries found, or the one-line reason it cannot run. Made by {@link CudaRuntime#status()}, never thrown.
 *
 * @param usable        whether {@link CudaKernels#open()} can start
 * @param problem       why not, one line naming what is missing and where it was looked for ("" when usable)
 * @param device        the GPU's name ("" when none was reached)
 * @param driverVersion the driver's CUDA version as 1000·major + 10·minor (0 when there is no driver)
 * @param libraries     each library looked for and the file found for it
 * @param searched      the folders searched, in order
 */
public record CudaStatus(boolean usable, String problem, String device, int ccMajor, int ccMinor, long totalMemory,
                         long freeMemory, int driverVersion, int runtimeVersion, Map<String, String> libraries,
                         List<String> searched) {
    public CudaStatus {
        libraries = Map.copyOf(libraries);
        searched = List.copyOf(searched);
        problem = problem == null ? "" : problem;
        device = device == null ? "" : device;
    }

    static CudaStatus unusable(String problem, int driverVersion, int runtimeVersion, Map<String, String> libraries,
                               List<String> searched) {
        return new CudaStatus(false, problem, "", 0, 0, 0, 0, driverVersion, runtimeVersion, libraries, searched);
    }

    /** Whether an NVIDIA driver is installed, whatever else is missing. */
    public boolean driverFound() {
        return driverVersion > 0 || libraries.containsKey(CudaLibraries.Platform.current().driver());
    }

    /** "9.0" */
    public String capability() {
        return ccMajor + "." + ccMinor;
    }

    /** "NVIDIA H200, compute capability 9.0, 139.8 GiB, driver for CUDA 13.0" */
    public String describeDevice() {
        if (device.isEmpty()) return problem;
        return String.format(Locale.ROOT, "%s, compute capability %s, %.1f GiB, driver for CUDA %s",
                device, capability(), totalMemory / (double) (1L << 30), version(driverVersion));
    }

    /** 13000 → "13.0" */
    public static String version(int cudaVersion) {
        return cudaVersion / 1000 + "." + (cudaVersion % 1000) / 10;
    }
}
