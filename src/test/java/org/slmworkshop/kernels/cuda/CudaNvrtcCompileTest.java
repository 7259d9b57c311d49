package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kernel source compiles through NVRTC itself, the compiler the backend uses at run time (which, unlike
 * nvcc, includes no standard header), to machine code for sm_90 and to PTX that defines every kernel the backend
 * looks up. Runs wherever libnvrtc.so.13 is found (a CUDA 13 toolkit, PyTorch's nvidia-cuda-nvrtc wheel, or a
 * folder named by SLM_CUDA_LIB); NVRTC needs no GPU.
 */
class CudaNvrtcCompileTest {
    private static String unavailable;

    @BeforeAll
    static void loadNvrtc() {
        Path nvrtc = CudaLibraries.search().found().get("libnvrtc.so.13");
        if (nvrtc == null) {
            unavailable = "NVRTC not found: libnvrtc.so.13 is in none of the folders searched (set SLM_CUDA_LIB)";
            return;
        }
        try {
            CudaLibraries.load(new CudaLibraries.Search(Map.of("libnvrtc.so.13", nvrtc), java.util.List.of()));
            Loader.load(org.bytedeco.cuda.global.nvrtc.class);
        } catch (Throwable e) {     // JavaCPP's NVRTC wrapper also links the driver library
            unavailable = "NVRTC's JNI wrapper cannot load here: " + CudaRuntime.oneLine(e);
        }
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>();
        for (String header : CudaModule.HEADERS) headers.put(header, CudaModule.read(header));
        return headers;
    }

    @Test
    void everySourceCompilesToMachineCodeForHopper() {
        assumeTrue(unavailable == null, unavailable);
        for (String source : CudaModule.SOURCES) {
            byte[] cubin = CudaModule.compile(source, CudaModule.read(source), headers(), "sm_90");
            assertTrue(cubin.length > 1000, source + " gave a cubin of " + cubin.length + " bytes");
            assertTrue(cubin[0] == 0x7f && cubin[1] == 'E' && cubin[2] == 'L' && cubin[3] == 'F', source + " is not an ELF cubin");
        }
    }

    @Test
    void ptxDefinesEveryKernelTheBackendLaunches() {
        assumeTrue(unavailable == null, unavailable);
        StringBuilder all = new StringBuilder();
        for (String source : CudaModule.SOURCES) {
            all.append(new String(CudaModule.compile(source, CudaModule.read(source), headers(), "compute_75"),
                    StandardCharsets.UTF_8));
        }
        String ptx = all.toString();
        Matcher launched = Pattern.compile("(?:run|each)\\(\"(\\w+)\"").matcher(readBackendSource());
        int count = 0;
        while (launched.find()) {
            count++;
            assertTrue(ptx.contains(".entry " + launched.group(1)), "no kernel " + launched.group(1) + " in the PTX");
        }
        assertTrue(count >= 20, "found only " + count + " launches in CudaKernels.java");
    }

    private static String readBackendSource() {
        try {
            return java.nio.file.Files.readString(Path.of("src/main/java/org/slmworkshop/kernels/cuda/CudaKernels.java"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
