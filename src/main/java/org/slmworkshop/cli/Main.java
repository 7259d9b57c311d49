package org.slmworkshop.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.slmworkshop.util.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The headless command line: what instructors use to pre-train checkpoints and benchmarks use to run. */
@Command(name = "slm", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "SLM Workshop 0.1",
        description = "Train and evaluate the workshop's language models without the desktop app.",
        subcommands = {CorporaCommand.class, TrainCommand.class, FitCountsCommand.class, EvalCommand.class, SampleCommand.class,
                InspectCommand.class, EmbeddingsCommand.class, ResumeExperimentCommand.class, SlimCommand.class, LessonsCommand.class, PackCommand.class, InfoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        // JavaCPP logs through SLF4J (resources/simplelogger.properties), set before its Loader class starts
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        CommandLine cli = new CommandLine(new Main());
        // a learner sees one readable line, never a stack trace
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + Messages.describe(e));
            if (System.getenv("SLM_DEBUG") != null) e.printStackTrace(commandLine.getErr());
            return 1;
        });
        cli.setParameterExceptionHandler(Main::oneLineUsageError);
        return cli.execute(args);
    }

    /** A mistyped option or value: one line that names it and where the options are listed, not the whole usage. */
    private static int oneLineUsageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) message += "; did you mean " + String.join(" or ", suggestions) + "?";
        }
        command.getErr().println("error: " + message + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
