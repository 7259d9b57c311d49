package org.slmworkshop.ui.lesson;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.lesson.Problem;

/**
 * Shows one lesson file in a window and re-renders it whenever the file changes: a quick way for
 * an instructor (or a developer) to see a lesson without the whole app.
 * <pre>java -cp ... org.slmworkshop.ui.lesson.LessonPreview lessons/03-the-bigram-model.md [scroll 0..1]</pre>
 */
public final class LessonPreview {
    private LessonPreview() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: LessonPreview LESSON.md [SCROLL 0..1]");
            System.exit(2);
        }
        Application.launch(Window.class, args);
    }

    /** The preview window (a nested class so the plain classpath launcher can start JavaFX). */
    public static final class Window extends Application {
        private LessonWatcher watcher;

        @Override
        public void start(Stage stage) throws Exception {
            List<String> args = getParameters().getRaw();
            Path file = Path.of(args.get(0)).toAbsolutePath();
            LessonText text = new LessonText(getHostServices());
            Lessons.Loaded loaded = Lessons.loadFile(file);
            if (loaded.ok()) {
                text.show(loaded.lessons().get(0));
            } else {
                text.showProblems(loaded.problems());
            }
            watcher = new LessonWatcher(file.getParent(), new LessonWatcher.Listener() {
                @Override
                public void lessonChanged(Lesson lesson) {
                    if (lesson.file().toAbsolutePath().equals(file)) text.reload(lesson);
                }

                @Override
                public void lessonFailed(Path changed, List<Problem> problems) {
                    if (changed.toAbsolutePath().equals(file)) text.showProblems(problems);
                }
            });
            stage.setTitle("Lesson preview: " + file.getFileName());
            // -Dpreview.width / -Dpreview.height: see the text at the width a lesson pane gives it
            javafx.scene.Scene scene = new Scene(text, Integer.getInteger("preview.width", 1000), Integer.getInteger("preview.height", 860));
            scene.getStylesheets().add(LessonPreview.class.getResource("/css/workshop.css").toExternalForm());   // the palette
            stage.setScene(scene);
            stage.show();
            System.err.println("preview: showing " + file + " (it re-renders when the file changes)");
            if (args.size() > 1) {
                double scroll = Double.parseDouble(args.get(1));
                Platform.runLater(() -> text.scrollPane().setVvalue(scroll));
            }
        }

        @Override
        public void stop() throws Exception {
            if (watcher != null) watcher.close();
        }
    }
}
