package org.slmworkshop.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonsTest {
    @TempDir
    Path root;

    private static final String GOOD = """
            ---
            title: The bigram model
            labs:
              - lab: training
                corpus: dickens
                tokenizer: char
                model: bigram
                hyperparameters: {steps: 600, lr: 0.03, context: 64, batch: 12}
              - lab: sampling
                prompt: "It was a"
                sampling: {maxTokens: 200, seed: 1337, compare: [greedy, "top-k=10"]}
            exercises:
              - id: uniform
                question: Loss of the uniform model over 79 characters?
                answer: {kind: number, value: 4.3694, tolerance: 0.01}
              - id: which
                question: Which strategy loops?
                answer: {kind: choice, options: [greedy, "top-k 10"], correct: 0}
            ---
            # The bigram model

            Text with $T_{\\alpha\\beta}$.
            """;

    private Path lesson(String name, String text) throws Exception {
        Path folder = Files.createDirectories(root.resolve("lessons"));
        return Files.writeString(folder.resolve(name), text);
    }

    /** Lesson 9's resume lab restores AdamW's moments: a weights-only checkpoint there is a problem, a full one is not. */
    @Test
    void aResumeLabRefusesAWeightsOnlyCheckpoint() throws Exception {
        org.slmworkshop.train.PreparedCorpus prepared = org.slmworkshop.train.PreparedCorpus.prepare(
                org.slmworkshop.text.CorpusCatalog.load("macbeth"), org.slmworkshop.text.SplitSpec.DEFAULT,
                org.slmworkshop.text.TokenizerSpec.defaults("char"));
        var model = org.slmworkshop.model.Models.create(new org.slmworkshop.model.BigramConfig(
                prepared.tokenizer().vocabSize(), 16), new org.slmworkshop.util.Rng(1));
        var trainer = new org.slmworkshop.train.Trainer(model, prepared.data(),
                org.slmworkshop.train.TrainingConfig.defaults(10, 1));
        Path full = root.resolve("full.ckpt"), slim = root.resolve("slim.ckpt");
        org.slmworkshop.train.Checkpoints.save(full, trainer, prepared);
        org.slmworkshop.train.Checkpoints.saveWeightsOnly(full, slim,
                org.slmworkshop.train.Checkpoints.Precision.FLOAT16);
        String resume = GOOD.replace("""
                  - lab: sampling
                    prompt: "It was a"
                    sampling: {maxTokens: 200, seed: 1337, compare: [greedy, "top-k=10"]}
                """, """
                  - lab: resume
                    checkpoint: CKPT
                  - lab: sampling
                    checkpoint: slim.ckpt
                """);
        Lessons.Loaded withFull = Lessons.loadFile(lesson("09-full.md", resume.replace("CKPT", "full.ckpt")));
        assertTrue(withFull.ok(), "problems: " + withFull.problems());
        Lessons.Loaded withSlim = Lessons.loadFile(lesson("09-slim.md", resume.replace("CKPT", "slim.ckpt")));
        assertEquals(1, withSlim.problems().size(), "problems: " + withSlim.problems());
        assertTrue(withSlim.problems().get(0).message().contains("the resume lab needs AdamW's saved state, but slim.ckpt"
                + " holds weights only (float16)"), withSlim.problems().get(0).message());
    }

    @Test
    void everyShippedLessonIsValid() {
        Lessons.Loaded loaded = Lessons.load(Path.of("lessons"));
        assertTrue(loaded.ok(), "problems: " + loaded.problems());
        assertEquals(11, loaded.lessons().size(), "the workshop has eleven lessons");
        assertEquals(List.of("1", "2", "3", "4", "4a", "4b", "5", "6", "7", "8", "9"),
                loaded.lessons().stream().map(Lesson::number).toList(), "lessons slotted in keep the others' numbers");
        assertEquals("lesson 4a: " + loaded.lessons().get(4).title(), loaded.lessons().get(4).label());
        for (Lesson lesson : loaded.lessons()) {
            assertFalse(lesson.labs().isEmpty(), lesson.id());
            assertTrue(lesson.exercises().size() >= 2 && lesson.exercises().size() <= 3, lesson.id());
        }
    }

    @Test
    void aValidLessonReadsWithItsSettingsAndCheckableExercises() throws Exception {
        lesson("03-bigram.md", GOOD);
        Lessons.Loaded loaded = Lessons.load(root.resolve("lessons"));
        assertTrue(loaded.ok(), "problems: " + loaded.problems());
        Lesson lesson = loaded.lessons().get(0);
        assertEquals("03-bigram", lesson.id());
        assertEquals(Lab.TRAINING, lesson.labs().get(0).lab());
        assertEquals(600, ((Number) lesson.labs().get(0).hyperparameters().get("steps")).intValue());
        assertEquals(List.of("greedy", "top-k=10"), lesson.labs().get(1).sampling().get("compare"));
        assertTrue(lesson.exercises().get(0).isCorrect(String.valueOf(Math.log(79))));
        assertFalse(lesson.exercises().get(0).isCorrect("4.5"));
        assertTrue(lesson.exercises().get(1).isCorrect("greedy"));
        assertTrue(lesson.body().contains("# The bigram model"));
        assertEquals(20, lesson.bodyLine());
    }

    @Test
    void theNotationCardAndTheReadmeAreNotLessons() throws Exception {
        lesson("03-bigram.md", GOOD);
        lesson("README.md", "# Lessons\n");
        lesson("NOTATION.md", "# Notation card\n\n| symbol | meaning |\n|---|---|\n| $V$ | vocabulary |\n");
        Lessons.Loaded loaded = Lessons.load(root.resolve("lessons"));
        assertTrue(loaded.ok(), "problems: " + loaded.problems());
        assertEquals(List.of("03-bigram"), loaded.lessons().stream().map(Lesson::id).toList());
        assertTrue(Files.isRegularFile(Path.of("lessons", "NOTATION.md")), "the shipped card");
    }

    @Test
    void problemsNameTheFileAndLine() throws Exception {
        Path file = lesson("04-bad.md", GOOD
                .replace("lab: sampling", "lab: sampler")                        // line 9
                .replace("corpus: dickens", "corpus: nowhere")                   // line 5
                .replace("lr: 0.03", "lr: -1")                                   // line 8
                .replace("\"top-k=10\"", "\"top-k=0\"")                          // line 11
                .replace("correct: 0", "correct: 5"));                           // line 18
        Lessons.Loaded loaded = Lessons.load(root.resolve("lessons"));
        assertFalse(loaded.ok());
        List<String> found = loaded.problems().stream().map(Problem::toString).toList();
        String labs = String.join(", ", java.util.Arrays.stream(Lab.values()).map(Lab::id).toList());
        assertTrue(found.contains(file + ":9: unknown lab 'sampler'; labs are " + labs), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith(file + ":5: unknown corpus 'nowhere'")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith(file + ":8: bad hyperparameters") && p.contains("learning rate")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith(file + ":11: bad compare spec 'top-k=0'")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith(file + ":18: 'correct' must be")), found.toString());
    }

    @Test
    void malformedFrontMatterIsReportedWithItsLine() throws Exception {
        Path noFront = lesson("01-a.md", "# Just text\n");
        Path unclosed = lesson("02-b.md", "---\ntitle: x\n");
        Path badYaml = lesson("03-c.md", "---\ntitle: x\nlabs: [unclosed\n---\ntext\n");
        Lessons.Loaded loaded = Lessons.load(root.resolve("lessons"));
        List<String> found = loaded.problems().stream().map(Problem::toString).toList();
        assertTrue(found.stream().anyMatch(p -> p.startsWith(noFront + ":1: the file must start")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith(unclosed + ":1: the front matter opened")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.startsWith(badYaml + ":") && p.contains("not valid YAML")), found.toString());
    }

    @Test
    void aFigureThatIsMissingOrBrokenIsAProblemOnItsLine() throws Exception {
        Path file = lesson("03-bigram.md", GOOD + "\n![The chain](figures/chain.svg)\n\n```\n![not a figure](figures/in-code.svg)\n```\n");
        Lessons.Loaded missing = Lessons.load(root.resolve("lessons"));
        List<String> found = missing.problems().stream().map(Problem::toString).toList();
        assertEquals(1, found.size(), "an image in a code block is code, not a figure: " + found);
        assertTrue(found.get(0).startsWith(file + ":24: figure chain.svg not found (looked for "), found.toString());

        Path figure = root.resolve("lessons/figures/chain.svg");
        Files.createDirectories(figure.getParent());
        Files.writeString(figure, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n<circle r=\"3\">\n</svg>\n");
        found = Lessons.load(root.resolve("lessons")).problems().stream().map(Problem::toString).toList();
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith(file + ":24: figure chain.svg:3:3: not well-formed XML"), found.toString());

        Files.writeString(figure, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle r=\"3\"/></svg>\n");
        Lessons.Loaded fixed = Lessons.load(root.resolve("lessons"));
        assertTrue(fixed.ok(), "problems: " + fixed.problems());

        lesson("03-bigram.md", GOOD + "\n![A photo](figures/photo.png)\n");
        found = Lessons.load(root.resolve("lessons")).problems().stream().map(Problem::toString).toList();
        assertTrue(found.size() == 1 && found.get(0).contains("figures are SVG files"), found.toString());
    }

    @Test
    void locksNameLockableSettingsOfATrainingLab() throws Exception {
        Path file = lesson("05-locks.md", GOOD
                .replace("hyperparameters: {steps: 600, lr: 0.03, context: 64, batch: 12}",
                        "hyperparameters: {steps: 600, lr: 0.03, context: 64, batch: 12}\n    locked: [steps, lr, sed]")
                .replace("prompt: \"It was a\"", "prompt: \"It was a\"\n    locked: [seed]"));
        Lessons.Loaded loaded = Lessons.load(root.resolve("lessons"));
        List<String> found = loaded.problems().stream().map(Problem::toString).toList();
        assertEquals(List.of(file + ":9: cannot lock 'sed'; lockable settings: " + String.join(", ", LabSettings.LOCKABLE),
                file + ":12: 'locked' applies to training labs only (this is a sampling lab)"), found);
        lesson("05-locks.md", GOOD.replace("hyperparameters: {steps: 600, lr: 0.03, context: 64, batch: 12}",
                "hyperparameters: {steps: 600, lr: 0.03, context: 64, batch: 12}\n    locked: [steps, lr, model]"));
        Lessons.Loaded fixed = Lessons.load(root.resolve("lessons"));
        assertTrue(fixed.ok(), fixed.problems().toString());
        assertEquals(List.of("steps", "lr", "model"), fixed.lessons().get(0).labs().get(0).locked());
        assertTrue(fixed.lessons().get(0).labs().get(1).locked().isEmpty());
    }

    @Test
    void aCorpusMayBeAPathBesideTheLessons() throws Exception {
        lesson("03-bigram.md", GOOD.replace("corpus: dickens", "corpus: class/tiny.txt"));
        assertFalse(Lessons.load(root.resolve("lessons")).ok(), "not there yet");
        Files.createDirectories(root.resolve("class"));
        Files.writeString(root.resolve("class/tiny.txt"), "abc abc abc");
        Lessons.Loaded loaded = Lessons.load(root.resolve("lessons"));
        assertTrue(loaded.ok(), loaded.problems().toString());
        assertEquals("class/tiny.txt", loaded.lessons().get(0).labs().get(0).corpus());
    }
}
