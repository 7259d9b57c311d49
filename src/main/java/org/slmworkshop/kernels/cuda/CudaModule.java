package org.slmworkshop.kernels.cuda;

import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.nvrtc.NVRTC_SUCCESS;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCompileProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCreateProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcDestroyProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBIN;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBINSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetErrorString;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetNumSupportedArchs;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTX;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTXSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLog;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLogSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetSupportedArchs;
import static org.bytedeco.cuda.global.nvrtc.nvrtcVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.slmworkshop.kernels.BackendUnavailableException;

/**
 * The backend's own kernels: the CUDA C files in {@code /cuda/} on the classpath (the project's resources/cuda),
 * compiled by NVRTC for the GPU that is present and cached on disk, keyed by the sources, the NVRTC version and
 * the architecture, so only the first start on a machine pays the compile. Machine code (cubin) when NVRTC knows
 * the GPU's architecture, else PTX for the newest one it knows, which the driver compiles on loading.
 */
final class CudaModule {
    static final List<String> SOURCES = List.of("elementwise.cu", "embedding.cu", "norms.cu", "attention.cu", "loss.cu", "adamw.cu");
    static final List<String> HEADERS = List.of("common.cuh");

    private final Map<String, CUfunc_st> functions = new HashMap<>();
    private final String target;
    private final boolean fromCache;

    private CudaModule(String target, boolean fromCache) {
        this.target = target;
        this.fromCache = fromCache;
    }

    /** Compiles (or reads from the cache) every source and loads it on the current context. */
    static CudaModule load(int major, int minor) {
        try {
            Loader.load(org.bytedeco.cuda.global.nvrtc.class);
        } catch (Throwable e) {
            throw new BackendUnavailableException("NVRTC could not be loaded (" + CudaRuntime.oneLine(e) + ")");
        }
        int[] versionMajor = new int[1], versionMinor = new int[1];
        nvrtc(nvrtcVersion(versionMajor, versionMinor), "nvrtcVersion");
        int[] count = new int[1];
        nvrtc(nvrtcGetNumSupportedArchs(count), "nvrtcGetNumSupportedArchs");
        int[] archs = new int[count[0]];
        nvrtc(nvrtcGetSupportedArchs(archs), "nvrtcGetSupportedArchs");
        int wanted = major * 10 + minor;
        boolean known = false;
        int newest = 0;
        for (int arch : archs) {
            known |= arch == wanted;
            if (arch <= wanted) newest = Math.max(newest, arch);
        }
        if (!known && newest == 0) {
            throw new BackendUnavailableException("NVRTC " + versionMajor[0] + "." + versionMinor[0]
                    + " cannot compile for compute capability " + major + "." + minor);
        }
        String target = known ? "sm_" + wanted : "compute_" + newest;
        Map<String, String> headers = new HashMap<>();
        for (String header : HEADERS) headers.put(header, read(header));
        String nvrtcVersion = versionMajor[0] + "." + versionMinor[0];
        boolean allCached = true;
        Map<String, byte[]> images = new HashMap<>();
        for (String source : SOURCES) {
            String text = read(source);
            Path cached = cacheFile(source, text, headers, nvrtcVersion, target);
            byte[] image = readCache(cached);
            if (image == null) {
                allCached = false;
                image = compile(source, text, headers, target);
                writeCache(cached, image);
            }
            images.put(source, image);
        }
        CudaModule module = new CudaModule(target, allCached);
        for (String source : SOURCES) module.loadImage(source, images.get(source), known);
        return module;
    }

    /** The kernel called {@code name}. */
    CUfunc_st function(String name) {
        CUfunc_st f = functions.get(name);
        if (f == null) throw new IllegalStateException("no CUDA kernel named " + name);
        return f;
    }

    /** "sm_90" (machine code) or "compute_90" (PTX). */
    String target() {
        return target;
    }

    boolean fromCache() {
        return fromCache;
    }

    private void loadImage(String source, byte[] image, boolean cubin) {
        BytePointer data = new BytePointer(cubin ? image.length : image.length + 1);
        data.put(image);
        if (!cubin) data.put(image.length, (byte) 0);       // PTX is a NUL-terminated string
        CUmod_st module = new CUmod_st();
        int rc = cuModuleLoadData(module, data);
        if (rc != CUDA_SUCCESS) {
            throw new BackendUnavailableException("the GPU could not load the kernels of " + source + " ("
                    + target + "): CUresult " + rc);
        }
        for (String name : kernelNames(source)) {
            CUfunc_st f = new CUfunc_st();
            int found = cuModuleGetFunction(f, module, name);
            if (found != CUDA_SUCCESS) {
                throw new BackendUnavailableException("kernel " + name + " is missing from " + source + ": CUresult " + found);
            }
            functions.put(name, f);
        }
    }

