package org.slmworkshop.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling a first start (natives still to unpack) from a later one, from jar directories alone. */
class NativeCacheTest {
    private static final String CPU_LIBRARY = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn/libnd4jcpu.so";
    private static final String GPU_LIBRARY = "org/bytedeco/cuda/linux-x86_64/libjnicudart.so";

    @TempDir
    Path folder;

    private Path jar(String name, String entry, int bytes) throws IOException {
        Path jar = folder.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("org/example/Plain.class"));
            out.write(new byte[10]);
            if (entry != null) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(new byte[bytes]);
            }
        }
        return jar;
    }

    private static void unpack(Path cache, Path jar, String entry, int bytes) throws IOException {
        Path copy = cache.resolve(jar.getFileName().toString()).resolve(entry);
        Files.createDirectories(copy.getParent());
        try (OutputStream out = Files.newOutputStream(copy)) {
            out.write(new byte[bytes]);
        }
    }

    @Test
    void anEmptyCacheIsAFirstStartAndTheNoticeNamesSizeAndFolder() throws IOException {
        Path cache = folder.resolve("cache");
        List<Path> classpath = List.of(jar("nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar", CPU_LIBRARY, 2_000_000),
                jar("picocli-4.7.7.jar", null, 0));
        NativeCache status = NativeCache.inspect(cache, classpath);
        assertTrue(status.firstStart());
        assertEquals(2_000_000, status.pendingBytes());
        assertEquals("First start: unpacking about 2 MB of native libraries into " + cache + "; this happens once.", status.notice().orElseThrow());
    }

    @Test
    void onceEveryLibraryIsThereWithItsSizeThereIsNoNotice() throws IOException {
        Path cache = folder.resolve("cache");
        Path jar = jar("nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar", CPU_LIBRARY, 1000);
        unpack(cache, jar, CPU_LIBRARY, 999); // a copy cut short by a crash is not unpacked
        assertTrue(NativeCache.inspect(cache, List.of(jar)).firstStart());
        unpack(cache, jar, CPU_LIBRARY, 1000);
        NativeCache status = NativeCache.inspect(cache, List.of(jar));
        assertFalse(status.firstStart());
        assertTrue(status.notice().isEmpty());
    }

    @Test
    void theCudaPresetsWrappersAreNotCountedForTheCpu() throws IOException {
        Path cache = folder.resolve("cache");
        List<Path> classpath = List.of(jar("cuda-13.1-9.19-1.5.13-linux-x86_64.jar", GPU_LIBRARY, 3000),
                jar("nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64.jar", GPU_LIBRARY, 3000));
        assertFalse(NativeCache.inspect(cache, classpath).firstStart());
        assertEquals(0, NativeCache.inspect(cache, classpath).pendingBytes());
    }

    @Test
    void theCacheFolderIsJavaCppsPropertyOrItsDefault() {
        String before = System.getProperty(NativeCache.DIRECTORY_PROPERTY);
        try {
            System.clearProperty(NativeCache.DIRECTORY_PROPERTY);
            assertEquals(Path.of(System.getProperty("user.home"), ".javacpp", "cache"), NativeCache.defaultDirectory());
            System.setProperty(NativeCache.DIRECTORY_PROPERTY, folder.toString());
            assertEquals(folder, NativeCache.defaultDirectory());
        } finally {
            if (before == null) System.clearProperty(NativeCache.DIRECTORY_PROPERTY);
            else System.setProperty(NativeCache.DIRECTORY_PROPERTY, before);
        }
    }

    @Test
    void theTestClasspathHoldsTheNd4jNatives() {
        NativeCache status = NativeCache.inspect();
        assertTrue(status.jars().stream().anyMatch(jar -> jar.jar().getFileName().toString().startsWith("nd4j-native-")), status.toString());
    }

    @Test
    void theInstalledAppCachesWhereEachPlatformExpects() {
        assertEquals(Path.of("/home/ada/.cache/slm-workshop"), NativeCache.platformDirectory("Linux", java.util.Map.of(), "/home/ada"));
        assertEquals(Path.of("/tmp/xdg/slm-workshop"),
                NativeCache.platformDirectory("Linux", java.util.Map.of("XDG_CACHE_HOME", "/tmp/xdg"), "/home/ada"));
        // a relative XDG_CACHE_HOME is invalid by the spec and ignored
        assertEquals(Path.of("/home/ada/.cache/slm-workshop"),
                NativeCache.platformDirectory("Linux", java.util.Map.of("XDG_CACHE_HOME", "cache"), "/home/ada"));
        assertEquals(Path.of("/Users/ada/Library/Caches/slm-workshop"), NativeCache.platformDirectory("Mac OS X", java.util.Map.of(), "/Users/ada"));
        assertEquals(Path.of("/appdata/local", "slm-workshop", "cache"),
                NativeCache.platformDirectory("Windows 11", java.util.Map.of("LOCALAPPDATA", "/appdata/local"), "/users/ada"));
        assertEquals(Path.of("/users/ada", "AppData", "Local", "slm-workshop", "cache"),
                NativeCache.platformDirectory("Windows 11", java.util.Map.of(), "/users/ada"));
    }
}
