package org.slmworkshop.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.nd4j.common.config.ND4JClassLoading;

/**
 * Applies a {@link BackendSelection} inside this JVM, for runs that do not come through the launcher
 * script ({@code java -jar}, {@code mvn javafx:run -Pcuda}): a JVM cannot set its own environment, so
 * instead ND4J's service lookup stops seeing the CUDA backend when the CPU was chosen. Call it before
 * the first use of {@code Nd4j}; afterwards the backend is fixed.
 */
public final class Nd4jBackendGate {
    static final String BACKEND_SERVICE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";

    private Nd4jBackendGate() {}

    /**
     * Decides and applies the backend for this JVM, probing for a GPU only when the CUDA backend is
     * on the classpath (a CPU-only build has nothing to decide).
     */
    public static BackendSelection applyForThisJvm() {
        BackendSelection selection = CudaSupport.backendOnClasspath() ? BackendSelection.current()
                : BackendSelection.decide(BackendSelection.Mode.parse(System.getProperty(BackendSelection.MODE_PROPERTY, "auto")),
                        GpuProbe.Result.none("not probed: this build has only the CPU backend"), false);
        apply(selection);
        return selection;
    }

    public static void apply(BackendSelection selection) {
        if (selection.chosen() == BackendSelection.Backend.CPU && selection.cudaBackendPresent()) {
            ND4JClassLoading.setNd4jClassloader(new WithoutCuda(ND4JClassLoading.getNd4jClassloader()));
        }
    }

    /** Delegates everything to its parent, except that service files naming the CUDA backend are left out. */
    static final class WithoutCuda extends ClassLoader {
        WithoutCuda(ClassLoader parent) {
            super("nd4j-without-cuda", parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> all = super.getResources(name);
            if (!name.equals(BACKEND_SERVICE)) return all;
            List<URL> kept = new ArrayList<>();
            for (URL url : Collections.list(all)) {
                if (!namesCuda(url)) kept.add(url);
            }
            return Collections.enumeration(kept);
        }

        private static boolean namesCuda(URL serviceFile) throws IOException {
            try (InputStream in = serviceFile.openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(CudaSupport.BACKEND_CLASS);
            }
        }
    }
}
