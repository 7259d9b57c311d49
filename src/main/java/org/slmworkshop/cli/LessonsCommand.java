package org.slmworkshop.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.lesson.Problem;
import org.slmworkshop.lesson.QuotedNumbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lessons", description = "Work with the lesson files.", subcommands = LessonsCommand.Check.class)
final class LessonsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        picocli.CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "check", description = {"Validate every lesson: front matter, labs, settings, exercises, checkpoints,",
            "and that each number numbers.yaml ties to a lesson is still written there.",
            "With --measure, also measure those numbers again with the engine and compare."})
    static final class Check implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "${sys:slm.lessons:-lessons}", description = "The lessons folder (default ${DEFAULT-VALUE}).")
        Path folder;

        @Option(names = "--measure", description = "Run the commands of numbers.yaml's quick (cost: ci) entries and compare each"
                + " measured value with the lesson's, within the entry's tolerance.")
        boolean measure;

        @Option(names = "--all", description = "With --measure: the long runs too (cost: bench; 2000-step GPTs take minutes each).")
        boolean all;

        @Option(names = "--only", split = ",", paramLabel = "ID", description = "With --measure: only these entries (ids, comma-separated).")
        List<String> only;

        @Override
        public Integer call() {
            boolean valid = validate();
            if (!measure) return valid ? 0 : 1;
            return measure() && valid ? 0 : 1;
        }

        private boolean validate() {
            Lessons.Loaded loaded = Lessons.load(folder);
            for (Lesson lesson : loaded.lessons()) {
                System.out.printf("ok  %-36s %-40s labs: %s; %d exercises%n", lesson.id(), lesson.title(),
                        String.join(", ", lesson.labs().stream().map(l -> l.lab().id()).toList()), lesson.exercises().size());
            }
            QuotedNumbers.Loaded numbers = QuotedNumbers.load(folder);
            List<Problem> problems = new ArrayList<>(loaded.problems());
            problems.addAll(numbers.problems());
            for (Problem problem : problems) System.err.println(problem);
            if (!problems.isEmpty()) {
                System.err.printf("%d problem%s in %s%n", problems.size(), problems.size() == 1 ? "" : "s", folder);
                return false;
            }
            System.out.printf("%d lessons, no problems; %d quoted numbers tied to their measurement in %s%n",
                    loaded.lessons().size(), numbers.entries().size(), QuotedNumbers.FILE);
            return true;
        }

        private boolean measure() {
            List<QuotedNumbers.Entry> entries = QuotedNumbers.load(folder).entries().stream()
                    .filter(e -> only == null ? all || e.cost() == QuotedNumbers.Cost.CI : only.contains(e.id()))
                    .toList();
            if (only != null) {
                for (String id : only) {
                    if (entries.stream().noneMatch(e -> e.id().equals(id))) {
                        System.err.println("error: no entry '" + id + "' in " + folder.resolve(QuotedNumbers.FILE));
                        return false;
                    }
                }
            }
            int disagreements = 0;
            NumberMeasurer measurer = new NumberMeasurer();
            for (QuotedNumbers.Entry entry : entries) {
                NumberMeasurer.Measured m = measurer.measure(entry);
                String measured = m.value() == null ? "—" : String.format(Locale.ROOT, "%.6g", entry.quoted(m.value()));
                System.out.printf(Locale.ROOT, "%-8s %-28s %-34s quoted %-10s ± %-7s measured %-12s %5.1f s%n",
                        m.agrees() ? "ok" : "DIFFERS", entry.lesson(), entry.id(), trim(entry.value()), trim(entry.tolerance()),
                        measured, m.seconds());
                if (!m.agrees()) {
                    disagreements++;
                    System.err.println(folder.resolve(QuotedNumbers.FILE) + ":" + entry.line() + ": " + entry.id() + ": "
                            + (m.error() != null ? m.error() : entry.lesson() + ".md says " + trim(entry.value()) + " (\"" + entry.quote()
                            + "\") but the engine measures " + measured + ", more than " + trim(entry.tolerance()) + " away"));
                }
            }
            long skipped = QuotedNumbers.load(folder).entries().size() - entries.size();
            System.out.printf("%d measured, %d disagree%s%n", entries.size(), disagreements,
                    skipped > 0 && only == null ? "; " + skipped + " long runs not measured (--all measures them)" : "");
            return disagreements == 0;
        }

        private static String trim(double value) {
            String text = String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
            return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        }
    }
}
