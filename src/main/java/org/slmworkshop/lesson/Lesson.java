package org.slmworkshop.lesson;

import java.nio.file.Path;
import java.util.List;

/**
 * One lesson file: its title, the labs it opens and their settings, its exercises and the Markdown
 * narrative (which starts at {@code bodyLine} of the file).
 */
public record Lesson(Path file, String title, List<LabSettings> labs, List<Exercise> exercises, String body,
                     int bodyLine) {
    public Lesson {
        labs = List.copyOf(labs);
        exercises = List.copyOf(exercises);
    }

    /** The file name without its extension, e.g. {@code 03-the-bigram-model}. */
    public String id() {
        String name = file.getFileName().toString();
        return name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    }

    /** How the app names the lesson to a learner: "lesson 6: The GPT" (the number from the file name), else its title. */
    public String label() {
        String number = number();
        return number == null ? "lesson “" + title + "”" : "lesson " + number + ": " + title;
    }

    /**
     * The lesson's number from its file name, as the lessons refer to each other: "6" for 06-the-gpt.md, "4a"
     * for 04a-the-biomedical-corpus.md (a lesson slotted in between keeps the others' numbers); null without one.
     */
    public String number() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)([a-z]?)(?:[-_].*)?$").matcher(id());
        return m.matches() ? Integer.parseInt(m.group(1)) + m.group(2) : null;
    }
}
