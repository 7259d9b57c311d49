package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.ClassroomPack;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.PackReader;
import org.slmworkshop.ui.lab.LabView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Instructor mode in a real window: locked settings, whose run a training lab shows, Reset labs, classroom packs. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class InstructorModeTest {
    private static final String BIGRAM = """
            ---
            title: The bigram
            labs:
              - lab: training
                corpus: macbeth
                tokenizer: char
                model: bigram
                hyperparameters: {steps: 3000, lr: 0.03, batch: 4, context: 16}
                locked: [steps, lr, model]
            exercises:
              - {id: a, question: "A", answer: {kind: number, value: 1, tolerance: 0.1}}
              - {id: b, question: "B", answer: {kind: number, value: 2, tolerance: 0.1}}
            ---
            # The bigram
            Text.
            """;
    private static final String GPT = """
            ---
            title: Attention
            labs:
              - lab: training
                corpus: macbeth
                tokenizer: char
                model: gpt
                hyperparameters: {steps: 20, batch: 9, context: 16, layers: 1, heads: 2, dim: 16}
            exercises:
              - {id: a, question: "A", answer: {kind: number, value: 1, tolerance: 0.1}}
              - {id: b, question: "B", answer: {kind: number, value: 2, tolerance: 0.1}}
            ---
            # Attention
            Text.
            """;

    private Workspace workspace;
    private MainWindow window;
    private Path course;

    @Start
    void start(Stage stage) throws Exception {
        course = Files.createTempDirectory("course");
        Files.createDirectories(course.resolve("lessons"));
        Files.writeString(course.resolve("lessons/03-bigram.md"), BIGRAM);
        Files.writeString(course.resolve("lessons/05-attention.md"), GPT);
        workspace = new Workspace(AppSettings.DEFAULTS, course.resolve("lessons"));
        window = new MainWindow(workspace, new org.slmworkshop.ui.lesson.LessonTexts(null));
        workspace.notifier().setOwner(stage);
        Scene scene = new Scene(window.root(), 1360, 860);
        scene.getStylesheets().add(WorkshopApp.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> {
            window.close();
            workspace.shutdown();
            return null;
        });
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> fx(condition));
    }

    private void select(int lesson) throws Exception {
        fx(() -> {
            window.lessonList().getSelectionModel().select(lesson);
            return null;
        });
        waitUntil(() -> window.currentPane() != null && window.currentPane().lesson().id().equals(
                window.lessonList().getItems().get(lesson).id()));
    }

    private <T extends Node> T inPane(FxRobot robot, String id) throws Exception {
        Node pane = fx(window::currentPane);
        return robot.from(pane).lookup(id).query();
    }

    @Test
    void locked_settings_are_disabled_and_name_the_lesson_that_locked_them(FxRobot robot) throws Exception {
        select(0);
        waitUntil(() -> !inPane(robot, "#train-steps").isDisabled() == false);
        for (String id : List.of("#train-steps", "#train-lr", "#train-model")) {
            Node control = inPane(robot, id);
            assertTrue(control.isDisabled(), id + " is locked");
            HBox row = (HBox) control.getParent();
            Label label = (Label) row.getChildren().get(0);
            assertNotNull(label.getGraphic(), id + " shows a padlock");
            assertEquals("Locked by lesson 3: The bigram, so the whole class trains the same model.", label.getTooltip().getText());
        }
        for (String id : List.of("#train-batch", "#train-seed", "#train-tokenizer")) assertFalse(inPane(robot, id).isDisabled(), id);
        assertEquals(3000, ((Spinner<?>) inPane(robot, "#train-steps")).getValue(), "the locked value is the lesson's");
        select(1);
        assertFalse(inPane(robot, "#train-steps").isDisabled(), "another lesson locks nothing");
        assertNull(((Label) ((HBox) inPane(robot, "#train-steps").getParent()).getChildren().get(0)).getGraphic());
    }

    @Test
    void another_lessons_training_tab_says_whose_run_it_shows_and_leads_there(FxRobot robot) throws Exception {
        select(0);
        waitUntil(() -> !inPane(robot, "#train-start").isDisabled());
        fx(() -> {
            ((javafx.scene.control.Button) inPane(robot, "#train-start")).fire();
            return null;
        });
        waitUntil(() -> workspace.training().originProperty().get() != null);
        assertFalse(inPane(robot, "#train-origin").isVisible(), "the lab that started the run needs no note");
        select(1);
        waitUntil(() -> inPane(robot, "#train-origin").isVisible());
        assertEquals("This run was started in lesson 3: The bigram · Bigram on macbeth (char).",
                ((javafx.scene.text.Text) inPane(robot, "#train-origin-text")).getText().strip());
        fx(() -> {
            workspace.training().stop();
            return null;
        });
        Hyperlink link = robot.from((Node) inPane(robot, "#train-origin")).lookup(".hyperlink").query();
        assertEquals("Go to lesson 3", link.getText());
        fx(() -> {
            link.fire();
            return null;
        });
        waitUntil(() -> window.lessonList().getSelectionModel().getSelectedIndex() == 0);
        assertEquals("03-bigram", fx(() -> window.currentPane().lesson().id()));
    }

    @Test
    void reset_labs_builds_the_lessons_labs_again_from_its_settings(FxRobot robot) throws Exception {
        select(1);
        waitUntil(() -> ((Spinner<?>) inPane(robot, "#train-batch")).getValue().equals(9));
        LabView before = fx(() -> window.currentPane().builtLabs().values().iterator().next());
        fx(() -> {
            ((Spinner<Integer>) inPane(robot, "#train-batch")).getValueFactory().setValue(5);
            ((Spinner<Integer>) inPane(robot, "#train-layers")).getValueFactory().setValue(3);
            return null;
        });
        assertEquals(5, ((Spinner<?>) inPane(robot, "#train-batch")).getValue());
        fx(() -> {
            robot.lookup("#menu-reset-labs");   // the menu item exists; its action is the pane's reset
            window.currentPane().resetLabs();
            return null;
        });
        LabView after = fx(() -> window.currentPane().builtLabs().values().iterator().next());
        assertNotSame(before, after);
        assertEquals(9, ((Spinner<?>) inPane(robot, "#train-batch")).getValue());
        assertEquals(1, ((Spinner<?>) inPane(robot, "#train-layers")).getValue());
        Tab tab = fx(() -> window.currentPane().labTabs().getTabs().get(0));
        assertTrue(fx(() -> tab.getContent() != null && tab.getContent().getScene() != null));
    }

    @Test
    void a_classroom_pack_opens_as_the_lessons_folder_and_a_damaged_one_changes_nothing(FxRobot robot) throws Exception {
        Path pack = Files.createTempDirectory("packs").resolve("week1.slmpack");
        ClassroomPack.export(course.resolve("lessons"), null, pack);
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 3] ^= 0x40;
        Path damaged = Files.write(pack.resolveSibling("damaged.slmpack"), bytes);
        select(1);

        PackReader.Imported refused = fx(() -> window.instructor().openPack(damaged)).get(30, TimeUnit.SECONDS);
        assertNull(refused);
        String error = workspace.notifier().errors().get(workspace.notifier().errors().size() - 1);
        assertTrue(error.startsWith("The classroom pack was refused; your lessons are unchanged: "), error);
        assertTrue(error.contains("entry '") || error.contains("not a classroom pack"), error);
        assertEquals(course.resolve("lessons"), workspace.lessonsFolder());
        assertEquals("05-attention", fx(() -> window.currentPane().lesson().id()));
        assertFalse(Files.exists(InstructorActions.packFolder(damaged)));

        PackReader.Imported imported = fx(() -> window.instructor().openPack(pack)).get(30, TimeUnit.SECONDS);
        assertNotNull(imported);
        Path lessons = AppSettings.home().resolve("packs/week1/lessons");
        assertEquals(lessons, imported.lessonsFolder());
        assertEquals(lessons, workspace.lessonsFolder());
        assertEquals(lessons.toString(), AppSettings.load().lessonsFolder());
        waitUntil(() -> window.currentPane() != null && window.currentPane().lesson().file().startsWith(lessons));
        assertEquals(List.of("03-bigram", "05-attention"), fx(() -> window.lessonList().getItems().stream().map(Lesson::id).toList()));
        assertEquals(Files.readString(course.resolve("lessons/03-bigram.md")), Files.readString(lessons.resolve("03-bigram.md")));
    }
}
