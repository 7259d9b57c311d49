package org.slmworkshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each platform profile of pom.xml, forced on the command line as a participant's machine would activate it, resolves
 * the native jars its platform needs, and those jars hold the libraries that ND4J, JavaCPP and JavaFX load there.
 *
 * <p>Cheap by design (CI pays about 30-50 s, and downloads a few kB): {@code dependency:tree} reads POMs only, which all
 * platforms share. The jars' contents come from {@code src/test/resources/platform-natives.tsv}, recorded from the real
 * jars with their SHA-1; CI fetches only each jar's published {@code .sha1} (40 bytes, through Maven) and checks it
 * equals the recorded one, so the listing belongs to exactly the jar a build would download. A released artifact on
 * Maven Central never changes, so this is as strong as downloading it. Every jar already in the local repository (the
 * build's own platform, at least) is opened and listed for real as well. {@code -Dslm.platforms.download=true}
 * downloads all five sets (about 560 MB) and lists every jar; {@code -Dslm.platforms.record=true} also rewrites the
 * inventory.
 */
@Tag("platforms")
class PlatformNativesTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path WORK = PROJECT.resolve("target/platform-check");
    private static final Path INVENTORY = PROJECT.resolve("src/test/resources/platform-natives.tsv");
    private static final List<String> PLATFORMS = List.of("linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64", "windows-x86_64");
    private static final Pattern NATIVE = Pattern.compile("(?:.*/)?([^/]+\\.(so(\\.\\d+)*|dylib|dll))$");
    // "+- org.nd4j:nd4j-native:jar:windows-x86_64:1.0.0-M2.1:compile": the jars with a classifier are the platform's
    private static final Pattern TREE_LINE = Pattern.compile("([\\w.-]+):([\\w.-]+):jar:([\\w.-]+):([\\w.-]+):(compile|runtime)$");

    /** What each platform must be able to load, written down independently of the inventory. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "linux-x86_64", List.of("nd4j-native:libnd4jcpu.so", "nd4j-native:libjnind4jcpu.so", "openblas:libopenblas.so.0",
                    "javacpp:libjnijavacpp.so", "javafx-graphics:libglass.so", "javafx-graphics:libglassgtk3.so",
                    "javafx-graphics:libprism_es2.so", "cuda:libjnicudart.so", "cuda:libjnicublas.so", "cuda:libjninvrtc.so"),
            "linux-arm64", List.of("nd4j-native:libnd4jcpu.so", "nd4j-native:libjnind4jcpu.so", "openblas:libopenblas.so.0",
                    "javacpp:libjnijavacpp.so", "javafx-graphics:libglass.so", "javafx-graphics:libglassgtk3.so",
                    "javafx-graphics:libprism_es2.so"),
            "macosx-x86_64", List.of("nd4j-native:libnd4jcpu.dylib", "nd4j-native:libjnind4jcpu.dylib",
                    "openblas:libopenblas.0.dylib", "javacpp:libjnijavacpp.dylib", "javafx-graphics:libglass.dylib",
                    "javafx-graphics:libprism_es2.dylib"),
            "macosx-arm64", List.of("nd4j-native:libnd4jcpu.dylib", "nd4j-native:libjnind4jcpu.dylib",
                    "openblas:libopenblas.0.dylib", "javacpp:libjnijavacpp.dylib", "javafx-graphics:libglass.dylib",
                    "javafx-graphics:libprism_es2.dylib"),
            "windows-x86_64", List.of("nd4j-native:libnd4jcpu.dll", "nd4j-native:jnind4jcpu.dll", "openblas:libopenblas.dll",
                    "javacpp:jnijavacpp.dll", "javafx-graphics:glass.dll", "javafx-graphics:prism_d3d.dll",
                    "cuda:jnicudart.dll", "cuda:jnicublas.dll", "cuda:jninvrtc.dll"));
    /** The ND4J build each profile must pick (the oneDNN one where it was measured faster). */
    private static final Map<String, String> ND4J_CLASSIFIER = Map.of("linux-x86_64", "linux-x86_64-onednn",
            "linux-arm64", "linux-arm64", "macosx-x86_64", "macosx-x86_64", "macosx-arm64", "macosx-arm64",
            "windows-x86_64", "windows-x86_64");
    private static final Map<String, String> JAVAFX_CLASSIFIER = Map.of("linux-x86_64", "linux", "linux-arm64", "linux-aarch64",
            "macosx-x86_64", "mac", "macosx-arm64", "mac-aarch64", "windows-x86_64", "win");

    /** One platform jar: its coordinates, SHA-1 and the native libraries it holds (file names). */
    record NativeJar(String platform, String coordinates, String sha1, long bytes, List<String> libraries) {
        String artifactId() {
            return coordinates.split(":")[1];
        }

        String line() {
            return String.join("\t", platform, coordinates, sha1, Long.toString(bytes), String.join(" ", libraries));
        }

        static NativeJar parse(String line) {
            String[] f = line.split("\t", -1);
            return new NativeJar(f[0], f[1], f[2], Long.parseLong(f[3]), f[4].isBlank() ? List.of() : List.of(f[4].split(" ")));
        }
    }

    private static Map<String, NativeJar> inventory;
    private static final Map<String, List<String>> resolved = new java.util.concurrent.ConcurrentHashMap<>();
    private static Map<String, String> published = Map.of();
    private static boolean download, record, offline;
    private static Path localRepository;

    @BeforeAll
    static void readInventory() throws IOException {
        download = Boolean.getBoolean("slm.platforms.download") || Boolean.getBoolean("slm.platforms.record");
        record = Boolean.getBoolean("slm.platforms.record");
        offline = System.getProperty("slm.maven.offline", "").endsWith("=true");
        String repo = System.getProperty("slm.maven.repository", "");
        localRepository = repo.isBlank() || repo.contains("${") ? Path.of(System.getProperty("user.home"), ".m2", "repository") : Path.of(repo);
        assumeTrue(mavenOnPath(), "mvn is not on the PATH");
        inventory = new LinkedHashMap<>();
        if (Files.exists(INVENTORY)) {
            for (String line : Files.readAllLines(INVENTORY, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                NativeJar jar = NativeJar.parse(line);
                inventory.put(jar.platform() + " " + jar.coordinates(), jar);
            }
        }
        Files.createDirectories(WORK);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);   // Maven's start is mostly one busy thread
        try {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (String platform : PLATFORMS) runs.add(pool.submit(() -> resolved.put(platform, resolvePlatformJars(platform))));
            for (var run : runs) run.get();
        } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
            throw new AssertionError(e.getCause() != null ? e.getCause() : e);
        } finally {
            pool.shutdownNow();
        }
        if (!download) published = publishedSha1(resolved.values().stream().flatMap(List::stream).distinct().sorted().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64", "windows-x86_64"})
    void eachPlatformProfileResolvesJarsHoldingItsNativeLibraries(String platform) throws Exception {
        List<String> resolved = PlatformNativesTest.resolved.get(platform);
        assertTrue(resolved.contains("org.nd4j:nd4j-native:" + ND4J_CLASSIFIER.get(platform) + ":1.0.0-M2.1"), resolved.toString());
        assertTrue(resolved.stream().filter(c -> c.startsWith("org.openjfx:")).allMatch(c -> c.split(":")[2].equals(JAVAFX_CLASSIFIER.get(platform))),
                resolved.toString());
        assertEquals(platform.startsWith("macosx") || platform.equals("linux-arm64") ? 0 : 1,
                resolved.stream().filter(c -> c.startsWith("org.bytedeco:cuda:")).count(), "the CUDA JNI jar: Linux x86-64 and Windows only");

        List<NativeJar> jars = new ArrayList<>();
        if (download) {
            jars.addAll(downloadAndList(platform, resolved));
        } else {
            for (String coordinates : resolved) {
                NativeJar known = inventory.get(platform + " " + coordinates);
                assertTrue(known != null, platform + " resolves " + coordinates + ", which " + INVENTORY.getFileName()
                        + " does not list; run: mvn test -Dtest=PlatformNativesTest -Dslm.platforms.record=true");
                assertEquals(known.sha1(), published.get(coordinates), coordinates + ": the published jar is not the one recorded");
                Path local = localJar(coordinates);
                if (Files.isRegularFile(local)) assertEquals(known, list(platform, coordinates, local), "listing the local " + local);
                jars.add(known);
            }
            assertEquals(resolved.size(), inventory.keySet().stream().filter(k -> k.startsWith(platform + " ")).count(),
                    "the inventory lists jars " + platform + " no longer resolves");
        }
        for (String expected : EXPECTED.get(platform)) {
            String artifact = expected.substring(0, expected.indexOf(':')), library = expected.substring(expected.indexOf(':') + 1);
            assertTrue(jars.stream().anyMatch(j -> j.artifactId().equals(artifact) && j.libraries().contains(library)),
                    platform + ": no " + library + " in its " + artifact + " jar");
        }
        System.out.printf("%s: %d platform jars, %.0f MB, natives checked: %s%n", platform, jars.size(),
                jars.stream().mapToLong(NativeJar::bytes).sum() / 1e6, EXPECTED.get(platform));
        if (record) recordInventory(platform, jars);
    }

    /** {@code mvn -P 'PLATFORM,!others' dependency:tree}: the runtime jars with a classifier, as g:a:classifier:v. */
    private static List<String> resolvePlatformJars(String platform) throws IOException, InterruptedException {
        String profiles = platform + PLATFORMS.stream().filter(p -> !p.equals(platform)).map(p -> ",!" + p).collect(Collectors.joining());
        Path tree = WORK.resolve(platform + ".tree");
        Files.deleteIfExists(tree);
        maven(PROJECT.resolve("pom.xml"), "-P", profiles, "dependency:tree", "-Dscope=runtime", "-DoutputFile=" + tree);
        List<String> jars = new ArrayList<>();
        for (String line : Files.readAllLines(tree)) {
            Matcher m = TREE_LINE.matcher(line.strip());
            if (m.find()) jars.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3) + ":" + m.group(4));
        }
        return jars;
    }

    /** Each jar's published .sha1 file, fetched through Maven as an artifact of type jar.sha1 (40 bytes each). */
    private static Map<String, String> publishedSha1(List<String> coordinates) throws IOException {
        StringBuilder dependencies = new StringBuilder();
        for (String c : coordinates) {
            String[] f = c.split(":");
            dependencies.append("<dependency><groupId>").append(f[0]).append("</groupId><artifactId>").append(f[1])
                    .append("</artifactId><version>").append(f[3]).append("</version><classifier>").append(f[2])
                    .append("</classifier><type>jar.sha1</type><exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId>")
                    .append("</exclusion></exclusions></dependency>");
        }
        Path pom = WORK.resolve("sha1/pom.xml");
        Files.createDirectories(pom.getParent());
        Files.writeString(pom, """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                <groupId>org.slmworkshop.check</groupId><artifactId>published-sha1</artifactId><version>1</version><packaging>pom</packaging>
                <dependencies>%s</dependencies></project>
                """.formatted(dependencies));
        try {
            maven(pom, "dependency:resolve", "-DexcludeTransitive=true");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Map<String, String> sha1 = new TreeMap<>();
        for (String c : coordinates) {
            Path file = localJar(c).resolveSibling(localJar(c).getFileName() + ".sha1");
            assumeTrue(Files.isRegularFile(file) || !offline, "offline, and " + file + " is not in the local repository");
            sha1.put(c, Files.readString(file).strip().split("\\s+")[0]);
        }
        return sha1;
    }

    private static List<NativeJar> downloadAndList(String platform, List<String> coordinates) throws Exception {
        String profiles = platform + PLATFORMS.stream().filter(p -> !p.equals(platform)).map(p -> ",!" + p).collect(Collectors.joining());
        maven(PROJECT.resolve("pom.xml"), "-P", profiles, "dependency:resolve", "-DincludeScope=runtime");
        List<NativeJar> jars = new ArrayList<>();
        for (String c : coordinates) jars.add(list(platform, c, localJar(c)));
        return jars;
    }

    private static NativeJar list(String platform, String coordinates, Path jar) throws IOException {
        TreeSet<String> libraries = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(e -> NATIVE.matcher(e.getName())).filter(Matcher::matches).forEach(m -> libraries.add(m.group(1)));
        }
        return new NativeJar(platform, coordinates, sha1(jar), Files.size(jar), List.copyOf(libraries));
    }

    private static String sha1(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path localJar(String coordinates) {
        String[] f = coordinates.split(":");
        return localRepository.resolve(f[0].replace('.', '/')).resolve(f[1]).resolve(f[3])
                .resolve(f[1] + "-" + f[3] + "-" + f[2] + ".jar");
    }

    private static synchronized void recordInventory(String platform, List<NativeJar> jars) throws IOException {
        inventory.keySet().removeIf(k -> k.startsWith(platform + " "));
        for (NativeJar jar : jars) inventory.put(platform + " " + jar.coordinates(), jar);
        List<String> lines = new ArrayList<>();
        lines.add("# Written by PlatformNativesTest -Dslm.platforms.record=true from the real jars: platform, jar (group:artifact:classifier:version),");
        lines.add("# its SHA-1 and size, and the native libraries inside. CI checks each SHA-1 against Maven Central's instead of downloading the jar.");
        PLATFORMS.forEach(p -> inventory.values().stream().filter(j -> j.platform().equals(p)).forEach(j -> lines.add(j.line())));
        Files.write(INVENTORY, lines, StandardCharsets.UTF_8);
    }

    private static void maven(Path pom, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-ntp", "-f", pom.toString()));
        if (offline) command.add("-o");
        if (System.getProperty("slm.maven.repository", "").contains("/")) command.add("-Dmaven.repo.local=" + localRepository);
        command.addAll(List.of(arguments));
        Path log = WORK.resolve(pom.getParent().getFileName() + "-" + Integer.toHexString(String.join(" ", arguments).hashCode()) + ".log");
        Process process = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over 10 minutes");
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + Files.readString(log));
    }

    private static boolean mavenOnPath() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, "mvn"))) return true;
        }
        return false;
    }
}
