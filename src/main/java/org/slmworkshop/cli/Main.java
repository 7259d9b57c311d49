package org.slmworkshop.cli;

import org.slmworkshop.backend.BackendSelection;
import org.slmworkshop.backend.NativeCache;
import org.slmworkshop.backend.Nd4jBackendGate;
import org.slmworkshop.util.Messages;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless command line: what instructors use to pre-train checkpoints and benchmarks use to run. */
@Command(name = "slm", mixinStandardHelpOptions = true, version = "SLM Workshop 0.1",
        description = "Train and evaluate the workshop's language models without the desktop app.",
        subcommands = {CorporaCommand.class, TrainCommand.class, FitCountsCommand.class, EvalCommand.class, SampleCommand.class, LessonsCommand.class,
                InfoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static final java.util.Set<String> ENGINE_COMMANDS = java.util.Set.of("train", "fit-counts", "eval", "sample");

    public static int run(String... args) {
        Nd4jBackendGate.applyForThisJvm();
        if (args.length > 0 && ENGINE_COMMANDS.contains(args[0])) {
            NativeCache.inspect(BackendSelection.Backend.CPU).notice().ifPresent(System.err::println);
        }
        CommandLine cli = new CommandLine(new Main());
        // a learner sees one readable line, never a stack trace
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + Messages.describe(e));
            if (System.getenv("SLM_DEBUG") != null) e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
