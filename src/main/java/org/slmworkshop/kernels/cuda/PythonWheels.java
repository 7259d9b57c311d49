package org.slmworkshop.kernels.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The folders where PyTorch's CUDA wheels keep the toolkit libraries: the lib folders below site-packages/nvidia
 * on Linux (nvidia/cublas/lib, nvidia/cu13/lib); on Windows the bin folders below site-packages\nvidia (the cu13
 * wheels use nvidia\cu13\bin\x86_64) and torch\lib.
 */
final class PythonWheels {
    private PythonWheels() {}

    /** The {@code lib} folders below site-packages/nvidia (nvidia/cublas/lib, nvidia/cu13/lib, …). */
    static List<Path> linux() {
        List<Path> out = new ArrayList<>();
        for (Path site : linuxNvidiaFolders()) out.addAll(linuxLibFolders(site));
        return out;
    }

    /** The {@code lib} folders below nvidia/ (nvidia/cublas/lib, nvidia/cu13/lib, …). */
    private static List<Path> linuxLibFolders(Path nvidia) {
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
    private static List<Path> linuxNvidiaFolders() {
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
        if (out.isEmpty()) {
            out.addAll(askPython(List.of("python3"), "import nvidia, sys; sys.stdout.write('\\n'.join(list(nvidia.__path__)))"));
        }
        return out;
    }

    /**
     * The DLL folders of the CUDA wheels in the site-packages the environment points at (a virtual environment,
     * conda, the python.org installs) or, when none holds any, in those {@code python} or {@code py -3} names.
     */
    static List<Path> windows(Map<String, String> env) {
        Set<Path> sites = new LinkedHashSet<>();
        for (String prefix : new String[] {env.get("VIRTUAL_ENV"), env.get("CONDA_PREFIX")}) {
            if (prefix != null && !prefix.isBlank()) sites.add(Path.of(prefix.strip(), "Lib", "site-packages"));
        }
        String local = env.get("LOCALAPPDATA"), roaming = env.get("APPDATA"), programs = env.get("ProgramFiles");
        if (local != null) sites.addAll(pythons(Path.of(local, "Programs", "Python"), "Lib", "site-packages"));
        if (programs != null) sites.addAll(pythons(Path.of(programs), "Lib", "site-packages"));
        if (roaming != null) sites.addAll(pythons(Path.of(roaming, "Python"), "site-packages"));
        List<Path> out = windowsDllFolders(sites);
        if (out.isEmpty()) {
            String sitePackages = "import site, sys; sys.stdout.write('\\n'.join(site.getsitepackages() + [site.getusersitepackages()]))";
            List<Path> asked = askPython(List.of("python"), sitePackages);
            if (asked.isEmpty()) asked = askPython(List.of("py", "-3"), sitePackages);
            out = windowsDllFolders(new LinkedHashSet<>(asked));
        }
        return out;
    }

    /** {@code <base>\Python3*\<below>}: each python.org install's site-packages. */
    private static List<Path> pythons(Path base, String... below) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> pythons = Files.newDirectoryStream(base, "Python3*")) {
            for (Path python : pythons) out.add(Path.of(python.toString(), below));
        } catch (IOException | RuntimeException e) {
            // not there
        }
        return out.stream().sorted().toList();
    }

    /** In each site-packages: every nvidia\…\bin, its x86_64 and x64 folders, then torch\lib. */
    static List<Path> windowsDllFolders(Set<Path> sites) {
        List<Path> out = new ArrayList<>();
        for (Path site : sites) {
            Path nvidia = site.resolve("nvidia");
            if (Files.isDirectory(nvidia)) {
                try (Stream<Path> walk = Files.walk(nvidia, 4)) {
                    walk.filter(Files::isDirectory).filter(PythonWheels::isDllFolder).sorted().forEach(out::add);
                } catch (IOException | RuntimeException e) {
                    // an unreadable folder is simply not searched
                }
            }
            Path torch = site.resolve("torch").resolve("lib");
            if (Files.isDirectory(torch)) out.add(torch);
        }
        return out;
    }

    private static boolean isDllFolder(Path folder) {
        String name = folder.getFileName().toString();
        if (name.equals("bin")) return true;
        Path parent = folder.getParent();
        return (name.equals("x86_64") || name.equals("x64")) && parent != null && parent.getFileName().toString().equals("bin");
    }

    /** The lines {@code command -c script} prints, as paths; none if it is missing, fails or takes over 20 s. */
    private static List<Path> askPython(List<String> command, String script) {
        try {
            List<String> line = new ArrayList<>(command);
            line.add("-c");
            line.add(script);
            Process process = new ProcessBuilder(line).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
}
