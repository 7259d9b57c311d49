package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CUDA kernels' arithmetic, checked without a GPU: src/test/cuda/kernels_test.cpp compiles the very sources
 * of resources/cuda for the CPU against a small emulation of CUDA's execution model (real threads per block, so
 * barriers and warp shuffles synchronise for real) and runs each kernel, with the launch shapes CudaKernels uses,
 * against plain loops: Philox's known answers, dropout, embeddings, LayerNorm, GELU, attention, the KV cache,
 * cross-entropy and AdamW. What it cannot check (cuBLAS, the JavaCPP calls, the driver) the device check does.
 */
class CudaKernelsEmulatedTest {
    @Test
    void everyKernelMatchesPlainLoopsOnTheCpuEmulation() throws IOException, InterruptedException {
        assumeTrue(Processes.present("g++"), "no g++ on the PATH: the kernels' CPU emulation cannot be built");
        Path binary = Files.createTempFile("slm-kernels-test", "");
        try {
            String compile = Processes.run(new ProcessBuilder("g++", "-std=c++20", "-O1", "-pthread", "-I", "src/test/cuda", "-I", "resources/cuda",
                    "src/test/cuda/kernels_test.cpp", "-o", binary.toString()), 300);
            assertEquals("", compile.strip().isEmpty() ? "" : compile, "the emulated kernels did not compile");
            String output = Processes.run(new ProcessBuilder(binary.toString()), 300);
            System.out.println(output);
            assertTrue(output.contains("all kernels pass: 0 failed check(s)"), output);
            assertTrue(output.lines().filter(l -> l.startsWith("ok")).count() >= 45, "fewer checks ran than written:\n" + output);
        } finally {
            Files.deleteIfExists(binary);
        }
    }
}
