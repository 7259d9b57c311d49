package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.lesson.Problem;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class LessonTextTest {
    @TempDir
    Path root;

    private LessonText text;

    @Start
    void start(Stage stage) {
        text = new LessonText();
        stage.setScene(new Scene(text, 900, 700));
        stage.show();
    }

    private static Lesson shipped(String name) {
        Lessons.Loaded loaded = Lessons.loadFile(Path.of("lessons", name));
        assertTrue(loaded.ok(), loaded.problems().toString());
        return loaded.lessons().get(0);
    }

    private static Lesson retitled(Lesson lesson, String title) {
        return new Lesson(lesson.file(), title, lesson.labs(), lesson.exercises(), lesson.body(), lesson.bodyLine());
    }

    private Label title() {
        return FxThread.all(text, Label.class).stream().filter(l -> l.getStyleClass().contains("lesson-title"))
                .findFirst().orElseThrow();
    }

    private void layout() {
        FxThread.run(() -> {
            text.applyCss();
            text.layout();
        });
    }

    @Test
    void theTitleIsShownOnceAboveTheTextAndTheExercises() {
        Lesson lesson = shipped("03-the-bigram-model.md");
        FxThread.run(() -> text.show(lesson));
        assertEquals("The bigram model", title().getText());
        Node first = text.markdownView().getChildren().get(0);
        assertFalse(first.getStyleClass().contains("h1"), "the body's own '# The bigram model' is not repeated");
        assertEquals(3, FxThread.all(text.exercisesView(), Node.class).stream()
                .filter(n -> n.getStyleClass().contains("exercise-card")).count());
        assertEquals("Intro\n\nText", LessonText.withoutRepeatedTitle("# Tokens\n\nIntro\n\nText", "Tokens").strip());
        assertEquals("# Other\n\nText", LessonText.withoutRepeatedTitle("# Other\n\nText", "Tokens"));
    }

    @Test
    void aReloadKeepsTheReadersPlaceAndANewLessonStartsAtTheTop() {
        Lesson lesson = shipped("06-the-gpt.md");
        FxThread.run(() -> text.show(lesson));
        layout();
        FxThread.run(() -> text.scrollPane().setVvalue(0.5));
        double offset = FxThread.call(this::scrollOffset);
        assertTrue(offset > 500, "a long lesson scrolled half way: " + offset);

        FxThread.run(() -> text.reload(retitled(lesson, "The GPT, edited")));
        assertEquals("The GPT, edited", title().getText());
        layout();
        assertEquals(offset, FxThread.call(this::scrollOffset), 2.0);

        FxThread.run(() -> text.show(shipped("03-the-bigram-model.md")));
        assertEquals(0.0, text.scrollPane().getVvalue());
    }

    private double scrollOffset() {
        double content = text.scrollPane().getContent().getLayoutBounds().getHeight();
        double viewport = text.scrollPane().getViewportBounds().getHeight();
        return text.scrollPane().getVvalue() * (content - viewport);
    }

    @Test
    void theRendererForLessonPanesReusesOneViewPerFile() {
        LessonTexts texts = new LessonTexts(null);
        Lesson gpt = shipped("06-the-gpt.md");
        LessonText first = FxThread.call(() -> texts.apply(gpt));
        LessonText again = FxThread.call(() -> texts.apply(retitled(gpt, "The GPT, edited")));
        LessonText other = FxThread.call(() -> texts.apply(shipped("03-the-bigram-model.md")));
        assertTrue(first == again, "an edited lesson re-renders in the same view");
        assertFalse(first == other);
        assertEquals("The GPT, edited", again.lesson().title());
        FxThread.run(() -> texts.showProblems(Path.of("lessons/06-the-gpt.md"), List.of(new Problem(gpt.file(), 2, "bad"))));
        assertTrue(first.problemsView().isVisible());
        assertFalse(other.problemsView().isVisible());
    }

    @Test
    void problemsAreReportedAboveTheLastGoodVersion() {
        Lesson lesson = shipped("03-the-bigram-model.md");
        FxThread.run(() -> text.show(lesson));
        int blocks = text.markdownView().getChildren().size();
        Problem problem = new Problem(lesson.file(), 7, "unknown lab 'trainer'");
        FxThread.run(() -> text.showProblems(List.of(problem)));
        assertTrue(text.problemsView().isVisible());
        assertEquals("03-the-bigram-model.md:7: unknown lab 'trainer'", text.problemsText());
        assertEquals("The bigram model", title().getText());
        assertEquals(blocks, text.markdownView().getChildren().size());

        FxThread.run(() -> text.reload(lesson));
        assertFalse(text.problemsView().isVisible());
        assertEquals("", text.problemsText());
    }

    @Test
    void editingTheFileReRendersTheLessonThroughTheWatcher() throws Exception {
        Path file = LessonFiles.write(root.resolve("lessons/01-intro.md"), LessonFiles.lesson("Before the edit", "Old text."));
        FxThread.run(() -> text.show(Lessons.loadFile(file).lessons().get(0)));
        try (LessonWatcher watcher = new LessonWatcher(file.getParent(), new LessonWatcher.Listener() {
            @Override
            public void lessonChanged(Lesson lesson) {
                text.reload(lesson);
            }

            @Override
            public void lessonFailed(Path changed, List<Problem> problems) {
                text.showProblems(problems);
            }
        })) {
            LessonFiles.write(file, LessonFiles.lesson("After the edit", "New text with $\\frac{a}{b}$."));
            // conditions are read on the FX thread, so they never see a half-done render
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxThread.call(() -> "After the edit".equals(title().getText())));
            assertTrue(FxThread.joined(text.markdownView()).contains("New text with"));
            assertEquals(1, text.markdownView().formulaImageCount());

            LessonFiles.write(file, "---\ntitle: [broken\n---\nText\n");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxThread.call(() -> text.problemsView().isVisible()));
            assertTrue(text.problemsText().startsWith("01-intro.md:2: "), text.problemsText());
            assertEquals("After the edit", title().getText(), "the last good version stays");
        }
    }
}
