package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lessons' numbers against the engine: every quick entry of lessons/numbers.yaml measured again
 * through the CLI agrees with what its lesson says (the long runs are for `lessons check --measure --all`).
 */
class LessonNumbersTest {
    @TempDir
    Path folder;

    @Test
    void everyQuickNumberTheLessonsQuoteIsWhatTheEngineMeasures() {
        CliRun.Result result = CliRun.main("lessons", "check", "--dir", "lessons", "--measure");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains(" measured, 0 disagree"), result.out());
        long measured = result.lines().stream().filter(l -> l.startsWith("ok ")).filter(l -> l.contains(" measured ")).count();
        assertTrue(measured >= 20, "quick measurements: " + measured + "\n" + result.out());
    }

    @Test
    void aLessonThatDisagreesWithTheEngineFailsWithTheMeasuredFigure() throws Exception {
        Files.writeString(folder.resolve("01-counting.md"), """
                ---
                title: Counting
                labs:
                  - lab: corpus
                    corpus: macbeth
                exercises:
                  - id: a
                    question: q?
                    answer: {kind: number, value: 1, tolerance: 0.1}
                  - id: b
                    question: q?
                    answer: {kind: number, value: 1, tolerance: 0.1}
                ---
                The add-1 counting bigram scores 2.50 nats on Macbeth's training text.
                """);
        Files.writeString(folder.resolve("numbers.yaml"), """
                numbers:
                  - id: add-one
                    lesson: 01-counting
                    quote: "scores 2.50 nats"
                    value: 2.50
                    tolerance: 0.005
                    run: fit-counts --corpus macbeth --tokenizer char --json
                    field: /train_loss
                  - id: long
                    lesson: 01-counting
                    quote: "scores 2.50 nats"
                    value: 2.50
                    tolerance: 0.005
                    run: train --model gpt --corpus macbeth --steps 100000 --json
                    field: /val_loss
                    cost: bench
                """);
        CliRun.Result quick = CliRun.main("lessons", "check", "--dir", folder.toString(), "--measure");
        assertEquals(1, quick.exitCode(), quick.out() + quick.err());
        assertTrue(quick.err().contains(folder.resolve("numbers.yaml") + ":2: add-one: 01-counting.md says 2.5 (\"scores 2.50 nats\")"
                + " but the engine measures 2.48499, more than 0.005 away"), quick.err());
        assertTrue(quick.out().contains("1 measured, 1 disagree; 1 long runs not measured"), quick.out());

        Files.writeString(folder.resolve("01-counting.md"), Files.readString(folder.resolve("01-counting.md")).replace("2.50", "2.485"));
        Files.writeString(folder.resolve("numbers.yaml"), Files.readString(folder.resolve("numbers.yaml"))
                .replace("2.50", "2.485").replace("value: 2.485", "value: 2.485"));
        CliRun.Result fixed = CliRun.main("lessons", "check", "--dir", folder.toString(), "--measure", "--only", "add-one");
        assertEquals(0, fixed.exitCode(), fixed.out() + fixed.err());

        CliRun.Result unknown = CliRun.main("lessons", "check", "--dir", folder.toString(), "--measure", "--only", "nothing");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("error: no entry 'nothing'"), unknown.err());
    }
}
