package org.slmworkshop.backend;

import java.util.List;

/**
 * What the published ND4J CUDA build can run on. nd4j-cuda-11.6 1.0.0-M2.1 ships machine code (SASS)
 * for the architectures below and no PTX, so the driver cannot compile kernels for newer chips:
 * Hopper (sm_90) answers "no kernel image is available for execution on the device".
 */
public final class CudaSupport {
    public static final String BUILD = "nd4j-cuda-11.6 1.0.0-M2.1";
    public static final String BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";
    // read from the fatbins of its libnd4jcuda.so: every one holds these nine, none holds PTX
    static final List<ComputeCapability> SASS = List.of(
            new ComputeCapability(3, 7), new ComputeCapability(5, 0), new ComputeCapability(5, 2),
            new ComputeCapability(6, 0), new ComputeCapability(6, 1), new ComputeCapability(7, 0),
            new ComputeCapability(7, 5), new ComputeCapability(8, 0), new ComputeCapability(8, 6));

    private CudaSupport() {}

    /** "sm_37–sm_86" */
    public static String range() {
        return SASS.get(0).sm() + "–" + SASS.get(SASS.size() - 1).sm();
    }

    /** SASS runs on its own major version at the same or a higher minor one (sm_86 code runs on an 8.9 Ada card). */
    public static boolean runsOn(ComputeCapability device) {
        return SASS.stream().anyMatch(code -> code.major() == device.major() && code.minor() <= device.minor());
    }

    /** Whether the CUDA backend jar is on the classpath; looks the class up without initialising it. */
    public static boolean backendOnClasspath() {
        try {
            Class.forName(BACKEND_CLASS, false, CudaSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
