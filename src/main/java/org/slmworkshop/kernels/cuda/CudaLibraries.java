package org.slmworkshop.kernels.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the NVIDIA libraries the CUDA backend links against and loads them by absolute path, so that JavaCPP's
 * JNI wrappers bind to them whatever LD_LIBRARY_PATH or PATH says. The wrappers (org.bytedeco:cuda) carry no CUDA
 * code: the driver (libcuda.so.1, nvcuda.dll) and the CUDA 13 toolkit's cuBLAS and NVRTC (and on Linux its
 * runtime) come from the machine, from a toolkit install, or from PyTorch's {@code nvidia} wheels.
 */
final class CudaLibraries {
    /** Where the learner can point at a toolkit the search does not find (folders separated as in PATH). */
    static final String OVERRIDE = "SLM_CUDA_LIB";
    /** The same, as a system property (-Dslm.cuda.lib=…). */
    static final String OVERRIDE_PROPERTY = "slm.cuda.lib";

    private CudaLibraries() {}

    /**
     * What the backend looks for on one operating system. On Windows, JavaCPP's jnicudart.dll holds the CUDA
     * runtime itself (it imports only KERNEL32 and opens nvcuda.dll when first called), so no cudart DLL is needed.
     *
     * @param os        "Linux" or "Windows" (the operating system as the messages name it)
     * @param driver    the driver library ("" where the backend cannot run)
     * @param toolkit   the toolkit libraries in load order (cuBLAS needs cuBLASLt)
     * @param nvrtc     which of {@code toolkit} is NVRTC, whose builtins are loaded beside it
     * @param builtins  the file-name glob of NVRTC's builtins library (optional here)
     * @param separator what separates folders in PATH-like lists
     * @param refusal   why the backend cannot run on this system, one line ("" where it can)
     */
    record Platform(String os, String driver, List<String> toolkit, String nvrtc, String builtins, String separator,
                    String refusal) {
        static final Platform LINUX = new Platform("Linux", "libcuda.so.1",
                List.of("libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13", "libnvrtc.so.13"), "libnvrtc.so.13",
                "libnvrtc-builtins.so.13*", ":", "");
        static final Platform WINDOWS = new Platform("Windows", "nvcuda.dll",
                List.of("cublasLt64_13.dll", "cublas64_13.dll", "nvrtc64_130_0.dll"), "nvrtc64_130_0.dll",
                "nvrtc-builtins64_13*.dll", ";", "");
        static final String MACOS = "macOS has no CUDA (NVIDIA's GPUs and drivers are not supported there)";

        Platform {
            toolkit = List.copyOf(toolkit);
        }

        /** The platform the backend would run on, from os.name and os.arch ("Windows 11", "amd64"). */
        static Platform forSystem(String osName, String osArch) {
            String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
            String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
            if (os.startsWith("mac")) return refused(MACOS);
            boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
            if (x64 && os.contains("linux")) return LINUX;
            if (x64 && os.startsWith("windows")) return WINDOWS;
            return refused("the CUDA backend is built for Linux and Windows on x86-64, and this is " + osName + " on " + osArch);
        }

        static Platform current() {
            return forSystem(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        }

        private static Platform refused(String refusal) {
            return new Platform("", "", List.of(), "", "", ":", refusal);
        }

        boolean supported() {
            return refusal.isEmpty();
        }

        boolean windows() {
            return this.equals(WINDOWS);
        }

        /** The driver, then the toolkit: every library looked for, in load order (none where the backend cannot run). */
        List<String> libraries() {
            List<String> all = new ArrayList<>();
            if (!driver.isEmpty()) all.add(driver);
            all.addAll(toolkit);
            return List.copyOf(all);
        }

        /** The folders of a PATH-like list, in order, blanks dropped (Windows lists may quote an entry). */
        List<Path> folders(String list) {
            List<Path> out = new ArrayList<>();
            if (list == null) return out;
            for (String part : list.split(Pattern.quote(separator))) {
                String folder = part.strip();
                if (windows() && folder.length() >= 2 && folder.startsWith("\"") && folder.endsWith("\"")) {
                    folder = folder.substring(1, folder.length() - 1).strip();
                }
                if (folder.isEmpty()) continue;
                try {
                    out.add(Path.of(folder));
                } catch (InvalidPathException e) {
                    // a malformed entry names no folder
                }
            }
            return out;
        }
    }

    /** The result of a search: each library found and every folder looked in. */
    record Search(Map<String, Path> found, List<String> folders) {
        List<String> missing(List<String> names) {
            return names.stream().filter(n -> !found.containsKey(n)).toList();
        }

        Map<String, String> asText() {
            Map<String, String> text = new LinkedHashMap<>();
            found.forEach((name, path) -> text.put(name, path.toString()));
            return text;
        }
    }

    /** This machine's libraries, from -Dslm.cuda.lib and the process's environment. */
    static Search search() {
        return search(Platform.current(), System.getProperty(OVERRIDE_PROPERTY), System.getenv());
    }

    /**
     * Looks for {@code platform}'s libraries: first in the folders named by {@code property} (-Dslm.cuda.lib), the
     * environment and the usual install places, then, for what is still missing, in the dynamic linker's cache
     * (Linux) and in Python's CUDA wheels.
     */
    static Search search(Platform platform, String property, Map<String, String> environment) {
        if (!platform.supported()) return new Search(Map.of(), List.of());
        Map<String, String> env = environment;
        if (platform.windows()) {                            // Windows' variable names ignore case (Path, PATH)
            env = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            env.putAll(environment);
        }
        Set<Path> folders = platform.windows() ? windowsFolders(platform, property, env) : linuxFolders(platform, property, env);
        Map<String, Path> found = new LinkedHashMap<>();
        List<String> all = platform.libraries();
        look(folders, all, found);
        if (!platform.windows() && !found.keySet().containsAll(all)) {    // the dynamic linker's cache (ldconfig -p)
            Set<Path> cached = new LinkedHashSet<>(ldconfigFolders(all));
            cached.removeAll(folders);
            folders.addAll(cached);
            look(cached, all, found);
        }
        if (!found.keySet().containsAll(all)) {              // PyTorch's CUDA wheels ship the toolkit libraries
            Set<Path> wheels = new LinkedHashSet<>(platform.windows() ? PythonWheels.windows(env) : PythonWheels.linux());
            wheels.removeAll(folders);
            folders.addAll(wheels);
            look(wheels, all, found);
        }
        List<String> names = folders.stream().map(Path::toString).toList();
        return new Search(found, names);
    }

    private static Set<Path> linuxFolders(Platform platform, String property, Map<String, String> env) {
        Set<Path> folders = new LinkedHashSet<>();
        folders.addAll(platform.folders(property));
        folders.addAll(platform.folders(env.get(OVERRIDE)));
        for (String home : new String[] {env.get("CUDA_HOME"), env.get("CUDA_PATH")}) {
            if (home != null && !home.isBlank()) {
                folders.add(Path.of(home, "lib64"));
                folders.add(Path.of(home, "targets", "x86_64-linux", "lib"));
                folders.add(Path.of(home, "lib"));
            }
        }
        folders.addAll(platform.folders(env.get("LD_LIBRARY_PATH")));
        for (String root : new String[] {"/usr/local/cuda", "/usr/local/cuda-13", "/usr/local/cuda-13.0", "/usr/local/cuda-13.1",
                "/usr/local/cuda-13.2", "/opt/cuda"}) {
            folders.add(Path.of(root, "lib64"));
            folders.add(Path.of(root, "targets", "x86_64-linux", "lib"));
            folders.add(Path.of(root, "lib"));
        }
        for (String system : new String[] {"/usr/local/nvidia/lib64", "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
                "/usr/lib64", "/usr/lib/wsl/lib"}) {
            folders.add(Path.of(system));
        }
        return folders;
    }

    /** CUDA_PATH_V13_0, CUDA_PATH_V13_1, …: the toolkit installer sets one per version. */
    private static final Pattern VERSIONED_HOME = Pattern.compile("CUDA_PATH_V13_(\\d+)", Pattern.CASE_INSENSITIVE);

    private static Set<Path> windowsFolders(Platform platform, String property, Map<String, String> env) {
        Set<Path> folders = new LinkedHashSet<>();
        folders.addAll(platform.folders(property));
        folders.addAll(platform.folders(env.get(OVERRIDE)));
        List<String> homes = new ArrayList<>();
        homes.add(env.get("CUDA_PATH"));
        homes.add(env.get("CUDA_HOME"));
        env.keySet().stream().map(VERSIONED_HOME::matcher).filter(Matcher::matches)       // newest 13.x first
                .sorted(Comparator.comparingInt((Matcher m) -> Integer.parseInt(m.group(1))).reversed())
                .forEach(m -> homes.add(env.get(m.group())));
        for (String home : homes) addToolkit(folders, home);
        folders.add(Path.of(env.getOrDefault("SystemRoot", "C:\\Windows"), "System32"));   // the driver, before PATH as for Windows' loader
        folders.addAll(platform.folders(env.get("PATH")));
        Path installs = Path.of(env.getOrDefault("ProgramFiles", "C:\\Program Files"), "NVIDIA GPU Computing Toolkit", "CUDA");
        try (Stream<Path> installed = Files.list(installs)) {                // v13.0, v13.1, … v13.10: newest first
            installed.filter(p -> INSTALLED_13.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(CudaLibraries::minorVersion).reversed())
                    .map(Path::toString).forEach(home -> addToolkit(folders, home));
        } catch (IOException | RuntimeException e) {
            // no toolkit installed in the default place
        }
        return folders;
    }

    /** A CUDA 13 toolkit's install folder in Program Files: v13.0, v13.1, … */
    private static final Pattern INSTALLED_13 = Pattern.compile("v13\\.(\\d+)");

    private static int minorVersion(Path install) {
        Matcher m = INSTALLED_13.matcher(install.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** A Windows toolkit's DLL folders: bin\x64 since CUDA 13, bin before. */
    private static void addToolkit(Set<Path> folders, String home) {
        if (home == null || home.isBlank()) return;
        try {
            folders.add(Path.of(home.strip(), "bin", "x64"));
            folders.add(Path.of(home.strip(), "bin"));
        } catch (InvalidPathException e) {
            // a malformed variable names no folder
        }
    }

    private static void look(Set<Path> folders, List<String> names, Map<String, Path> found) {
        for (String name : names) {
            if (found.containsKey(name)) continue;
            for (Path folder : folders) {
                Path candidate = folder.resolve(name);
                if (Files.isReadable(candidate)) {
                    found.put(name, candidate);
                    break;
                }
            }
        }
    }

    /** Folders that the dynamic linker's cache lists for any of {@code names}. */
    private static List<Path> ldconfigFolders(List<String> names) {
        for (String ldconfig : new String[] {"/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"}) {
            try {
                Process process = new ProcessBuilder(ldconfig, "-p").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String text = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) continue;
                List<Path> out = new ArrayList<>();
                for (String line : text.lines().toList()) {      // "\tlibcudart.so.13 (libc6,x86-64) => /usr/lib/…/libcudart.so.13"
                    String name = line.strip().split(" ")[0];
                    int arrow = line.indexOf("=> ");
                    if (names.contains(name) && arrow > 0 && line.contains("x86-64")) {
                        Path parent = Path.of(line.substring(arrow + 3).strip()).getParent();
                        if (parent != null) out.add(parent);
                    }
                }
                return out;
            } catch (IOException | RuntimeException e) {
                // try the next place ldconfig may live
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /**
     * Loads every library found, driver first, then NVRTC's builtins beside NVRTC (which it opens by name at
     * compile time). Once loaded, the JNI wrappers' dependencies resolve to these files: on Linux by soname, on
     * Windows because a DLL already loaded satisfies any later import of its name.
     */
    static void load(Search search) {
        load(Platform.current(), search);
    }

    static void load(Platform platform, Search search) {
        for (String name : platform.libraries()) {
            Path path = search.found().get(name);
            if (path == null) continue;
            if (name.equals(platform.nvrtc())) builtins(platform, path.getParent()).ifPresent(CudaLibraries::loadQuietly);
            System.load(path.toAbsolutePath().toString());
        }
    }

    /** NVRTC's builtins library in {@code folder} (libnvrtc-builtins.so.13.1, nvrtc-builtins64_131.dll), if there. */
    static Optional<Path> builtins(Platform platform, Path folder) {
        if (folder == null || platform.builtins().isEmpty()) return Optional.empty();
        try (DirectoryStream<Path> builtins = Files.newDirectoryStream(folder, platform.builtins())) {
            for (Path builtin : builtins) return Optional.of(builtin);
        } catch (IOException | RuntimeException e) {
            // an unreadable folder holds nothing
        }
        return Optional.empty();
    }

    private static void loadQuietly(Path builtin) {
        try {
            System.load(builtin.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
            // NVRTC then looks for it itself and reports a clear compile error if it is absent
        }
    }
}
