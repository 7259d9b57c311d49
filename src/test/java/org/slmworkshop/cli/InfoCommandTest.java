package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.kernels.cuda.CudaStatus;

/** What {@code slm info} says for machines this one is not: a usable H200, and a driver without the toolkit. */
class InfoCommandTest {
    private static final long GIB = 1L << 30;
    private static final CudaStatus H200 = new CudaStatus(true, "", "NVIDIA H200", 9, 0, 150_119_424_000L, 149 * GIB,
            13000, 13010, Map.of("libcuda.so.1", "/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                    "libcudart.so.13", "/usr/local/cuda/lib64/libcudart.so.13"), List.of("/usr/local/cuda/lib64"));
    private static final CudaStatus NO_TOOLKIT = new CudaStatus(false,
            "CUDA 13 toolkit libraries missing: libcublas.so.13 (looked in /usr/lib64)", "", 0, 0, 0, 0, 0, 0,
            Map.of("libcuda.so.1", "/usr/lib64/libcuda.so.1"), List.of("/usr/lib64", "/opt/cuda/lib64"));

    @Test
    void aUsableGpuIsChosenUnlessTheCpuWasAskedFor() {
        assertEquals(new InfoCommand.Decision(BackendMode.AUTO, "cuda", H200.describeDevice()), InfoCommand.decide(BackendMode.AUTO, H200));
        assertEquals("cuda", InfoCommand.decide(BackendMode.CUDA, H200).chosen());
        assertEquals("cpu", InfoCommand.decide(BackendMode.CPU, H200).chosen());
    }

    @Test
    void withoutAUsableGpuAutoTakesTheCpuAndCudaWouldStopWithTheReason() {
        assertEquals(new InfoCommand.Decision(BackendMode.AUTO, "cpu", NO_TOOLKIT.problem() + "; training on the CPU"),
                InfoCommand.decide(BackendMode.AUTO, NO_TOOLKIT));
        assertEquals(new InfoCommand.Decision(BackendMode.CUDA, "none", "--backend cuda cannot run here: " + NO_TOOLKIT.problem()),
                InfoCommand.decide(BackendMode.CUDA, NO_TOOLKIT));
    }

    @Test
    void theCudaSectionNamesDeviceCapabilityMemoryVersionsAndLibraries() {
        List<String> lines = InfoCommand.describe(H200);
        assertEquals("cuda:      usable", lines.get(0));
        assertTrue(lines.contains("  device:    NVIDIA H200, compute capability 9.0 (sm_90)"), lines.toString());
        assertTrue(lines.contains("  memory:    139.8 GiB total, 149.0 GiB free"), lines.toString());
        assertTrue(lines.contains("  driver:    CUDA 13.0"), lines.toString());
        assertTrue(lines.contains("  runtime:   CUDA 13.1"), lines.toString());
        assertTrue(lines.contains("  libraries: libcuda.so.1       /usr/lib/x86_64-linux-gnu/libcuda.so.1"), lines.toString());
        assertTrue(lines.contains("             libnvrtc.so.13     not found"), lines.toString());
        assertFalse(lines.stream().anyMatch(line -> line.contains("searched")), "a usable GPU needs no search list");
    }

    @Test
    void anUnusableGpuGivesTheProblemAndEveryFolderSearched() {
        List<String> lines = InfoCommand.describe(NO_TOOLKIT);
        assertEquals("cuda:      not usable: " + NO_TOOLKIT.problem(), lines.get(0));
        assertTrue(lines.contains("  driver:    found, version not read"), lines.toString());
        assertTrue(lines.contains("  searched:  /usr/lib64"), lines.toString());
        assertTrue(lines.contains("             /opt/cuda/lib64"), lines.toString());
        assertFalse(lines.stream().anyMatch(line -> line.startsWith("  device:")), lines.toString());
    }
}
