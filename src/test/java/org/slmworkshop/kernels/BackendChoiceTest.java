package org.slmworkshop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.cuda.CudaRuntime;
import org.slmworkshop.kernels.cuda.CudaStatus;

/**
 * How {@link Backends} decides on this machine. The assertions about a missing GPU are skipped where a usable
 * one is found (the lent GPU machine), since there auto and cuda open it.
 */
class BackendChoiceTest {
    @AfterEach
    void backToTheDefault() {
        Backends.use(null);
    }

    @Test
    void cpuIsTheCpuAsAskedAndNothingToTell() {
        BackendChoice choice = Backends.choose(BackendMode.CPU);
        assertSame(Backends.cpu(), choice.kernels());
        assertFalse(choice.onGpu());
        assertFalse(choice.worthTelling());
        assertTrue(choice.cuda().isEmpty(), "asking for the CPU looks for no GPU");
        assertEquals("cpu (asked: cpu): the CPU, as asked (--backend cpu)", choice.describe());
    }

    @Test
    void autoWithoutAUsableGpuTrainsOnTheCpuAndSaysWhy() {
        CudaStatus status = CudaRuntime.status();
        assumeFalse(status.usable(), "this machine has a usable GPU");
        BackendChoice choice = Backends.chooseAndUse(BackendMode.AUTO);
        assertSame(Backends.cpu(), choice.kernels());
        assertSame(Backends.cpu(), Backends.standard(), "new models get the choice");
        assertEquals(status.problem() + "; training on the CPU", choice.reason());
        assertFalse(choice.reason().contains("\n"), "one line");
        assertEquals(status.driverFound(), choice.worthTelling(), "a driver whose GPU goes unused is worth a line");
        if (!status.driverFound()) {
            assertTrue(choice.reason().startsWith("no NVIDIA driver: libcuda.so.1 was not found (looked in "), choice.reason());
        }
    }

    @Test
    void cudaWithoutAUsableGpuThrowsOneLineNamingTheFlag() {
        CudaStatus status = CudaRuntime.status();
        assumeFalse(status.usable(), "this machine has a usable GPU");
        Kernels before = Backends.standard();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.chooseAndUse(BackendMode.CUDA));
        assertEquals("--backend cuda cannot run here: " + status.problem(), e.getMessage());
        assertSame(before, Backends.standard(), "a refused GPU changes nothing");
    }
}
