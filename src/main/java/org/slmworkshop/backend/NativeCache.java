package org.slmworkshop.backend;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * Whether JavaCPP's cache already holds the native libraries the CPU backend loads. On the first start
 * JavaCPP unpacks ND4J's (about 450 MB with OpenBLAS) into that folder, which takes a few seconds; the app
 * and the CLI say so once instead of appearing to hang. Reads jar directories only, so asking costs no
 * ND4J: a run on the GPU never asks.
 */
public record NativeCache(Path directory, List<NativeJar> jars) {
    /** JavaCPP's own property; the launcher sets it from {@code SLM_CACHE_DIR}. */
    public static final String DIRECTORY_PROPERTY = "org.bytedeco.javacpp.cachedir";
    /** {@code -Dslm.cache=platform} (set by the runtime image's launchers and the installers): the OS's cache folder. */
    public static final String PLACE_PROPERTY = "slm.cache";
    private static final Pattern NATIVE_LIBRARY = Pattern.compile(".*\\.(so(\\.\\d+)*|dylib|dll)$");
    private static final Pattern PLATFORM_JAR = Pattern.compile(".*-(linux|macosx|windows)-[^/]*\\.jar$");
    // the CUDA presets' JNI wrappers, which only the GPU backend loads
    private static final Pattern GPU_JAR = Pattern.compile("^(nd4j-cuda|cuda-).*");

    /** A platform jar and the bytes of native libraries it holds; {@code unpacked} once all of them are in the cache. */
    public record NativeJar(Path jar, long libraryBytes, boolean unpacked) {}

    public NativeCache {
        jars = List.copyOf(jars);
    }

    /** The cache of this JVM, for the natives of the CPU backend. */
    public static NativeCache inspect() {
        return inspect(defaultDirectory(), classpathJars());
    }

    static NativeCache inspect(Path directory, List<Path> classpath) {
        List<NativeJar> jars = new ArrayList<>();
        for (Path jar : classpath) {
            String name = jar.getFileName().toString();
            if (!PLATFORM_JAR.matcher(name).matches() || GPU_JAR.matcher(name).matches()) continue;
            nativeJar(directory, jar).ifPresent(jars::add);
        }
        return new NativeCache(directory, jars);
    }

    /** {@code -Dorg.bytedeco.javacpp.cachedir}, else JavaCPP's default {@code ~/.javacpp/cache}. */
    public static Path defaultDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".javacpp", "cache");
    }

    /**
     * Where an installed app keeps its caches, as each platform expects: {@code $XDG_CACHE_HOME/slm-workshop} (else
     * {@code ~/.cache/slm-workshop}) on Linux, {@code ~/Library/Caches/slm-workshop} on macOS and
     * {@code %LOCALAPPDATA%\slm-workshop\cache} on Windows. JavaCPP's natives go to its {@code javacpp} folder.
     */
    public static Path platformDirectory(String osName, Map<String, String> environment, String userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = environment.get("LOCALAPPDATA");
            Path base = local != null && !local.isBlank() ? Path.of(local) : Path.of(userHome, "AppData", "Local");
            return base.resolve("slm-workshop").resolve("cache");
        }
        if (os.startsWith("mac")) return Path.of(userHome, "Library", "Caches", "slm-workshop");
        String xdg = environment.get("XDG_CACHE_HOME");     // the spec: a relative value is to be ignored
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(userHome, ".cache");
        return base.resolve("slm-workshop");
    }

    /**
     * Points JavaCPP (and JavaFX, should it unpack anything) at the platform's cache folder when {@value #PLACE_PROPERTY}
     * is {@code platform} and no folder was given; call before either loads a library.
     */
    public static void usePlatformDirectoryIfAsked() {
        if (!"platform".equals(System.getProperty(PLACE_PROPERTY)) || System.getProperty(DIRECTORY_PROPERTY) != null) return;
        Path base = platformDirectory(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
        System.setProperty(DIRECTORY_PROPERTY, base.resolve("javacpp").toString());
        if (System.getProperty("javafx.cachedir") == null) System.setProperty("javafx.cachedir", base.resolve("openjfx").toString());
    }

    public boolean firstStart() {
        return jars.stream().anyMatch(jar -> !jar.unpacked());
    }

    public long pendingBytes() {
        return jars.stream().filter(jar -> !jar.unpacked()).mapToLong(NativeJar::libraryBytes).sum();
    }

    /** "First start: unpacking about 450 MB of native libraries into DIR; this happens once." when there is work to do. */
    public Optional<String> notice() {
        if (!firstStart()) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "First start: unpacking about %d MB of native libraries into %s; this happens once.",
                Math.round(pendingBytes() / 1e6), directory));
    }

    private static Optional<NativeJar> nativeJar(Path directory, Path jar) {
        Path unpackedTo = directory.resolve(jar.getFileName().toString());
        long bytes = 0;
        boolean unpacked = true;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !NATIVE_LIBRARY.matcher(entry.getName()).matches()) continue;
                bytes += Math.max(0, entry.getSize());
                Path copy = unpackedTo.resolve(entry.getName());
                unpacked &= Files.isRegularFile(copy) && Files.size(copy) == entry.getSize();
            }
        } catch (IOException e) {
            return Optional.empty(); // an unreadable jar is JavaCPP's problem to report, not ours
        }
        return bytes == 0 ? Optional.empty() : Optional.of(new NativeJar(jar, bytes, unpacked));
    }

    /** {@code java.class.path}, plus the {@code Class-Path} of its jars, which is how {@code java -jar} finds target/lib. */
    static List<Path> classpathJars() {
        Set<Path> jars = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) continue;
            Path jar = Path.of(entry).toAbsolutePath();
            jars.add(jar);
            jars.addAll(manifestClassPath(jar));
        }
        return List.copyOf(jars);
    }

    private static List<Path> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) return List.of();
            String classPath = file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) return List.of();
            List<Path> jars = new ArrayList<>();
            for (String relative : classPath.trim().split("\\s+")) jars.add(jar.resolveSibling(relative).normalize());
            return jars;
        } catch (IOException e) {
            return List.of();
        }
    }
}
