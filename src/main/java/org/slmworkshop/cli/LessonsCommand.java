package org.slmworkshop.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.lesson.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lessons", description = "Work with the lesson files.", subcommands = LessonsCommand.Check.class)
final class LessonsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        picocli.CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "check", description = "Validate every lesson: front matter, labs, settings, exercises, checkpoints.")
    static final class Check implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "${sys:slm.lessons:-lessons}", description = "The lessons folder (default ${DEFAULT-VALUE}).")
        Path folder;

        @Override
        public Integer call() {
            Lessons.Loaded loaded = Lessons.load(folder);
            for (Lesson lesson : loaded.lessons()) {
                System.out.printf("ok  %-36s %-40s labs: %s; %d exercises%n", lesson.id(), lesson.title(),
                        String.join(", ", lesson.labs().stream().map(l -> l.lab().id()).toList()), lesson.exercises().size());
            }
            for (Problem problem : loaded.problems()) System.err.println(problem);
            if (!loaded.ok()) {
                System.err.printf("%d problem%s in %s%n", loaded.problems().size(), loaded.problems().size() == 1 ? "" : "s", folder);
                return 1;
            }
            System.out.printf("%d lessons, no problems%n", loaded.lessons().size());
            return 0;
        }
    }
}
