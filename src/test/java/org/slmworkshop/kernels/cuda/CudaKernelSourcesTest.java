package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every CUDA kernel source in resources/cuda compiles for Hopper (sm_90) with nvcc, on a machine without a GPU:
 * the backend compiles the same files with NVRTC at run time, and this catches a broken kernel before a GPU
 * machine does. Skipped, with the reason, where nvcc is not installed; fails when there is no .cu file at all.
 */
class CudaKernelSourcesTest {
    private static final Path SOURCES = projectRoot().resolve("resources").resolve("cuda");
    private static final long NVCC_TIMEOUT_SECONDS = 120;

    @TestFactory
    Stream<DynamicTest> everyKernelSourceCompilesToPtxForSm90() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "no kernel sources: " + SOURCES + " is not a folder");
        List<Path> sources;
        try (Stream<Path> files = Files.list(SOURCES)) {
            sources = files.filter(p -> p.getFileName().toString().endsWith(".cu")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no .cu files in " + SOURCES + ": nothing to compile, so nothing is checked");
        Optional<Path> nvcc = findNvcc();
        assumeTrue(nvcc.isPresent(), "nvcc not found (PATH, /usr/local/bin/nvcc, $CUDA_HOME/bin/nvcc,"
                + " /usr/local/cuda/bin/nvcc): the " + sources.size() + " kernel sources are not compiled here");
        return sources.stream().map(source -> DynamicTest.dynamicTest(source.getFileName().toString(),
                () -> compile(nvcc.get(), source)));
    }

    private static void compile(Path nvcc, Path source) throws IOException, InterruptedException {
        Path ptx = Files.createTempFile("slm-kernel-", ".ptx");
        Path log = Files.createTempFile("slm-nvcc-", ".log");
        try {
            List<String> command = List.of(nvcc.toString(), "-arch=sm_90", "-ptx", "-I", SOURCES.toString(),
                    "-o", ptx.toString(), source.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(NVCC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("nvcc took more than " + NVCC_TIMEOUT_SECONDS + " s on " + source);
            }
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) System.out.println("nvcc " + source.getFileName() + ":\n" + text);
            if (process.exitValue() != 0) {
                fail(source.getFileName() + " does not compile (nvcc exit code " + process.exitValue() + "): "
                        + String.join(" ", command) + "\n" + text);
            }
            assertTrue(Files.size(ptx) > 0, "nvcc wrote no PTX for " + source);
        } finally {
            Files.deleteIfExists(ptx);
            Files.deleteIfExists(log);
        }
    }

    /** nvcc on the PATH, else at /usr/local/bin, $CUDA_HOME/bin or /usr/local/cuda/bin. */
    static Optional<Path> findNvcc() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String folder : path.split(File.pathSeparator)) {
                if (!folder.isBlank()) candidates.add(Path.of(folder, "nvcc"));
            }
        }
        candidates.add(Path.of("/usr/local/bin/nvcc"));
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null && !cudaHome.isBlank()) candidates.add(Path.of(cudaHome, "bin", "nvcc"));
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** Maven's basedir (surefire sets it), else the working directory. */
    private static Path projectRoot() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }
}
