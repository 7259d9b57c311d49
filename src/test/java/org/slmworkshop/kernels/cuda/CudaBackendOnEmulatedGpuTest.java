package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        assumeTrue(Processes.present("g++"), "no g++ on the PATH: the emulated GPU cannot be built");
        Path include = Path.of(System.getenv().getOrDefault("CUDA_INCLUDE", "/usr/local/cuda/include"));
        assumeTrue(Files.isRegularFile(include.resolve("cuda_runtime_api.h")),
                "no CUDA headers at " + include + " (set CUDA_INCLUDE): the emulated GPU cannot be built");
        Path libraries = Files.createTempDirectory("slm-emulated-gpu");
        Path cache = Files.createTempDirectory("slm-emulated-gpu-cache");
        String build = Processes.run(new ProcessBuilder("bash", "src/test/cuda/build_fake_cuda.sh", libraries.toString()), 300);
        assertEquals("", build.strip(), "building the emulated GPU printed warnings or errors");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dslm.cuda.cache=" + cache, "-Xss4m",
                EmulatedGpuRun.class.getName()));
        command.addAll(CLASSES);
        ProcessBuilder child = new ProcessBuilder(command);
        child.environment().put("SLM_CUDA_LIB", libraries.toString());
        child.environment().remove("LD_LIBRARY_PATH");
        String output = Processes.run(child, 900);
        System.out.println(output);
        assertTrue(output.contains("backend: cuda (asked: cuda): Emulated GPU"), output);
        assertTrue(output.contains("EMULATED GPU: PASSED"), output);
    }
}
