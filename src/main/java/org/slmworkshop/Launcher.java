package org.slmworkshop;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slmworkshop.cli.Main;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.ui.WorkshopApp;

/**
 * One entry point for the jar and the runtime image: no arguments open the desktop app, anything else is a
 * command-line command. A first {@code --backend cpu|cuda|auto} chooses where models run, for the app and
 * for any command (it becomes {@code -Dslm.backend}, which the commands' own {@code --backend} overrides).
 */
public final class Launcher {
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    static final String RELAUNCHED = "slm.relaunched";

    private Launcher() {}

    public static void main(String[] args) {
        // JavaCPP logs through SLF4J (resources/simplelogger.properties), set before its Loader class starts
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        org.slmworkshop.backend.NativeCache.usePlatformDirectoryIfAsked();
        if (needsPassiveOpenMp()) System.exit(relaunchWithPassiveOpenMp(args));
        String[] rest;
        try {
            rest = takeBackend(args);
        } catch (IllegalArgumentException e) {
            System.err.println("slm: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (rest.length == 0 || (rest.length == 1 && rest[0].equals("app"))) WorkshopApp.main(new String[0]);
        else Main.main(rest);
    }

    /** Applies a leading {@code --backend X} or {@code --backend=X} to {@value BackendMode#PROPERTY}; returns the other arguments. */
    static String[] takeBackend(String[] args) {
        if (args.length == 0 || !args[0].startsWith("--backend")) return args;
        String value;
        int used;
        if (args[0].startsWith("--backend=")) {
            value = args[0].substring("--backend=".length());
            used = 1;
        } else if (args[0].equals("--backend")) {
            if (args.length < 2) throw new IllegalArgumentException("--backend needs a value: cpu, cuda or auto");
            value = args[1];
            used = 2;
        } else {
            return args;
        }
        System.setProperty(BackendMode.PROPERTY, BackendMode.parse(value).flag());
        return Arrays.copyOfRange(args, used, args.length);
    }

    /**
     * ND4J's OpenMP threads spin between matrix products unless OMP_WAIT_POLICY=PASSIVE, and on a
     * few cores the spinning starves the trainer and the FX thread (a five-way sampling comparison
     * measured 3.9 s passive against 42 s spinning on a busy 2-core machine). A JVM cannot set its
     * own environment, so when the variable is missing (mvn javafx:run, java -jar) the launcher
     * starts the same command once more with it; the runtime image's script sets it directly.
     */
    static boolean needsPassiveOpenMp() {
        return System.getenv(WAIT_POLICY) == null && !Boolean.getBoolean(RELAUNCHED);
    }

    private static int relaunchWithPassiveOpenMp(String[] args) {
        // java.home's own java: under a jpackage launcher the process command is that launcher, not java
        java.nio.file.Path inHome = java.nio.file.Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java");
        String command = java.nio.file.Files.isExecutable(inHome) ? inHome.toString()
                : ProcessHandle.current().info().command().orElse(null);
        if (command == null) return runHere(args);
        List<String> relaunch = new ArrayList<>();
        relaunch.add(command);
        relaunch.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        relaunch.add("-D" + RELAUNCHED + "=true");
        relaunch.add("-cp");
        relaunch.add(System.getProperty("java.class.path"));
        relaunch.add(Launcher.class.getName());
        relaunch.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(relaunch).inheritIO();
        builder.environment().put(WAIT_POLICY, "PASSIVE");
        try {
            Process child = builder.start();
            // Ctrl-C or a kill of this process ends the app too
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child)));
            return child.waitFor();
        } catch (Exception e) {
            return runHere(args);
        }
    }

    private static void stop(Process child) {
        if (!child.isAlive()) return;
        child.destroy();
        try {
            if (!child.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) child.destroyForcibly();
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    private static int runHere(String[] args) {
        System.setProperty(RELAUNCHED, "true");
        main(args);
        return 0;
    }
}