    /** The extern "C" __global__ function names of a source file. */
    private static List<String> kernelNames(String source) {
        String text = read(source);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(").matcher(text);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) names.add(m.group(1));
        return names;
    }

    static byte[] compile(String name, String text, Map<String, String> headers, String target) {
        _nvrtcProgram program = new _nvrtcProgram();
        String[] headerNames = headers.keySet().toArray(String[]::new);
        String[] headerTexts = new String[headerNames.length];
        for (int i = 0; i < headerNames.length; i++) headerTexts[i] = headers.get(headerNames[i]);
        nvrtc(nvrtcCreateProgram(program, new BytePointer(text), new BytePointer(name), headerNames.length,
                new PointerPointer<>(headerTexts), new PointerPointer<>(headerNames)), "nvrtcCreateProgram(" + name + ")");
        try {
            String[] options = {"--gpu-architecture=" + target, "--std=c++17"};
            int rc = nvrtcCompileProgram(program, options.length, new PointerPointer<>(options));
            if (rc != NVRTC_SUCCESS) {
                throw new BackendUnavailableException("NVRTC could not compile " + name + " for " + target + ": "
                        + nvrtcGetErrorString(rc).getString() + firstLine(log(program)));
            }
            SizeTPointer size = new SizeTPointer(1);
            BytePointer image;
            if (target.startsWith("sm_")) {
                nvrtc(nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
                image = new BytePointer(size.get());
                nvrtc(nvrtcGetCUBIN(program, image), "nvrtcGetCUBIN");
            } else {
                nvrtc(nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize");
                image = new BytePointer(size.get());
                nvrtc(nvrtcGetPTX(program, image), "nvrtcGetPTX");
            }
            long length = size.get();
            if (!target.startsWith("sm_") && length > 0) length--;       // drop the PTX's trailing NUL
            byte[] bytes = new byte[Math.toIntExact(length)];
            image.get(bytes);
            return bytes;
        } finally {
            nvrtcDestroyProgram(program);
        }
    }

    private static String log(_nvrtcProgram program) {
        SizeTPointer size = new SizeTPointer(1);
        if (nvrtcGetProgramLogSize(program, size) != NVRTC_SUCCESS || size.get() <= 1) return "";
        BytePointer log = new BytePointer(size.get());
        nvrtcGetProgramLog(program, log);
        return log.getString().strip();
    }

    private static String firstLine(String log) {
        return log.isEmpty() ? "" : " (" + log.lines().filter(l -> l.contains("error")).findFirst().orElse(log.lines().findFirst().orElse("")) + ")";
    }

    static String read(String name) {
        try (InputStream in = CudaModule.class.getResourceAsStream("/cuda/" + name)) {
            if (in == null) throw new BackendUnavailableException("kernel source /cuda/" + name + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendUnavailableException("kernel source /cuda/" + name + " cannot be read: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the disk cache

    static Path cacheFolder() {
        String override = System.getProperty("slm.cuda.cache");
        if (override != null && !override.isBlank()) return Path.of(override);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("slm-workshop").resolve("cuda");
    }

    private static Path cacheFile(String source, String text, Map<String, String> headers, String nvrtc, String target) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            headers.keySet().stream().sorted().forEach(h -> {
                digest.update(h.getBytes(StandardCharsets.UTF_8));
                digest.update(headers.get(h).getBytes(StandardCharsets.UTF_8));
            });
            digest.update((nvrtc + "|" + target).getBytes(StandardCharsets.UTF_8));
            String key = HexFormat.of().formatHex(digest.digest()).substring(0, 24);
            String stem = source.replace(".cu", "");
            return cacheFolder().resolve(stem + "-" + target + "-" + key + (target.startsWith("sm_") ? ".cubin" : ".ptx"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readCache(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;                          // unreadable: compile again
        }
    }

    /** Atomically (a temporary file moved into place); a cache that cannot be written only costs a compile. */
    private static void writeCache(Path file, byte[] image) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.write(temporary, image);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // not cached
        }
    }

    private static void nvrtc(int rc, String what) {
        if (rc != NVRTC_SUCCESS) {
            throw new BackendUnavailableException(what + " failed: " + nvrtcGetErrorString(rc).getString());
        }
    }
}
