package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole CUDA backend, end to end, without a GPU: src/test/cuda builds stand-ins for the driver and the CUDA 13
 * libraries (same sonames and symbol versions, so JavaCPP's JNI wrappers bind to them) whose "GPU" is host
 * memory and whose kernel launches run the real kernel sources on the CPU emulation. A child JVM then runs the
 * GPT's golden parity test with the CUDA backend as every model's backend. This checks the Java side (JavaCPP calls, argument passing, launch shapes, the arena, host grouping
 * for the embedding backward) and the kernels together; what only real hardware shows (cuBLAS, timing, the
 * driver's PTX/cubin loading) is left to the device check, bench/gpu-check.
 */
class CudaBackendOnEmulatedGpuTest {
    /**
     * The golden parity: logits, loss, every gradient and three AdamW steps. The emulation runs each block's
     * threads for real and is slow (about a minute for this class), so the kernel-by-kernel CudaKernelsTest, the
     * decoder and the cross-backend checkpoints run on real GPUs only (bench/gpu-check).
     */
    static final List<String> CLASSES = List.of("org.slmworkshop.model.CudaGptParityTest");

    @Test
    void cudaBackendPassesTheModelTestsOnTheEmulatedGpu() throws IOException, InterruptedException {
        assumeTrue(present("g++"), "no g++ on the PATH: the emulated GPU cannot be built");
        Path include = Path.of(System.getenv().getOrDefault("CUDA_INCLUDE", "/usr/local/cuda/include"));
        assumeTrue(Files.isRegularFile(include.resolve("cuda_runtime_api.h")),
                "no CUDA headers at " + include + " (set CUDA_INCLUDE): the emulated GPU cannot be built");
        Path libraries = Files.createTempDirectory("slm-emulated-gpu");
        Path cache = Files.createTempDirectory("slm-emulated-gpu-cache");
        String build = run(new ProcessBuilder("bash", "src/test/cuda/build_fake_cuda.sh", libraries.toString()), 300);
        assertEquals("", build.strip(), "building the emulated GPU printed warnings or errors");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dslm.cuda.cache=" + cache, "-Xss4m",
                EmulatedGpuRun.class.getName()));
        command.addAll(CLASSES);
        ProcessBuilder child = new ProcessBuilder(command);
        child.environment().put("SLM_CUDA_LIB", libraries.toString());
        child.environment().remove("LD_LIBRARY_PATH");
        String output = run(child, 900);
        System.out.println(output);
        assertTrue(output.contains("backend: cuda (asked: cuda): Emulated GPU"), output);
        assertTrue(output.contains("EMULATED GPU: PASSED"), output);
    }

    private static boolean present(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command with its output in a file, so the time limit holds however much it prints. */
    private static String run(ProcessBuilder builder, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("slm-emulated-gpu", ".log");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", builder.command()) + " took over " + seconds + " s:\n" + Files.readString(log));
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), String.join(" ", builder.command()) + " failed:\n" + text);
            return text;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
