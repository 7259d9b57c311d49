package org.slmworkshop.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4jBackend;

/** Hiding the CUDA backend from ND4J's service lookup, with a stand-in jar that declares it. */
class Nd4jBackendGateTest {

    private static ClassLoader withCudaDeclared(Path folder) throws IOException {
        Path jar = folder.resolve("nd4j-cuda-11.6-1.0.0-M2.1.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry(Nd4jBackendGate.BACKEND_SERVICE));
            out.write(("# a licence header\n" + CudaSupport.BACKEND_CLASS + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, Nd4jBackendGateTest.class.getClassLoader());
    }

    private static List<String> backends(ClassLoader loader) {
        return ServiceLoader.load(Nd4jBackend.class, loader).stream().map(provider -> provider.type().getSimpleName()).toList();
    }

    @Test
    void withoutTheGateNd4jWouldTryTheDeclaredCudaBackend(@TempDir Path folder) throws IOException {
        // the class itself is absent here, so the lookup fails where a real jar would load CUDA
        ClassLoader loader = withCudaDeclared(folder);
        assertThrows(ServiceConfigurationError.class, () -> backends(loader));
    }

    @Test
    void behindTheGateOnlyTheCpuBackendIsFound(@TempDir Path folder) throws IOException {
        ClassLoader gated = new Nd4jBackendGate.WithoutCuda(withCudaDeclared(folder));
        assertEquals(List.of("CpuBackend"), backends(gated));
        assertEquals(1, Collections.list(gated.getResources(Nd4jBackendGate.BACKEND_SERVICE)).size());
    }
}
