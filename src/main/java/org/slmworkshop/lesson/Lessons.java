package org.slmworkshop.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the lessons folder: every {@code *.md} file except README.md and NOTATION.md (the notation card
 * the lessons follow), in file-name order, into
 * {@link Lesson}s, with every problem found (file and line) instead of stopping at the first.
 */
public final class Lessons {
    private static final Set<String> ROOT_KEYS = Set.of("title", "labs", "exercises");
    /** Markdown files in the folder that are not lessons: the instructors' format notes and the notation card. */
    public static final Set<String> NOT_LESSONS = Set.of("README.MD", "NOTATION.MD");

    private Lessons() {}

    /** The lessons that could be read, and the problems of all files. */
    public record Loaded(List<Lesson> lessons, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Loaded load(Path folder) {
        List<Lesson> lessons = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            problems.add(new Problem(folder, 0, "the lessons folder does not exist"));
            return new Loaded(lessons, problems);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !NOT_LESSONS.contains(p.getFileName().toString().toUpperCase(java.util.Locale.ROOT)))
                    .sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(folder, 0, "cannot list the folder: " + e.getMessage()));
            return new Loaded(lessons, problems);
        }
        if (files.isEmpty()) problems.add(new Problem(folder, 0, "no lesson files (*.md) in the folder"));
        for (Path file : files) {
            Loaded one = loadFile(file);
            lessons.addAll(one.lessons());
            problems.addAll(one.problems());
        }
        return new Loaded(lessons, problems);
    }

    public static Loaded loadFile(Path file) {
        List<Problem> problems = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return failed(file, 1, "the file is not valid UTF-8");
        } catch (IOException e) {
            return failed(file, 0, "cannot read the file: " + e.getMessage());
        }
        FrontMatter front;
        try {
            front = FrontMatter.parse(lines);
        } catch (FrontMatter.Malformed e) {
            return failed(file, e.line, e.getMessage());
        }
        LessonValidator validator = new LessonValidator(file, front, problems, file.toAbsolutePath().getParent().getParent());
        JsonNode root = front.tree;
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ROOT_KEYS.contains(name)) {
                validator.problem("/" + name, "unknown key '" + name + "'; a lesson has " + String.join(", ", ROOT_KEYS.stream().sorted().toList()));
            }
        }
        String title = validator.text(root, "/title", true);
        List<LabSettings> labs = validator.labs(root.path("labs"));
        List<Exercise> exercises = validator.exercises(root.path("exercises"));
        if (front.body.isBlank()) problems.add(new Problem(file, front.bodyLine, "the lesson has no text after its front matter"));
        for (Figure.Reference figure : Figure.references(front.body)) {
            String problem = Figure.problem(file.toAbsolutePath().getParent(), figure);
            if (problem != null) problems.add(new Problem(file, front.bodyLine + figure.line(), problem));
        }
        List<Lesson> lesson = problems.isEmpty()
                ? List.of(new Lesson(file, title, labs, exercises, front.body, front.bodyLine)) : List.of();
        return new Loaded(lesson, problems);
    }

    private static Loaded failed(Path file, int line, String message) {
        return new Loaded(List.of(), List.of(new Problem(file, line, message)));
    }
}
