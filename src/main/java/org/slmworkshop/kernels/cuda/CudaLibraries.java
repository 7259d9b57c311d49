package org.slmworkshop.kernels.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the NVIDIA libraries the CUDA backend links against and loads them by absolute path, so that JavaCPP's
 * JNI wrappers bind to them whatever LD_LIBRARY_PATH says. The wrappers (org.bytedeco:cuda) carry no CUDA code:
 * the driver's libcuda.so.1 and the CUDA 13 toolkit's runtime, cuBLAS and NVRTC come from the machine, from a
 * toolkit install, or from PyTorch's {@code nvidia} wheels.
 */
final class CudaLibraries {
    static final String DRIVER = "libcuda.so.1";
    /** The toolkit libraries in load order (cuBLAS needs cuBLASLt; the NVRTC builtins are optional here). */
    static final List<String> TOOLKIT = List.of("libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13", "libnvrtc.so.13");
    /** Where the learner can point at a toolkit the search does not find (folders separated by ':'). */
    static final String OVERRIDE = "SLM_CUDA_LIB";

    private CudaLibraries() {}

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

    static Search search() {
        Set<Path> folders = new LinkedHashSet<>();
        addAll(folders, System.getProperty("slm.cuda.lib"));
        addAll(folders, System.getenv(OVERRIDE));
        for (String home : new String[] {System.getenv("CUDA_HOME"), System.getenv("CUDA_PATH")}) {
            if (home != null && !home.isBlank()) {
                folders.add(Path.of(home, "lib64"));
                folders.add(Path.of(home, "targets", "x86_64-linux", "lib"));
                folders.add(Path.of(home, "lib"));
            }
        }
        addAll(folders, System.getenv("LD_LIBRARY_PATH"));
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
        Map<String, Path> found = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        all.add(DRIVER);
        all.addAll(TOOLKIT);
        look(folders, all, found);
        if (!found.keySet().containsAll(all)) {              // the dynamic linker's cache (ldconfig -p)
            Set<Path> cached = new LinkedHashSet<>(ldconfigFolders(all));
            cached.removeAll(folders);
            folders.addAll(cached);
            look(cached, all, found);
        }
        if (!found.keySet().containsAll(all)) {              // PyTorch's CUDA wheels ship the toolkit libraries
            Set<Path> wheels = new LinkedHashSet<>();
            for (Path site : pythonNvidiaFolders()) wheels.addAll(libFolders(site));
            wheels.removeAll(folders);
            folders.addAll(wheels);
            look(wheels, all, found);
        }
        List<String> names = folders.stream().map(Path::toString).toList();
        return new Search(found, names);
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

    private static void addAll(Set<Path> folders, String list) {
        if (list == null) return;
        for (String part : list.split(":")) {
            if (!part.isBlank()) folders.add(Path.of(part.strip()));
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

    /** The {@code lib} folders below nvidia/ (nvidia/cublas/lib, nvidia/cu13/lib, …). */
    private static List<Path> libFolders(Path nvidia) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(nvidia)) return out;
        try (Stream<Path> walk = Files.walk(nvidia, 3)) {
            walk.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals("lib")).sorted().forEach(out::add);
        } catch (IOException | RuntimeException e) {
            // an unreadable folder is simply not searched
        }
        return out;
    }

    /** site-packages/nvidia folders: the usual places first, then the one python3 itself names. */
    private static List<Path> pythonNvidiaFolders() {
        List<Path> out = new ArrayList<>();
        for (String base : new String[] {"/usr/local/lib", "/usr/lib", System.getProperty("user.home") + "/.local/lib"}) {
            try (DirectoryStream<Path> pythons = Files.newDirectoryStream(Path.of(base), "python3*")) {
                for (Path python : pythons) {
                    for (String kind : new String[] {"site-packages", "dist-packages"}) {
                        Path nvidia = python.resolve(kind).resolve("nvidia");
                        if (Files.isDirectory(nvidia)) out.add(nvidia);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not there
            }
        }
        if (out.isEmpty()) out.addAll(askPython());
        return out;
    }

    private static List<Path> askPython() {
        try {
            Process process = new ProcessBuilder("python3", "-c",
                    "import nvidia, sys; sys.stdout.write('\\n'.join(list(nvidia.__path__)))")
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return List.of();
            }
            if (process.exitValue() != 0) return List.of();
            String text = new String(process.getInputStream().readAllBytes());
            return text.lines().filter(l -> !l.isBlank()).map(Path::of).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * Loads every library found, driver first, then NVRTC's builtins beside libnvrtc (which it opens by name at
     * compile time). Once loaded, the JNI wrappers' dependencies resolve to these files.
     */
    static void load(Search search) {
        List<String> order = new ArrayList<>();
        order.add(DRIVER);
        order.addAll(TOOLKIT);
        for (String name : order) {
            Path path = search.found().get(name);
            if (path == null) continue;
            if (name.startsWith("libnvrtc")) loadBuiltins(path.getParent());
            System.load(path.toAbsolutePath().toString());
        }
    }

    private static void loadBuiltins(Path folder) {
        try (DirectoryStream<Path> builtins = Files.newDirectoryStream(folder, "libnvrtc-builtins.so.13*")) {
            for (Path builtin : builtins) {
                System.load(builtin.toAbsolutePath().toString());
                return;
            }
        } catch (IOException | UnsatisfiedLinkError e) {
            // NVRTC then looks for it itself and reports a clear compile error if it is absent
        }
    }
}
