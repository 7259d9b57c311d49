package org.slmworkshop.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.cuda.CudaKernels;
import org.slmworkshop.kernels.cuda.CudaRuntime;
import org.slmworkshop.kernels.cuda.CudaStatus;

/**
 * {@link GptParityTest}'s checks on the CUDA backend: the same PyTorch fixture (logits, loss, every gradient,
 * three AdamW steps), each to 1e-4, with exact fp32 products (TF32 off). Loads no ND4J class, so it runs from the
 * GPU kit (bench/gpu-check) where ND4J's natives cannot travel. Skipped, with the reason, without a usable GPU.
 */
class CudaGptParityTest extends GptParityTest {
    private static final double TOLERANCE = 1e-4;
    private static Kernels gpu;
    private static CudaStatus status;

    @BeforeAll
    static void openTheGpu() {
        status = CudaRuntime.status();
        if (!status.usable()) {
            System.out.println("CudaGptParityTest skipped: no GPU: " + status.problem());
            return;
        }
        System.setProperty("slm.cuda.tf32", "false");   // PyTorch wrote the fixture in exact fp32
        gpu = CudaKernels.open();
        System.out.println("CudaGptParityTest on " + status.describeDevice());
    }

    /** Per test rather than per class, so that every skipped test carries the reason in the reports. */
    @BeforeEach
    void needsAGpu() {
        assumeTrue(gpu != null, () -> "no GPU: " + status.problem());
    }

    @Override
    Kernels kernels() {
        return gpu;
    }

    @Override
    Tolerances tolerances() {
        return new Tolerances(TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE);
    }

    @Override
    String label() {
        return "cuda parity";
    }
}
