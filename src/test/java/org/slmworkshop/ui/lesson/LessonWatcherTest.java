package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.lesson.Problem;

class LessonWatcherTest {
    private static final Duration DEBOUNCE = LessonWatcher.DEFAULT_DEBOUNCE;

    @TempDir
    Path root;

    private Path folder;
    private Path file;
    private LessonWatcher watcher;
    private final BlockingQueue<Object> reports = new LinkedBlockingQueue<>();

    private record Failed(Path file, List<Problem> problems) {}

    private record Removed(Path file) {}

    @BeforeEach
    void watch() throws Exception {
        folder = Files.createDirectories(root.resolve("lessons"));
        file = folder.resolve("03-bigram.md");
        watcher = new LessonWatcher(folder, new LessonWatcher.Listener() {
            @Override
            public void lessonChanged(Lesson lesson) {
                reports.add(lesson);
            }

            @Override
            public void lessonFailed(Path failed, List<Problem> problems) {
                reports.add(new Failed(failed, problems));
            }

            @Override
            public void lessonRemoved(Path removed) {
                reports.add(new Removed(removed));
            }
        }, DEBOUNCE, Runnable::run);
    }

    @AfterEach
    void close() throws Exception {
        watcher.close();
    }

    private Object next() throws InterruptedException {
        Object report = reports.poll(10, TimeUnit.SECONDS);
        assertNotNull(report, "no report within 10 s");
        return report;
    }

    private void assertQuiet() throws InterruptedException {
        Object extra = reports.poll(4 * DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(extra, "unexpected report: " + extra);
    }

    @Test
    void writingModifyingBreakingAndFixingALessonIsReportedEachTime() throws Exception {
        LessonFiles.write(file, LessonFiles.lesson("First", "One."));
        assertEquals("First", assertInstanceOf(Lesson.class, next()).title());

        LessonFiles.write(file, LessonFiles.lesson("Second", "Two."));
        Lesson second = assertInstanceOf(Lesson.class, next());
        assertEquals("Second", second.title());
        assertTrue(second.body().contains("Two."));

        // an unclosed flow sequence on line 2 of the front matter
        LessonFiles.write(file, LessonFiles.lesson("Second", "Two.").replace("title: Second", "title: [Second"));
        Failed failed = assertInstanceOf(Failed.class, next());
        assertEquals(file, failed.file());
        assertFalse(failed.problems().isEmpty());
        Problem problem = failed.problems().get(0);
        assertEquals(file, problem.file());
        assertTrue(problem.line() >= 2, problem.toString());
        assertTrue(problem.toString().startsWith(file + ":" + problem.line() + ": "), problem.toString());

        LessonFiles.write(file, LessonFiles.lesson("Fixed", "Three."));
        assertEquals("Fixed", assertInstanceOf(Lesson.class, next()).title());
        assertQuiet();
    }

    @Test
    void aBurstOfWritesIsReportedOnceWithTheLastContent() throws Exception {
        for (int i = 1; i <= 5; i++) LessonFiles.write(file, LessonFiles.lesson("Version " + i, "Text " + i + "."));
        assertEquals("Version 5", assertInstanceOf(Lesson.class, next()).title());
        assertQuiet();
    }

    @Test
    void anEditorsSaveByRenameIsSeen() throws Exception {
        LessonFiles.write(file, LessonFiles.lesson("Before", "x"));
        assertEquals("Before", assertInstanceOf(Lesson.class, next()).title());
        Path temporary = LessonFiles.write(folder.resolve(".03-bigram.md.swp"), LessonFiles.lesson("After", "y"));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("After", assertInstanceOf(Lesson.class, next()).title());
        assertQuiet();
    }

    @Test
    void otherFilesAreIgnoredAndADeletedLessonIsReported() throws Exception {
        LessonFiles.write(folder.resolve("README.md"), "# Lessons");
        LessonFiles.write(folder.resolve("notes.txt"), "nothing");
        assertQuiet();
        LessonFiles.write(file, LessonFiles.lesson("Here", "x"));
        assertInstanceOf(Lesson.class, next());
        Files.delete(file);
        assertEquals(file, assertInstanceOf(Removed.class, next()).file());
    }

    @Test
    void reportedFilesAreTheSamePathsAsLessonsLoadGivesForARelativeFolder() throws Exception {
        watcher.close();
        Path relative = Path.of("").toAbsolutePath().relativize(folder);
        assertFalse(relative.isAbsolute());
        watcher = new LessonWatcher(relative, new LessonWatcher.Listener() {
            @Override
            public void lessonChanged(Lesson lesson) {
                reports.add(lesson);
            }

            @Override
            public void lessonFailed(Path failed, List<Problem> problems) {
                reports.add(new Failed(failed, problems));
            }
        }, DEBOUNCE, Runnable::run);
        LessonFiles.write(file, LessonFiles.lesson("Relative", "x"));
        Lesson reported = assertInstanceOf(Lesson.class, next());
        assertEquals(Lessons.load(relative).lessons().get(0).file(), reported.file());
    }

    @Test
    void nothingIsReportedAfterClose() throws Exception {
        watcher.close();
        LessonFiles.write(file, LessonFiles.lesson("Late", "x"));
        assertQuiet();
    }

    @Test
    void savingAFigureReloadsTheLessonsThatShowIt() throws Exception {
        watcher.close();
        Path figure = LessonFiles.write(folder.resolve("figures/chain.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>");
        LessonFiles.write(file, LessonFiles.lesson("Shows it", "![The chain](figures/chain.svg)"));
        LessonFiles.write(folder.resolve("04-other.md"), LessonFiles.lesson("Does not", "No figure here."));
        watcher = new LessonWatcher(folder, new LessonWatcher.Listener() {
            @Override
            public void lessonChanged(Lesson lesson) {
                reports.add(lesson);
            }

            @Override
            public void lessonFailed(Path failed, List<Problem> problems) {
                reports.add(new Failed(failed, problems));
            }
        }, DEBOUNCE, Runnable::run);

        Files.writeString(figure, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 20 10\"><rect width=\"5\" height=\"5\"/></svg>");
        assertEquals("Shows it", assertInstanceOf(Lesson.class, next()).title());
        assertQuiet();

        Files.writeString(figure, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 20 10\"><rect></svg>");
        Failed failed = assertInstanceOf(Failed.class, next());
        assertEquals(file, failed.file());
        assertTrue(failed.problems().get(0).message().startsWith("figure chain.svg:1:"), failed.problems().toString());
        assertQuiet();
    }
}
