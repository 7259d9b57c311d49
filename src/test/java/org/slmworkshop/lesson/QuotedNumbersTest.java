package org.slmworkshop.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text side of numbers.yaml: each tied number must still be written in its lesson, as recorded. */
class QuotedNumbersTest {
    @TempDir
    Path folder;

    private static final String LESSON = """
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
            # Counting

            The add-1 table scores 2.48499 nats
            on Macbeth, and its vocabulary has $V = 12{,}786$ tokens, a log-probability of $-287.1$.
            """;

    private static final String NUMBERS = """
            numbers:
              - id: add-one
                lesson: 01-counting
                quote: "table scores 2.48499 nats on Macbeth"
                value: 2.48499
                tolerance: 0.000005
                run: fit-counts --corpus macbeth --tokenizer char --json
                field: /train_loss
              - id: vocabulary
                lesson: 01-counting
                quote: "$V = 12{,}786$"
                value: 12786
                tolerance: 0
                run: fit-counts --corpus dickens --tokenizer bpe --json
                field: /vocab
                cost: bench
            """;

    private QuotedNumbers.Loaded load(String lesson, String numbers) throws Exception {
        Files.writeString(folder.resolve("01-counting.md"), lesson);
        Files.writeString(folder.resolve(QuotedNumbers.FILE), numbers);
        return QuotedNumbers.load(folder);
    }

    @Test
    void theShippedLessonsStillSayEveryRecordedNumber() {
        QuotedNumbers.Loaded loaded = QuotedNumbers.load(Path.of("lessons"));
        assertTrue(loaded.ok(), "problems: " + loaded.problems());
        assertTrue(loaded.entries().size() >= 40, "entries: " + loaded.entries().size());
        long quick = loaded.entries().stream().filter(e -> e.cost() == QuotedNumbers.Cost.CI).count();
        assertTrue(quick >= 20, "quick entries CI measures: " + quick);
        // the review's figures are among them
        for (String id : List.of("temperature-log-probability", "genia-counting-add-one", "genia-counting-add-hundredth",
                "genia-lowrank-d64", "counting-macbeth-unsmoothed", "counting-macbeth-add-one", "gpt-2000-step-500",
                "macbeth-dropout-validation", "lowrank-d16-no-dropout", "stride-1")) {
            assertTrue(loaded.entries().stream().anyMatch(e -> e.id().equals(id)), id);
        }
    }

    @Test
    void aQuoteSpanningALineBreakReadsWithItsValueAndSettings() throws Exception {
        QuotedNumbers.Loaded loaded = load(LESSON, NUMBERS);
        assertTrue(loaded.ok(), "problems: " + loaded.problems());
        QuotedNumbers.Entry addOne = loaded.entries().get(0);
        assertEquals(List.of(List.of("fit-counts", "--corpus", "macbeth", "--tokenizer", "char", "--json")), addOne.run());
        assertEquals(QuotedNumbers.Cost.CI, addOne.cost());
        assertEquals(QuotedNumbers.Cost.BENCH, loaded.entries().get(1).cost());
        assertEquals(2, addOne.line(), "the line of its \"- id:\" in numbers.yaml");
        assertTrue(addOne.agrees(2.484994));
        assertFalse(addOne.agrees(2.48501));
    }

    @Test
    void aNumberChangedInTheLessonAloneIsAProblemThatNamesTheEntry() throws Exception {
        QuotedNumbers.Loaded loaded = load(LESSON.replace("2.48499", "2.49"), NUMBERS);
        assertFalse(loaded.ok());
        Problem problem = loaded.problems().get(0);
        assertEquals(folder.resolve(QuotedNumbers.FILE), problem.file());
        assertEquals(2, problem.line());
        assertTrue(problem.message().startsWith("add-one: 01-counting.md no longer says \"table scores 2.48499 nats on Macbeth\""),
                problem.message());
        assertEquals(1, loaded.entries().size(), "the other entry still reads");
    }

    @Test
    void aValueThatIsNotInItsQuoteIsAProblem() throws Exception {
        QuotedNumbers.Loaded loaded = load(LESSON, NUMBERS.replace("value: 12786", "value: 12787"));
        assertEquals(1, loaded.problems().size(), loaded.problems().toString());
        assertTrue(loaded.problems().get(0).message().contains("the value 12787.0 is not written in its quote"),
                loaded.problems().toString());
        assertEquals(9, loaded.problems().get(0).line());
    }

    @Test
    void missingKeysAndUnknownLessonsAreNamed() throws Exception {
        QuotedNumbers.Loaded loaded = load(LESSON, """
                numbers:
                  - id: broken
                    lesson: 09-nowhere
                    quote: "anything 1"
                    value: 1
                    tolerance: 0
                    run: fit-counts --json
                    field: /vocab
                  - id: no-field
                    lesson: 01-counting
                    quote: "2.48499"
                    value: 2.48499
                    tolerance: 0
                    run: fit-counts --json
                    colour: red
                """);
        List<String> found = loaded.problems().stream().map(Problem::toString).toList();
        assertTrue(found.stream().anyMatch(p -> p.contains(":2: broken: no lesson 09-nowhere.md")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.contains(":9: unknown key 'colour'")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.contains(":9: no-field: 'field' is missing")), found.toString());
    }

    @Test
    void numbersAreReadAsTheLessonWritesThem() {
        assertEquals(List.of(12786.0, -287.1, 1214976.0, 0.5), QuotedNumbers.numbersIn("$12{,}786$ and $-287.1$, −1,214,976 "
                .replace("−", "") + "0.5"));
        assertEquals(List.of(-166.7), QuotedNumbers.numbersIn("$−166.7$"));
        assertEquals(List.of("sample", "--prompt", "It was a", "--json"), QuotedNumbers.split("sample --prompt \"It was a\" --json"));
    }
}
