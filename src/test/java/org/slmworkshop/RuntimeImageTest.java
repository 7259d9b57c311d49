package org.slmworkshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.cuda.CudaRuntime;
import org.slmworkshop.util.Json;

/**
 * Builds the runtime image with jlink/build-image from what 'mvn test' has compiled (target/classes,
 * target/lib) and runs its launcher headless, the way a workshop participant would. About 15-40 s,
 * most of it jdeps and jlink; {@code -DexcludedGroups=image} skips it.
 */
@Tag("image")
class RuntimeImageTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path IMAGE = PROJECT.resolve("target/test-image/slm-workshop");
    private static final Path LAUNCHER = IMAGE.resolve("bin/slm");

    private record Result(int exitCode, String out, String err) {}

    private static Result run(Map<String, String> environment, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile());
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("slm-image", ".out"), err = Files.createTempFile("slm-image", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " took over " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Result slm(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        return run(environment, 120, command.toArray(String[]::new));
    }

    @BeforeAll
    static void buildImage() throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        assumeTrue(Files.isDirectory(javaHome.resolve("jmods")) && Files.isExecutable(javaHome.resolve("bin/jlink")),
                "a JDK with jmods is needed to build the image (Debian: openjdk-17-jdk)");
        assumeTrue(Files.isDirectory(PROJECT.resolve("target/lib")), "target/lib is copied at process-classes");
        long start = System.nanoTime();
        Result build = run(Map.of("JAVA_HOME", javaHome.toString()), 600, "bash", "jlink/build-image", "--skip-build", "--output", IMAGE.toString());
        assertEquals(0, build.exitCode(), build.out() + build.err());
        System.out.printf("image built in %.1f s: %s", (System.nanoTime() - start) / 1e9, build.out());
    }

    @Test
    void theLauncherRunsACommandLineCommandHeadless() throws Exception {
        Result corpora = slm(Map.of(), "corpora");
        assertEquals(0, corpora.exitCode(), corpora.err());
        assertTrue(corpora.out().lines().anyMatch(line -> line.startsWith("dickens")), corpora.out());
    }

    @Test
    void theRuntimeHoldsJavaFxAndItsNativesSoNothingIsUnpacked() throws Exception {
        Result modules = run(Map.of(), 60, IMAGE.resolve("runtime/bin/java").toString(), "--list-modules");
        assertTrue(modules.out().contains("javafx.controls@"), modules.out());
        assertTrue(modules.out().contains("javafx.fxml@"), modules.out());
        assertTrue(Files.isRegularFile(IMAGE.resolve("runtime/lib/libglass.so")));
        assertTrue(Files.isRegularFile(IMAGE.resolve("lessons/05-attention.md")));
        assertTrue(Files.isRegularFile(IMAGE.resolve("datasets/checkpoints/gpt-dickens.ckpt")));
        assertFalse(Files.list(IMAGE.resolve("app")).anyMatch(jar -> jar.getFileName().toString().startsWith("javafx-")));
    }

    @Test
    void theLauncherPassesBackendLessonsHomeAndCacheFoldersUnlessGiven() throws Exception {
        Path cache = PROJECT.resolve("target/test-image/cache");
        Result result = slm(Map.of("SLM_CACHE_DIR", cache.toString(), "SLM_JAVA_OPTS", "-XshowSettings:properties -Dslm.home=/somewhere/else"),
                "--backend", "cpu", "corpora");
        assertEquals(0, result.exitCode(), result.err());
        String properties = result.err();
        assertTrue(properties.contains("slm.backend = cpu"), properties);
        assertTrue(properties.contains("slm.lessons = " + IMAGE.resolve("lessons")), properties);
        assertTrue(properties.contains("slm.home = /somewhere/else"), properties);
        assertTrue(properties.contains("org.bytedeco.javacpp.cachedir = " + cache), properties);
        assertTrue(properties.contains("javafx.cachedir = " + cache.resolve("openjfx")), properties);
        assertFalse(properties.contains("slm.cache = "), properties);

        // without SLM_CACHE_DIR the JVM is asked to use the platform's cache folder (NativeCache.platformDirectory)
        Result platform = slm(Map.of("SLM_JAVA_OPTS", "-XshowSettings:properties"), "corpora");
        assertTrue(platform.err().contains("slm.cache = platform"), platform.err());
        assertFalse(platform.err().contains("org.bytedeco.javacpp.cachedir = "), platform.err());
    }

    @Test
    void theImageHasAWindowsLauncherThatStartsTheSameWay() throws Exception {
        String cmd = Files.readString(IMAGE.resolve("bin/slm.cmd"));
        String bash = Files.readString(LAUNCHER);
        for (String shared : List.of("\\app\\jvm.options", "\\app\\memory.options", "org.slmworkshop.Launcher", "-Dslm.cache=platform",
                "-Dslm.backend=", "OMP_WAIT_POLICY", "-Xmx4g")) {
            assertTrue(cmd.contains(shared), "slm.cmd lacks " + shared);
            assertTrue(bash.contains(shared.replace("\\", "/")), "bin/slm lacks " + shared);
        }
        assertTrue(cmd.contains("\\runtime\\bin\\java.exe"), cmd);
        // cmd.exe misreads labels and blocks in a file with bare LF line ends (.gitattributes keeps CRLF)
        assertEquals(cmd.split("\n", -1).length - 1, cmd.split("\r\n", -1).length - 1, "slm.cmd has CRLF line ends");
    }

    @Test
    void anUnknownBackendIsRefusedAndCudaWithoutAGpuSaysWhyInOneLine() throws Exception {
        Result unknown = slm(Map.of(), "--backend", "tpu", "corpora");
        assertEquals(2, unknown.exitCode());
        assertEquals("slm: --backend takes cpu, cuda or auto, not 'tpu'", unknown.err().strip());

        Result fromEnvironment = slm(Map.of("SLM_BACKEND", "cuda", "SLM_JAVA_OPTS", "-XshowSettings:properties"), "corpora");
        assertEquals(0, fromEnvironment.exitCode(), fromEnvironment.err());
        assertTrue(fromEnvironment.err().contains("slm.backend = cuda"), fromEnvironment.err());

        assumeFalse(CudaRuntime.status().usable(), "this machine has a usable GPU");
        Result cuda = slm(Map.of("SLM_JAVA_OPTS", "-verbose:class"), "--backend=gpu", "train", "--model", "bigram", "--corpus", "macbeth", "--steps", "1");
        assertEquals(1, cuda.exitCode(), cuda.err());
        List<String> lines = cuda.err().lines().toList();
        assertEquals(1, lines.size(), cuda.err());
        assertTrue(lines.get(0).startsWith("error: --backend cuda cannot run here: "), cuda.err());
        assertTrue(cuda.out().contains("org.slmworkshop.kernels.cuda.CudaRuntime"), "the class list is there");
        assertFalse(cuda.out().contains("org.nd4j."), "deciding on the GPU loads nothing of ND4J");
    }

    @Test
    void nd4jRunsInsideTheJlinkRuntimeAndInfoReportsTheChoiceAndCuda() throws Exception {
        // the cache the tests' own JVMs filled, so CI unpacks ND4J's 435 MB once
        Result info = slm(Map.of("SLM_CACHE_DIR", System.getProperty("user.home") + "/.javacpp/cache"), "info", "--json");
        assertEquals(0, info.exitCode(), info.err());
        String json = info.out().lines().filter(line -> line.startsWith("{")).reduce((first, last) -> last).orElseThrow();
        JsonNode report = Json.MAPPER.readTree(json);
        assertEquals("Cpu", report.get("backend").get("backend").asText());
        assertEquals("auto", report.get("requested").asText());
        boolean usable = report.get("cuda").get("usable").asBoolean();
        assertEquals(usable ? "cuda" : "cpu", report.get("chosen").asText());
        assertFalse(report.get("reason").asText().isBlank());
        assertTrue(report.get("cuda").get("libraries").has("libcuda.so.1"), json);
    }
}
