package org.slmworkshop.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slmworkshop.backend.BackendSelection.Backend;
import org.slmworkshop.backend.BackendSelection.Mode;

/** The CPU/GPU decision, without a GPU: nvidia-smi's answers are made up. */
class BackendSelectionTest {
    private static final GpuProbe.Result NO_DRIVER = GpuProbe.Result.none("nvidia-smi not found, so no NVIDIA driver is installed");

    private static GpuProbe.Result gpu(String name, String capability, long memoryMiB) {
        return new GpuProbe.Result(List.of(new GpuDevice(0, name, Optional.ofNullable(capability).map(ComputeCapability::parse), memoryMiB)), "");
    }

    private static final GpuProbe.Result H100 = gpu("NVIDIA H100 80GB HBM3", "9.0", 81559);
    private static final GpuProbe.Result RTX_3090 = gpu("NVIDIA GeForce RTX 3090", "8.6", 24576);

    @Test
    void cpuModeRunsOnTheCpuEvenWithASupportedGpuAndTheCudaBackend() {
        BackendSelection selection = BackendSelection.decide(Mode.CPU, RTX_3090, true);
        assertEquals(Backend.CPU, selection.chosen());
        assertTrue(selection.reason().contains("as asked"), selection.reason());
        assertEquals(Map.of("BACKEND_PRIORITY_CPU", "200", "BACKEND_PRIORITY_GPU", "0"), selection.environment());
    }

    @Test
    void autoWithoutADriverFallsBackToTheCpuWithOneLineSayingWhy() {
        BackendSelection selection = BackendSelection.decide(Mode.AUTO, NO_DRIVER, true);
        assertEquals(Backend.CPU, selection.chosen());
        assertTrue(selection.reason().contains("nvidia-smi not found"), selection.reason());
        assertFalse(selection.reason().contains("\n"));
        assertTrue(selection.device().isEmpty());
    }

    @Test
    void gpuModeWithoutADriverAlsoFallsBackAndSaysWhatWasAsked() {
        BackendSelection selection = BackendSelection.decide(Mode.GPU, NO_DRIVER, true);
        assertEquals(Backend.CPU, selection.chosen());
        assertTrue(selection.reason().startsWith("--backend gpu asked for the GPU"), selection.reason());
    }

    @Test
    void hopperCapability90IsRefusedNamingTheSupportedRangeInAutoAndGpuMode() {
        for (Mode mode : List.of(Mode.AUTO, Mode.GPU)) {
            BackendSelection selection = BackendSelection.decide(mode, H100, true);
            assertEquals(Backend.CPU, selection.chosen(), mode.name());
            assertTrue(selection.reason().contains("sm_90"), selection.reason());
            assertTrue(selection.reason().contains("sm_37–sm_86"), selection.reason());
            assertTrue(selection.reason().contains("falling back to the CPU"), selection.reason());
            assertEquals("NVIDIA H100 80GB HBM3", selection.device().orElseThrow().name());
        }
    }

    @Test
    void ampereCapability86IsAcceptedWhenTheCudaBackendIsPresent() {
        BackendSelection selection = BackendSelection.decide(Mode.AUTO, RTX_3090, true);
        assertEquals(Backend.GPU, selection.chosen());
        assertTrue(selection.reason().contains("8.6"), selection.reason());
        assertEquals(Map.of("BACKEND_PRIORITY_CPU", "0", "BACKEND_PRIORITY_GPU", "200"), selection.environment());
    }

    @Test
    void aSupportedGpuWithoutTheCudaBackendRunsOnTheCpuAndNamesTheProfile() {
        BackendSelection selection = BackendSelection.decide(Mode.GPU, RTX_3090, false);
        assertEquals(Backend.CPU, selection.chosen());
        assertTrue(selection.reason().contains("-Pcuda"), selection.reason());
    }

    @Test
    void capabilitiesFollowTheSassRuleSameMajorAndNoLowerMinor() {
        assertTrue(CudaSupport.runsOn(ComputeCapability.parse("3.7")));  // K80
        assertFalse(CudaSupport.runsOn(ComputeCapability.parse("3.5"))); // K40: older than sm_37
        assertTrue(CudaSupport.runsOn(ComputeCapability.parse("5.3")));  // sm_52 code runs on 5.3
        assertTrue(CudaSupport.runsOn(ComputeCapability.parse("7.0")));  // V100
        assertTrue(CudaSupport.runsOn(ComputeCapability.parse("7.5")));  // T4, RTX 20
        assertTrue(CudaSupport.runsOn(ComputeCapability.parse("8.0")));  // A100
        assertTrue(CudaSupport.runsOn(ComputeCapability.parse("8.9")));  // RTX 40 (Ada) runs sm_86 code
        assertFalse(CudaSupport.runsOn(ComputeCapability.parse("9.0"))); // H100, H200
        assertFalse(CudaSupport.runsOn(ComputeCapability.parse("12.0"))); // Blackwell
        assertEquals("sm_37–sm_86", CudaSupport.range());
    }

    @Test
    void anUnknownCapabilityStaysOnTheCpuInAutoButIsTriedWhenTheGpuIsAskedFor() {
        GpuProbe.Result oldDriver = gpu("Tesla K80", null, 11441);
        assertEquals(Backend.CPU, BackendSelection.decide(Mode.AUTO, oldDriver, true).chosen());
        assertEquals(Backend.GPU, BackendSelection.decide(Mode.GPU, oldDriver, true).chosen());
    }

    @Test
    void oneUnsupportedCardAmongSeveralIsRefusedBecauseNd4jUsesThemAll() {
        GpuProbe.Result mixed = new GpuProbe.Result(List.of(
                new GpuDevice(0, "NVIDIA A100-SXM4-40GB", Optional.of(ComputeCapability.parse("8.0")), 40960),
                new GpuDevice(1, "NVIDIA H100 PCIe", Optional.of(ComputeCapability.parse("9.0")), 81559)), "");
        BackendSelection selection = BackendSelection.decide(Mode.AUTO, mixed, true);
        assertEquals(Backend.CPU, selection.chosen());
        assertTrue(selection.reason().startsWith("NVIDIA H100 PCIe"), selection.reason());
    }

    @Test
    void theLauncherTellsWhyOnlyWhenAGpuWasAskedForOrGoesUnused() {
        assertFalse(BackendSelection.decide(Mode.AUTO, NO_DRIVER, false).worthTelling());  // a laptop: nothing to say
        assertFalse(BackendSelection.decide(Mode.CPU, H100, true).worthTelling());
        assertFalse(BackendSelection.decide(Mode.AUTO, RTX_3090, true).worthTelling());
        assertTrue(BackendSelection.decide(Mode.AUTO, H100, true).worthTelling());
        assertTrue(BackendSelection.decide(Mode.GPU, NO_DRIVER, true).worthTelling());
    }

    @Test
    void modesParseWithoutRegardToCaseAndUnknownOnesNameTheChoices() {
        assertEquals(Mode.GPU, Mode.parse(" GPU "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Mode.parse("tpu"));
        assertTrue(error.getMessage().contains("cpu, gpu or auto"));
    }
}
