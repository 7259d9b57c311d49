package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.cuda.CudaRuntime;
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
        workspace.startBackend(BackendMode.AUTO);
    }

    @Test
    void helpOpensTheNotationCardTypesetLikeALesson(FxRobot robot) throws Exception {
        robot.interact(() -> window.notation());
        WaitForAsyncUtils.waitForFxEvents();
        Stage card = robot.listWindows().stream().filter(w -> w instanceof Stage s && "Notation card".equals(s.getTitle()))
                .map(w -> (Stage) w).findFirst().orElseThrow();
        var scroll = (javafx.scene.control.ScrollPane) card.getScene().getRoot();
        var view = (org.slmworkshop.ui.lesson.MarkdownView) scroll.getContent();
        assertEquals(Files.readString(Path.of("lessons/NOTATION.md")), view.getMarkdown());
        assertTrue(view.formulas().size() > 30, "formulas typeset: " + view.formulas().size());
        String shot = System.getProperty("slm.notationShot");
        if (shot != null) {
            robot.interact(() -> {
                var image = card.getScene().getRoot().snapshot(null, null);
                int w = (int) image.getWidth(), h = (int) image.getHeight();
                var out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.setRGB(x, y, image.getPixelReader().getArgb(x, y));
                try {
                    javax.imageio.ImageIO.write(out, "png", new java.io.File(shot));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        robot.interact(card::close);
    }

    @Test
    void clicking_each_lesson_opens_its_text_and_one_tab_per_lab(FxRobot robot) {
        List<Lesson> lessons = Lessons.load(Path.of("lessons")).lessons();
        assertEquals(11, lessons.size());
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

    private String engineLabel(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> workspace.engineProperty().get() != null
                && !workspace.engineBusyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#status-backend").queryAs(Label.class).getText();
    }

    private void chooseFromTheEngineMenu(FxRobot robot, String item) throws Exception {
        robot.clickOn("Engine");
        robot.clickOn(item);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !workspace.engineBusyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private RadioMenuItem engineItem(String mode) {
        MenuBar bar = (MenuBar) window.root().getTop();
        return bar.getMenus().stream().filter(menu -> "engine-menu".equals(menu.getId())).findFirst().orElseThrow()
                .getItems().stream().filter(item -> ("engine-" + mode).equals(item.getId()))
                .map(RadioMenuItem.class::cast).findFirst().orElseThrow();
    }

    @Test
    void the_status_bar_names_the_engine_and_its_tooltip_says_why(FxRobot robot) throws Exception {
        String text = engineLabel(robot);
        Label label = robot.lookup("#status-backend").queryAs(Label.class);
        if (CudaRuntime.status().usable()) {
            assertTrue(text.startsWith("GPU: ") && text.contains(" · cc "), text);
        } else {
            assertTrue(text.startsWith("CPU · ") && text.endsWith("threads"), text);
            String reason = EngineState.brief(CudaRuntime.status().problem());
            assertTrue(label.getTooltip().getText().contains("Asked for auto: " + reason + "; training on the CPU"),
                    label.getTooltip().getText());
        }
        assertTrue(label.getTooltip().getText().contains("models created from now on"), label.getTooltip().getText());
        assertTrue(engineItem("auto").isSelected(), "the menu ticks what was asked at start");
    }

    @Test
    void asking_for_the_gpu_where_there_is_none_says_why_and_stays_on_the_cpu(FxRobot robot) throws Exception {
        assumeFalse(CudaRuntime.status().usable(), "this machine has a usable GPU");
        engineLabel(robot);
        chooseFromTheEngineMenu(robot, "GPU (CUDA)");
        String problem = CudaRuntime.status().problem();
        String shown = workspace.notifier().errors().get(workspace.notifier().errors().size() - 1);
        assertEquals("The GPU (CUDA) cannot be used here: " + EngineState.brief(problem), shown);
        if (problem.contains(" (looked in ")) {
            assertTrue(shown.contains(" (looked in " + CudaRuntime.status().searched().size() + " folders, which slm info lists)"), shown);
        }
        assertFalse(shown.contains("\n"), "one line");
        assertTrue(engineLabel(robot).startsWith("CPU"), engineLabel(robot));
        assertEquals("cpu", Backends.standard().name());
        assertTrue(engineItem("auto").isSelected(), "the tick goes back to the engine in effect");
        assertFalse(engineItem("cuda").isSelected());
    }

    @Test
    void starting_with_the_gpu_asked_for_where_there_is_none_runs_on_the_cpu_and_says_why(FxRobot robot) throws Exception {
        assumeFalse(CudaRuntime.status().usable(), "this machine has a usable GPU");
        engineLabel(robot);
        Workspace other = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        EngineMenu[] menu = new EngineMenu[1];
        try {
            robot.interact(() -> {
                menu[0] = new EngineMenu(other);
                other.startBackend(BackendMode.CUDA);
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> other.engineProperty().get() != null
                    && !other.engineBusyProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            EngineState state = other.engineProperty().get();
            assertFalse(state.onGpu());
            assertEquals("cpu", Backends.standard().name());
            assertEquals(List.of("The GPU (CUDA) cannot be used here: " + EngineState.brief(CudaRuntime.status().problem())),
                    other.notifier().errors());
            RadioMenuItem cpu = (RadioMenuItem) menu[0].getItems().stream().filter(i -> "engine-cpu".equals(i.getId())).findFirst().orElseThrow();
            assertTrue(cpu.isSelected(), "the tick shows where models run");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void choosing_the_cpu_applies_to_models_created_afterwards(FxRobot robot) throws Exception {
        engineLabel(robot);
        try {
            chooseFromTheEngineMenu(robot, "CPU");
            assertTrue(engineItem("cpu").isSelected());
            assertEquals(BackendMode.CPU, workspace.engineProperty().get().choice().requested());
            assertEquals("cpu", Backends.standard().name());
            assertTrue(engineLabel(robot).startsWith("CPU · "), engineLabel(robot));
            assertTrue(workspace.notifier().lastMessageProperty().get().contains("models created from now on"),
                    workspace.notifier().lastMessageProperty().get());
        } finally {
            robot.interact(() -> workspace.chooseBackend(BackendMode.AUTO));
            engineLabel(robot);
        }
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
        assertEquals("04b-how-training-moves-a-weight", pane.lesson().id(), "from lesson 1: the first that trains a GPT");
        assertEquals("lab-training", pane.labTabs().getSelectionModel().getSelectedItem().getId());
        robot.interact(() -> window.lessonList().getSelectionModel().select(
                window.lessonList().getItems().stream().filter(l -> l.id().equals("07-decoding")).findFirst().orElseThrow()));
        robot.interact(() -> workspace.openLab(org.slmworkshop.lesson.Lab.TRAINING, "gpt"));
        pane = window.currentPane();
        assertEquals("06-the-gpt", pane.lesson().id(), "from the sampling lesson: the GPT lesson just before it");
        assertEquals("lab-training", pane.labTabs().getSelectionModel().getSelectedItem().getId());
    }

    @Test
    void a_lab_leads_to_the_lab_beside_it_in_the_same_lesson_before_any_other(FxRobot robot) {
        robot.clickOn(robot.lookup(".lesson-list .list-cell").nth(2).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        LessonPane pane = window.currentPane();
        assertEquals("03-the-bigram-model", pane.lesson().id());
        robot.interact(() -> pane.selectLab(org.slmworkshop.lesson.Lab.TRANSITION));
        assertEquals("lab-transition", pane.labTabs().getSelectionModel().getSelectedItem().getId());

        robot.interact(() -> workspace.openLab(org.slmworkshop.lesson.Lab.TRAINING, null));
        assertEquals("03-the-bigram-model", window.currentPane().lesson().id(), "stays in the lesson on screen");
        assertEquals("lab-training", pane.labTabs().getSelectionModel().getSelectedItem().getId());

        robot.interact(() -> workspace.openLab(org.slmworkshop.lesson.Lab.TRAINING, "gpt"));
        assertEquals("04b-how-training-moves-a-weight", window.currentPane().lesson().id(),
                "lesson 3 trains no GPT; lesson 4b overfits one on a paragraph");
    }

    @Test
    void closing_the_window_stops_every_thread_its_labs_started(FxRobot robot) throws Exception {
        int lessons = window.lessonList().getItems().size();
        for (int i = 0; i < lessons; i++) {
            int index = i;
            robot.interact(() -> window.lessonList().getSelectionModel().select(index));
            LessonPane pane = window.currentPane();
            for (Tab tab : List.copyOf(pane.labTabs().getTabs())) {
                robot.interact(() -> pane.labTabs().getSelectionModel().select(tab));   // builds the lab
            }
        }
        WaitForAsyncUtils.waitForFxEvents();
        LabThreads threads = workspace.threads();
        assertTrue(threads.open() >= 8, "the labs took their threads from the workspace: " + threads.open());
        robot.interact(workspace::shutdown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.open() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(List.of(), threads.openNames(), "threads still running after the window closed");
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        threads.own("late").execute(() -> ran.set(true));   // work handed over afterwards is dropped, not thrown
        Thread.sleep(50);
        assertFalse(ran.get());
    }
}
