package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.ui.lesson.LessonText;
import org.slmworkshop.ui.lesson.LessonTexts;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A learner's first walk: every lesson, every lab tab, in order, with the real labs and lesson texts. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class WalkThroughTest {
    private Workspace workspace;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        window = new MainWindow(workspace, new LessonTexts(null));
        workspace.notifier().setOwner(stage);
        Scene scene = new Scene(window.root(), 1360, 860);
        scene.getStylesheets().add(WorkshopApp.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        workspace.startBackend(BackendMode.AUTO);
    }

    @Test
    void every_lesson_and_every_lab_opens_without_an_error_and_the_window_stays_responsive(FxRobot robot)
            throws Exception {
        int lessons = window.lessonList().getItems().size();
        assertEquals(11, lessons);
        for (int i = 0; i < lessons; i++) {
            robot.clickOn(robot.lookup(".lesson-list .list-cell").nth(i).queryAs(Node.class));
            WaitForAsyncUtils.waitForFxEvents();
            LessonPane pane = window.currentPane();
            assertNotNull(pane);
            Node holder = pane.getItems().get(0);
            LessonText rendered = (LessonText) ((javafx.scene.layout.StackPane) holder).getChildren().get(0);
            assertTrue(rendered.markdownView().formulaErrors().isEmpty(), pane.lesson().title());
            for (Tab tab : pane.labTabs().getTabs()) {
                robot.interact(() -> pane.labTabs().getSelectionModel().select(tab));
                assertNotNull(tab.getContent(), tab.getText() + " in " + pane.lesson().title());
                // the FX thread keeps answering while the lab loads its corpus or checkpoint behind it
                long start = System.nanoTime();
                WaitForAsyncUtils.waitForFxEvents();
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "FX thread blocked by " + tab.getText());
            }
        }
        Thread.sleep(3000);    // let background work (corpus preparation, checkpoint loading) finish and report
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.List.of(), workspace.notifier().errors());
    }
}
