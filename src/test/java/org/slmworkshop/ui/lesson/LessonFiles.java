package org.slmworkshop.ui.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small lesson files for tests. */
final class LessonFiles {
    private LessonFiles() {}

    static String lesson(String title, String text) {
        return """
                ---
                title: %s
                labs:
                  - lab: training
                    corpus: dickens
                    tokenizer: char
                    model: bigram
                    hyperparameters: {steps: 600, lr: 0.03}
                exercises:
                  - id: uniform
                    question: Loss of the uniform model over $V = 79$ characters?
                    answer: {kind: number, value: 4.3694, tolerance: 0.01}
                  - id: train-it
                    question: Train it.
                    expect: It falls.
                    answer: {kind: open}
                ---
                # %s

                %s
                """.formatted(title, title, text);
    }

    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
