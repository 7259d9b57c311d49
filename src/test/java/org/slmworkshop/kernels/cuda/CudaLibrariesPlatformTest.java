package org.slmworkshop.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.kernels.cuda.CudaLibraries.Platform;

/**
 * The CUDA backend's library search on Linux and on Windows, checked here on fake folder trees: empty files named
 * as the DLLs that JavaCPP's Windows wrappers import (jnicublas.dll: cublas64_13.dll, cublasLt64_13.dll;
 * jninvrtc.dll: nvrtc64_130_0.dll; jnicudart.dll holds the runtime and opens nvcuda.dll) laid out as a CUDA 13
 * install (bin\x64), System32 and Python's cu13 wheels lay them out. No Windows machine ran this search.
 */
class CudaLibrariesPlatformTest {
    @TempDir
    Path root;

    private Path touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }

    @Test
    void theOsAndArchitectureDecideThePlatformOrAOneLineRefusal() {
        assertEquals(Platform.WINDOWS, Platform.forSystem("Windows 11", "amd64"));
        assertEquals(Platform.WINDOWS, Platform.forSystem("Windows Server 2022", "x86_64"));
        assertEquals(Platform.LINUX, Platform.forSystem("Linux", "amd64"));
        assertEquals(Platform.LINUX, Platform.forSystem("Linux", "x86_64"));
        assertEquals(Platform.MACOS, Platform.forSystem("Mac OS X", "aarch64").refusal());
        assertEquals(Platform.MACOS, Platform.forSystem("Mac OS X", "x86_64").refusal());
        assertEquals("the CUDA backend is built for Linux and Windows on x86-64, and this is Linux on aarch64",
                Platform.forSystem("Linux", "aarch64").refusal());
        assertEquals("the CUDA backend is built for Linux and Windows on x86-64, and this is Windows 11 on aarch64",
                Platform.forSystem("Windows 11", "aarch64").refusal());
        assertEquals("the CUDA backend is built for Linux and Windows on x86-64, and this is FreeBSD on amd64",
                Platform.forSystem("FreeBSD", "amd64").refusal());
        assertTrue(Platform.LINUX.supported() && Platform.WINDOWS.supported());
        Platform refused = Platform.forSystem("Linux", "aarch64");
        assertFalse(refused.supported());
        assertEquals(List.of(), refused.libraries(), "nothing is looked for where the backend cannot run");
        assertEquals(new CudaLibraries.Search(Map.of(), List.of()), CudaLibraries.search(refused, "/x", Map.of("SLM_CUDA_LIB", "/y")));
    }

    @Test
    void eachPlatformNamesItsDriverThenItsToolkitInLoadOrder() {
        assertEquals(List.of("libcuda.so.1", "libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13", "libnvrtc.so.13"),
                Platform.LINUX.libraries());
        assertEquals(List.of("nvcuda.dll", "cublasLt64_13.dll", "cublas64_13.dll", "nvrtc64_130_0.dll"), Platform.WINDOWS.libraries());
    }

    @Test
    void folderListsSplitAsThePlatformsPathDoes() {
        assertEquals(List.of(Path.of("/opt/a"), Path.of("/opt/b"), Path.of("/c")), Platform.LINUX.folders("/opt/a::/opt/b: /c "));
        assertEquals(List.of(Path.of("/opt/a;/opt/b")), Platform.LINUX.folders("/opt/a;/opt/b"));
        // a drive letter's colon is not a separator on Windows, and an entry may be quoted
        assertEquals(List.of("C:\\CUDA\\bin", "D:\\Program Files\\x", "E:\\y"),
                Platform.WINDOWS.folders("C:\\CUDA\\bin;;\"D:\\Program Files\\x\"; E:\\y ;").stream().map(Path::toString).toList());
        assertEquals(List.of(), Platform.WINDOWS.folders(null));
    }

    @Test
    void windowsFindsTheToolkitInCudaPathBinX64AndTheDriverInSystem32() throws IOException {
        Path cudart = touch("CUDA/v13.1/bin/x64/cublasLt64_13.dll").getParent();
        touch("CUDA/v13.1/bin/x64/cublas64_13.dll");
        touch("CUDA/v13.1/bin/x64/nvrtc64_130_0.dll");
        Path builtins = touch("CUDA/v13.1/bin/x64/nvrtc-builtins64_131.dll");
        touch("CUDA/v13.1/bin/cublas64_13.dll");                 // the CUDA 12 layout's folder comes after bin\x64
        touch("tools/cublas64_13.dll");                          // and PATH after the toolkit
        touch("tools/nvcuda.dll");                               // a stray driver on PATH loses to System32's
        Path driver = touch("Windows/System32/nvcuda.dll");
        Files.createDirectories(root.resolve("Programs/NVIDIA GPU Computing Toolkit/CUDA/v13.2"));
        Files.createDirectories(root.resolve("Programs/NVIDIA GPU Computing Toolkit/CUDA/v13.10"));   // newer than 13.2
        Files.createDirectories(root.resolve("Programs/NVIDIA GPU Computing Toolkit/CUDA/v12.9"));
        Map<String, String> env = new HashMap<>();
        env.put("CUDA_PATH", root.resolve("CUDA/v13.1").toString());
        env.put("CUDA_PATH_V13_1", root.resolve("CUDA/v13.1").toString());
        env.put("CUDA_PATH_V13_0", root.resolve("CUDA/v13.0").toString());
        env.put("Path", root.resolve("tools") + ";" + root.resolve("other"));   // Windows spells it Path
        env.put("SystemRoot", root.resolve("Windows").toString());
        env.put("ProgramFiles", root.resolve("Programs").toString());
        env.put("LD_LIBRARY_PATH", root.resolve("ignored").toString());

        CudaLibraries.Search search = CudaLibraries.search(Platform.WINDOWS, null, env);

        Map<String, Path> expected = new LinkedHashMap<>();
        expected.put("nvcuda.dll", driver);
        expected.put("cublasLt64_13.dll", cudart.resolve("cublasLt64_13.dll"));
        expected.put("cublas64_13.dll", cudart.resolve("cublas64_13.dll"));
        expected.put("nvrtc64_130_0.dll", cudart.resolve("nvrtc64_130_0.dll"));
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(search.found().entrySet()));
        Path installs = root.resolve("Programs/NVIDIA GPU Computing Toolkit/CUDA");
        assertEquals(List.of(root.resolve("CUDA/v13.1/bin/x64"), root.resolve("CUDA/v13.1/bin"),
                root.resolve("CUDA/v13.0/bin/x64"), root.resolve("CUDA/v13.0/bin"),
                root.resolve("Windows/System32"), root.resolve("tools"), root.resolve("other"),
                installs.resolve("v13.10/bin/x64"), installs.resolve("v13.10/bin"),
                installs.resolve("v13.2/bin/x64"), installs.resolve("v13.2/bin")).stream().map(Path::toString).toList(),
                search.folders());
        assertEquals(Optional.empty(), CudaRuntime.missing(Platform.WINDOWS, search));
        assertEquals(Optional.of(builtins), CudaLibraries.builtins(Platform.WINDOWS, cudart));
        assertEquals(Optional.empty(), CudaLibraries.builtins(Platform.LINUX, cudart));
    }

    @Test
    void withoutTheToolkitWindowsNamesTheMissingDlls() throws IOException {
        touch("Windows/System32/nvcuda.dll");
        touch("CUDA/v13.1/bin/x64/nvrtc64_130_0.dll");
        touch("Local/Programs/Python/Python313/Lib/site-packages/torch/lib/unrelated.dll");   // a wheel folder: Python is not asked
        Map<String, String> env = Map.of("CUDA_PATH", root.resolve("CUDA/v13.1").toString(),
                "SystemRoot", root.resolve("Windows").toString(), "LOCALAPPDATA", root.resolve("Local").toString(),
                "ProgramFiles", root.resolve("none").toString());

        CudaLibraries.Search search = CudaLibraries.search(Platform.WINDOWS, null, env);

        assertEquals(List.of("cublasLt64_13.dll", "cublas64_13.dll"), search.missing(Platform.WINDOWS.toolkit()));
        assertEquals(Optional.of("CUDA 13 toolkit libraries missing: cublasLt64_13.dll, cublas64_13.dll (looked in "
                        + search.folders().size() + " folders, which slm info lists); install the CUDA 13 toolkit (or PyTorch's"
                        + " CUDA 13 wheels), or set SLM_CUDA_LIB to the folder that holds them"),
                CudaRuntime.missing(Platform.WINDOWS, search));
        assertEquals(root.resolve("Local/Programs/Python/Python313/Lib/site-packages/torch/lib").toString(),
                search.folders().get(search.folders().size() - 1), "the wheels are searched last");
        assertEquals(Optional.of("no NVIDIA driver: nvcuda.dll was not found (looked in 0 folders, which slm info lists)"),
                CudaRuntime.missing(Platform.WINDOWS, new CudaLibraries.Search(Map.of(), List.of())));
    }

    @Test
    void pythonsCu13WheelsOnWindowsKeepTheirDllsInBinX86_64() throws IOException {
        Path site = root.resolve("Local/Programs/Python/Python313/Lib/site-packages");
        Path cu13 = touch("Local/Programs/Python/Python313/Lib/site-packages/nvidia/cu13/bin/x86_64/cublas64_13.dll").getParent();
        touch("Local/Programs/Python/Python313/Lib/site-packages/nvidia/cu13/bin/x86_64/cublasLt64_13.dll");
        Path nvrtc = touch("Local/Programs/Python/Python313/Lib/site-packages/nvidia/cuda_nvrtc/bin/nvrtc64_130_0.dll").getParent();
        Files.createDirectories(site.resolve("nvidia/cu13/lib"));              // not a DLL folder
        Path torch = Files.createDirectories(site.resolve("torch/lib"));
        Path driver = touch("Windows/System32/nvcuda.dll");
        Map<String, String> env = Map.of("SystemRoot", root.resolve("Windows").toString(),
                "LOCALAPPDATA", root.resolve("Local").toString(), "ProgramFiles", root.resolve("none").toString());

        CudaLibraries.Search search = CudaLibraries.search(Platform.WINDOWS, null, env);

        assertEquals(Map.of("nvcuda.dll", driver, "cublasLt64_13.dll", cu13.resolve("cublasLt64_13.dll"),
                "cublas64_13.dll", cu13.resolve("cublas64_13.dll"), "nvrtc64_130_0.dll", nvrtc.resolve("nvrtc64_130_0.dll")),
                search.found());
        assertEquals(List.of(site.resolve("nvidia/cu13/bin"), cu13, nvrtc, torch).stream().map(Path::toString).toList(),
                search.folders().subList(search.folders().size() - 4, search.folders().size()));
    }

    @Test
    void linuxStillFindsTheSonamesInTheOverrideFolderFirst() throws IOException {
        Map<String, Path> expected = new LinkedHashMap<>();
        for (String name : Platform.LINUX.libraries()) expected.put(name, touch("fake/" + name));
        Path builtins = touch("fake/libnvrtc-builtins.so.13.1");
        touch("home/lib64/libcublas.so.13");                       // CUDA_HOME comes after SLM_CUDA_LIB
        touch("fake/cublas64_13.dll");                             // Windows names mean nothing here
        Map<String, String> env = Map.of("SLM_CUDA_LIB", root.resolve("fake") + ":" + root.resolve("more"),
                "CUDA_HOME", root.resolve("home").toString(), "LD_LIBRARY_PATH", "/ld/one:/ld/two");

        CudaLibraries.Search search = CudaLibraries.search(Platform.LINUX, root.resolve("property").toString(), env);

        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(search.found().entrySet()));
        assertEquals(List.of(root.resolve("property"), root.resolve("fake"), root.resolve("more"), root.resolve("home/lib64"),
                root.resolve("home/targets/x86_64-linux/lib"), root.resolve("home/lib"), Path.of("/ld/one"), Path.of("/ld/two"),
                Path.of("/usr/local/cuda/lib64")).stream().map(Path::toString).toList(), search.folders().subList(0, 9));
        assertEquals(23 + 8, search.folders().size(), "the fixed Linux folders follow, and nothing more is asked");
        assertEquals("/usr/lib/wsl/lib", search.folders().get(search.folders().size() - 1));
        assertEquals(Optional.empty(), CudaRuntime.missing(Platform.LINUX, search));
        assertEquals(Optional.of(builtins), CudaLibraries.builtins(Platform.LINUX, root.resolve("fake")));
    }
}
