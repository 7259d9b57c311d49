package org.slmworkshop.ui.lesson;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.application.HostServices;
import javafx.scene.Node;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Problem;

/**
 * The text renderer for lesson panes: one {@link LessonText} per lesson file, reused when the same
 * file comes back edited, so a reload keeps the reader's place. Fits
 * {@code Function<Lesson, Node>} as the main window takes it.
 */
public final class LessonTexts implements Function<Lesson, Node> {
    private final HostServices hostServices;
    private final Map<Path, LessonText> texts = new HashMap<>();
    private final ExerciseRuns runs;

    /** {@code hostServices} opens links in the browser; null ignores link clicks. No training: for previews. */
    public LessonTexts(HostServices hostServices) {
        this(hostServices, new ExerciseRuns());
    }

    /** {@code runs}: the window's training run and locked predictions, shared by every lesson's exercises. */
    public LessonTexts(HostServices hostServices, ExerciseRuns runs) {
        this.hostServices = hostServices;
        this.runs = runs;
    }

    public ExerciseRuns runs() {
        return runs;
    }

    /** The lesson's text: a new view the first time, the same view re-rendered after an edit. */
    @Override
    public LessonText apply(Lesson lesson) {
        Path key = key(lesson.file());
        LessonText text = texts.get(key);
        if (text == null) {
            text = new LessonText(hostServices);
            text.exercisesView().setRuns(runs);
            text.show(lesson);
            texts.put(key, text);
        } else {
            text.reload(lesson);
        }
        return text;
    }

    /** Reports a broken edit above the lesson's last good text, if that lesson has been shown. */
    public void showProblems(Path file, List<Problem> problems) {
        LessonText text = texts.get(key(file));
        if (text != null) text.showProblems(problems);
    }

    /** Drops every view (for example when another lessons folder is opened). */
    public void clear() {
        texts.clear();
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
