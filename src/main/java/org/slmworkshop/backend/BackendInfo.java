package org.slmworkshop.backend;

import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** What ND4J runs on: backend, device, threads. Calling it loads the native libraries. */
public record BackendInfo(String backend, String device, int threads, String blas, long maxOffHeapBytes) {

    public static BackendInfo current() {
        String backend = Nd4j.getBackend().getClass().getSimpleName().replace("Backend", "");
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String blas = String.valueOf(env.getOrDefault("blas.vendor", "unknown"));
        int threads = Integer.parseInt(String.valueOf(env.getOrDefault("omp.threads", Runtime.getRuntime().availableProcessors())));
        String device = backend.toLowerCase().contains("cpu")
                ? "CPU (" + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ")"
                : String.valueOf(env.getOrDefault("cuda.deviceName", "GPU"));
        return new BackendInfo(backend, device, threads, blas, org.bytedeco.javacpp.Pointer.maxPhysicalBytes());
    }

    public String describe() {
        return String.format("%s backend on %s, %d threads, BLAS %s", backend, device, threads, blas);
    }
}
