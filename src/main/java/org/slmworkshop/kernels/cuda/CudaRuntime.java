package org.slmworkshop.kernels.cuda;

import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaErrorInsufficientDriver;
import static org.bytedeco.cuda.global.cudart.cudaErrorNoDevice;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Looks for a GPU the CUDA backend can run on, once per JVM, and explains in one line what stands in the way:
 * no driver, a driver older than CUDA 13, toolkit libraries missing (named, with the folders searched), no GPU,
 * or a GPU older than CUDA 13 supports. Never throws and never prints a stack trace.
 */
public final class CudaRuntime {
    /** The oldest driver the CUDA 13 runtime runs on, as cudaDriverGetVersion reports it. */
    static final int MIN_DRIVER = 13000;
    /** CUDA 13 builds for Turing (7.5) and newer. */
    static final int MIN_MAJOR = 7, MIN_MINOR = 5;
    /** The GPU the backend uses (SLM_CUDA_DEVICE, default 0). */
    static final int DEVICE = deviceIndex();

    private static CudaStatus status;

    private CudaRuntime() {}

    /** What this machine offers; probed on the first call, remembered after. */
    public static synchronized CudaStatus status() {
        if (status == null) status = probe();
        return status;
    }

    private static int deviceIndex() {
        String text = System.getenv("SLM_CUDA_DEVICE");
        try {
            return text == null || text.isBlank() ? 0 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The libraries the backend looks for on this system, driver first, in load order (none where it cannot run). */
    public static List<String> libraryNames() {
        return CudaLibraries.Platform.current().libraries();
    }

    private static CudaStatus probe() {
        CudaLibraries.Platform platform = CudaLibraries.Platform.current();
        if (!platform.supported()) return CudaStatus.unusable(platform.refusal(), 0, 0, java.util.Map.of(), List.of());
        CudaLibraries.Search search = CudaLibraries.search();
        List<String> folders = search.folders();
        String where = where(search);
        Optional<String> missing = missing(platform, search);
        if (missing.isPresent()) return CudaStatus.unusable(missing.get(), 0, 0, search.asText(), folders);
        try {
            CudaLibraries.load(platform, search);
            Loader.load(org.bytedeco.cuda.global.cudart.class);
        } catch (Throwable e) {       // UnsatisfiedLinkError and friends: a wrong or broken library file
            return CudaStatus.unusable("the CUDA libraries found could not be loaded (" + oneLine(e) + ")" + where,
                    0, 0, search.asText(), folders);
        }
        int[] value = new int[1];
        int driver = cudaDriverGetVersion(value) == 0 ? value[0] : 0;
        int runtime = cudaRuntimeGetVersion(value) == 0 ? value[0] : 0;
        if (driver == 0) {
            return CudaStatus.unusable("no working NVIDIA driver: " + search.found().get(platform.driver())
                    + " reports no CUDA version (" + (platform.windows() ? "a stub library, or the driver is not running"
                    : "a stub library, or the kernel module is not loaded") + ")", 0, runtime,
                    search.asText(), folders);
        }
        if (driver < MIN_DRIVER) {
            return CudaStatus.unusable("the NVIDIA driver is too old: it supports CUDA " + CudaStatus.version(driver)
                    + ", and this backend needs CUDA " + CudaStatus.version(MIN_DRIVER)
                    + " or newer (driver 580 or later); update the driver", driver, runtime, search.asText(), folders);
        }
        int rc = cudaGetDeviceCount(value);
        if (rc == cudaErrorNoDevice || (rc == 0 && value[0] == 0)) {
            return CudaStatus.unusable("the NVIDIA driver is installed but reports no GPU", driver, runtime,
                    search.asText(), folders);
        }
        if (rc == cudaErrorInsufficientDriver) {
            return CudaStatus.unusable("the NVIDIA driver (CUDA " + CudaStatus.version(driver)
                    + ") is older than the CUDA runtime found (" + CudaStatus.version(runtime) + "); update the driver",
                    driver, runtime, search.asText(), folders);
        }
        if (rc != 0) {
            return CudaStatus.unusable("the GPU cannot be reached: " + error(rc), driver, runtime, search.asText(), folders);
        }
        if (DEVICE >= value[0]) {
            return CudaStatus.unusable("SLM_CUDA_DEVICE=" + DEVICE + " but there are " + value[0] + " GPUs", driver,
                    runtime, search.asText(), folders);
        }
        cudaDeviceProp properties = new cudaDeviceProp();
        rc = cudaGetDeviceProperties(properties, DEVICE);
        if (rc != 0) {
            return CudaStatus.unusable("the GPU's properties cannot be read: " + error(rc), driver, runtime,
                    search.asText(), folders);
        }
        String name = properties.name().getString().strip();
        int major = properties.major(), minor = properties.minor();
        long total = properties.totalGlobalMem();
        long free = 0;
        if (cudaSetDevice(DEVICE) == 0) {
            SizeTPointer freeBytes = new SizeTPointer(1), totalBytes = new SizeTPointer(1);
            if (cudaMemGetInfo(freeBytes, totalBytes) == 0) free = freeBytes.get();
        }
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            return new CudaStatus(false, name + " has compute capability " + major + "." + minor
                    + ", and CUDA 13 supports " + MIN_MAJOR + "." + MIN_MINOR + " (Turing) and newer: an unsupported GPU",
                    name, major, minor, total, free, driver, runtime, search.asText(), folders);
        }
        return new CudaStatus(true, "", name, major, minor, total, free, driver, runtime, search.asText(), folders);
    }

    /** " (looked in 23 folders, which slm info lists)": one line, not 23 paths. */
    private static String where(CudaLibraries.Search search) {
        return " (looked in " + search.folders().size() + " folders, which slm info lists)";
    }

    /** What the search did not find, in one line: the driver, else the toolkit libraries, named as on this platform. */
    static Optional<String> missing(CudaLibraries.Platform platform, CudaLibraries.Search search) {
        if (!search.found().containsKey(platform.driver())) {
            return Optional.of("no NVIDIA driver: " + platform.driver() + " was not found" + where(search));
        }
        List<String> missing = search.missing(platform.toolkit());
        if (missing.isEmpty()) return Optional.empty();
        return Optional.of("CUDA 13 toolkit libraries missing: " + String.join(", ", missing) + where(search)
                + "; install the CUDA 13 toolkit (or PyTorch's CUDA 13 wheels), or set " + CudaLibraries.OVERRIDE
                + " to the folder that holds them");
    }

    static String error(int code) {
        String text;
        try {
            text = cudaGetErrorString(code).getString();
        } catch (Throwable e) {
            text = "error " + code;
        }
        return text + " (cudaError " + code + ")";
    }

    static String oneLine(Throwable e) {
        return java.util.stream.Stream.iterate(e, t -> t != null, Throwable::getCause)
                .map(t -> t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage().replace('\n', ' ')))
                .collect(Collectors.joining(" <- "));
    }
}
