package org.slmworkshop.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading nvidia-smi's answers, including the ways a driver fails. */
class GpuProbeTest {
    private static final Optional<Path> SMI = Optional.of(Path.of("/usr/bin/nvidia-smi"));

    private static GpuProbe.CommandRunner answers(GpuProbe.CommandOutput... outputs) {
        List<GpuProbe.CommandOutput> queue = new ArrayList<>(List.of(outputs));
        return command -> Optional.of(queue.remove(0));
    }

    @Test
    void anH100LineGivesNameCapabilityAndMemory() {
        // the line nvidia-smi printed on the lent H100 (driver 580.159.04), see README "GPU"
        GpuProbe.Result result = GpuProbe.parse("NVIDIA H100 80GB HBM3, 9.0, 81559\n", true);
        GpuDevice gpu = result.devices().get(0);
        assertEquals("NVIDIA H100 80GB HBM3", gpu.name());
        assertEquals(new ComputeCapability(9, 0), gpu.capability().orElseThrow());
        assertEquals(81559, gpu.memoryMiB());
        assertEquals("NVIDIA H100 80GB HBM3, compute capability 9.0 (sm_90), 81559 MiB", gpu.describe());
    }

    @Test
    void severalCardsWithCarriageReturnsBlankLinesAndNotAvailableFields() {
        String text = "Tesla K80, 3.7, 11441\r\n\r\n  NVIDIA GeForce RTX 4090 , 8.9 , [N/A]  \r\nNVIDIA A10, [N/A], 23028\r\n";
        List<GpuDevice> gpus = GpuProbe.parse(text, true).devices();
        assertEquals(3, gpus.size());
        assertEquals("NVIDIA GeForce RTX 4090", gpus.get(1).name());
        assertEquals(new ComputeCapability(8, 9), gpus.get(1).capability().orElseThrow());
        assertEquals(-1, gpus.get(1).memoryMiB());
        assertTrue(gpus.get(2).capability().isEmpty());
        assertEquals(2, gpus.get(2).index());
    }

    @Test
    void aCommaInTheNameStaysInTheName() {
        GpuDevice gpu = GpuProbe.parse("Quadro RTX 8000, Rev B, 7.5, 48601", true).devices().get(0);
        assertEquals("Quadro RTX 8000, Rev B", gpu.name());
        assertEquals(48601, gpu.memoryMiB());
    }

    @Test
    void noBinaryMeansNoDriver() {
        GpuProbe.Result result = GpuProbe.probe(Optional.empty(), answers());
        assertFalse(result.found());
        assertTrue(result.problem().contains("no NVIDIA driver"));
    }

    @Test
    void aDriverThatCannotBeReachedGivesItsFirstLineAsTheProblem() {
        GpuProbe.Result result = GpuProbe.probe(SMI, answers(new GpuProbe.CommandOutput(9,
                "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n")));
        assertFalse(result.found());
        assertTrue(result.problem().startsWith("nvidia-smi failed (exit 9): NVIDIA-SMI has failed"), result.problem());
    }

    @Test
    void noDevicesFoundIsNoGpu() {
        assertFalse(GpuProbe.probe(SMI, answers(new GpuProbe.CommandOutput(6, "No devices were found\n"))).found());
        assertFalse(GpuProbe.probe(SMI, answers(new GpuProbe.CommandOutput(0, "No devices were found\n"))).found());
    }

    @Test
    void aHangingDriverIsGivenUpOn() {
        GpuProbe.Result result = GpuProbe.probe(SMI, command -> Optional.empty());
        assertTrue(result.problem().contains("did not answer"), result.problem());
    }

    @Test
    void aDriverOlderThanComputeCapQueriesIsAskedAgainWithoutIt() {
        GpuProbe.Result result = GpuProbe.probe(SMI, answers(
                new GpuProbe.CommandOutput(2, "Field \"compute_cap\" is not a valid field to query.\n"),
                new GpuProbe.CommandOutput(0, "Tesla K80, 11441\n")));
        GpuDevice gpu = result.devices().get(0);
        assertEquals("Tesla K80", gpu.name());
        assertTrue(gpu.capability().isEmpty());
        assertEquals(11441, gpu.memoryMiB());
    }

    @Test
    void aRealProcessIsRunWithTheQueryAndItsOutputRead(@TempDir Path folder) throws Exception {
        Path fake = folder.resolve("nvidia-smi");
        Path arguments = folder.resolve("arguments");
        // keeps its arguments, and prints a warning line with commas that is not a GPU
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" > '" + arguments + "'\n"
                + "echo 'WARNING: infoROM is corrupted at gpu 0000:00:04.0, see, docs' >&2\n"
                + "echo 'NVIDIA H100 80GB HBM3, 9.0, 81559'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        GpuProbe.Result result = GpuProbe.probe(Optional.of(fake), GpuProbe::execute);
        assertEquals("--query-gpu=name,compute_cap,memory.total --format=csv,noheader,nounits", Files.readString(arguments).strip());
        assertEquals(1, result.devices().size(), result.toString());
        assertEquals("9.0", result.devices().get(0).capability().orElseThrow().toString());
    }
}
