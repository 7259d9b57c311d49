package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.ui.lesson.LessonTexts;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The window's first frame with a lesson shows its text while the lab beside it is still to be built. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class FirstFrameTest {
    /** What the first frame holding a lesson showed: the lesson's title, its text's node count, the labs built. */
    private record Frame(String lesson, int textNodes, int labsBuilt) {}

    private final AtomicReference<Frame> firstFrame = new AtomicReference<>();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        window = new MainWindow(workspace, new LessonTexts(null));
        Scene scene = new Scene(window.root(), 1360, 860);
        scene.getStylesheets().add(WorkshopApp.class.getResource("/css/workshop.css").toExternalForm());
        // runs in every pulse after layout, just before the frame goes to the renderer
        scene.addPostLayoutPulseListener(() -> {
            LessonPane pane = window.currentPane();
            if (pane == null || firstFrame.get() != null) return;
            StackPane text = (StackPane) pane.getItems().get(0);
            firstFrame.set(new Frame(pane.lesson().title(), text.getChildren().size(), pane.builtLabs().size()));
        });
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void the_first_lesson_is_painted_before_its_lab_is_built_and_the_lab_follows() {
        Fx.waitUntil("a frame with the first lesson", 30, () -> firstFrame.get() != null);
        Frame frame = firstFrame.get();
        assertEquals("What is a language model?", frame.lesson());
        assertEquals(1, frame.textNodes(), "the lesson's text is in the first frame");
        assertEquals(0, frame.labsBuilt(), "no lab is built before the frame with the text");

        Fx.waitUntil("the first lab built", 30, () -> window.currentPane().builtLabs().size() == 1);
        Tab first = Fx.get(() -> window.currentPane().labTabs().getTabs().get(0));
        var lab = Fx.get(() -> window.currentPane().builtLabs().get(first));
        assertNotNull(lab, "the built lab is the first tab's");
        assertTrue(Fx.get(() -> first.getContent() == lab.view()), "the tab shows the lab, not the placeholder");
    }
}
