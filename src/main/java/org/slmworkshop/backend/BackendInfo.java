package org.slmworkshop.backend;

import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the CPU backend's ND4J runs on: its backend, the processor, threads and BLAS. Calling it loads ND4J's
 * native libraries (about 100 MB), so only a run on the CPU asks.
 */
public record BackendInfo(String backend, String device, int threads, String blas, long maxOffHeapBytes) {

    public static BackendInfo current() {
        String backend = Nd4j.getBackend().getClass().getSimpleName().replace("Backend", "");
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String blas = String.valueOf(env.getOrDefault("blas.vendor", "unknown"));
        int threads = Integer.parseInt(String.valueOf(env.getOrDefault("omp.threads", Runtime.getRuntime().availableProcessors())));
        String device = "CPU (" + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ")";
        return new BackendInfo(backend, device, threads, blas, org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
    }

    /** {@link #current()}, or null where ND4J cannot start (a machine or kit without its native libraries). */
    public static BackendInfo orNull() {
        try {
            return current();
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    public String describe() {
        return String.format("%s backend on %s, %d threads, BLAS %s", backend, device, threads, blas);
    }
}
