package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.ui.lab.Labs;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class MainWindowTest {
    private Workspace workspace;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        window = new MainWindow(workspace, new org.slmworkshop.ui.lesson.LessonTexts(null));
        workspace.notifier().setOwner(stage);
        Scene scene = new Scene(window.root(), 1360, 860);
        scene.getStylesheets().add(WorkshopApp.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        workspace.startBackend(org.slmworkshop.backend.Nd4jBackendGate.applyForThisJvm());
    }

    @Test
    void clicking_each_lesson_opens_its_text_and_one_tab_per_lab(FxRobot robot) {
        List<Lesson> lessons = Lessons.load(Path.of("lessons")).lessons();
        assertEquals(9, lessons.size());
        for (int i = 0; i < lessons.size(); i++) {
            Lesson lesson = lessons.get(i);
            robot.clickOn(robot.lookup(".lesson-list .list-cell").nth(i).queryAs(javafx.scene.Node.class));
            WaitForAsyncUtils.waitForFxEvents();
            LessonPane pane = window.currentPane();
            assertNotNull(pane, "lesson " + lesson.title());
            assertEquals(lesson.file().toAbsolutePath().normalize(), pane.lesson().file().toAbsolutePath().normalize());
            List<String> tabs = pane.labTabs().getTabs().stream().map(Tab::getText).toList();
            List<String> expected = Labs.tabTitles(lesson.labs());
            assertEquals(expected, tabs, "tabs of " + lesson.title());
            assertEquals(lesson.labs().size(), tabs.stream().distinct().count(), "tab titles tell labs apart");
            assertTrue(pane.labTabs().getTabs().get(0).getContent() != null, "first lab is built when shown");
        }
    }

    @Test
    void the_chosen_lesson_is_remembered_for_the_next_start(FxRobot robot) {
        robot.clickOn(robot.lookup(".lesson-list .list-cell").nth(2).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("03-the-bigram-model", AppSettings.load().lastLesson());
        Workspace next = new Workspace(AppSettings.load(), Path.of("lessons"));
        MainWindow[] holder = new MainWindow[1];
        robot.interact(() -> holder[0] = new MainWindow(next, new org.slmworkshop.ui.lesson.LessonTexts(null)));
        assertEquals("03-the-bigram-model", holder[0].lessonList().getSelectionModel().getSelectedItem().id());
    }

    @Test
    void the_status_bar_names_the_backend_once_the_engine_has_loaded(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> workspace.backendProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        String text = robot.lookup("#status-backend").queryAs(Label.class).getText();
        assertTrue(text.startsWith("ND4J ") && text.contains("threads"), text);
    }

    @Test
    void a_broken_lesson_is_reported_with_its_file_and_line(FxRobot robot) throws Exception {
        Path folder = Files.createTempDirectory("lessons");
        Files.writeString(folder.resolve("01-good.md"), """
                ---
                title: Good
                labs:
                  - lab: corpus
                exercises:
                  - {id: one, question: Look at the tokens., expect: Spans., answer: {kind: open}}
                  - {id: two, question: \"V for aab\", answer: {kind: number, value: 2, tolerance: 0.01}}
                ---

                # Good
                """);
        Files.writeString(folder.resolve("02-bad.md"), "---\ntitle: Bad\nlabs:\n  - lab: nonsense\n---\n\nText.\n");
        robot.interact(() -> window.openLessons(folder));
        assertEquals(1, window.lessonList().getItems().size());
        String message = workspace.notifier().lastMessageProperty().get();
        assertTrue(message.contains("02-bad.md") && message.contains("nonsense"), message);
    }

    @Test
    void train_it_yourself_leads_to_the_first_lesson_that_trains_a_gpt(FxRobot robot) {
        robot.interact(() -> workspace.openLab(org.slmworkshop.lesson.Lab.TRAINING, "gpt"));
        LessonPane pane = window.currentPane();
        assertEquals("05-attention", pane.lesson().id());
        assertEquals("lab-training", pane.labTabs().getSelectionModel().getSelectedItem().getId());
    }
}
