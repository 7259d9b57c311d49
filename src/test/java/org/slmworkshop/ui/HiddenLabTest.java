package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lesson.LessonTexts;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Only the lab on show is in the scene: a hidden lab that kept changing (the training lab's chart while the learner
 * watched the stepper) made JavaFX repaint the whole window every frame. A lab taken out comes back as it was.
 */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class HiddenLabTest {
    private LessonPane pane;

    @Start
    void start(Stage stage) {
        Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        Lesson gpt = Lessons.load(Path.of("lessons")).lessons().stream()
                .filter(l -> l.id().equals("06-the-gpt")).findFirst().orElseThrow();
        pane = new LessonPane(workspace, gpt, new LessonTexts(null));
        stage.setScene(new Scene(pane, 1360, 860));
        stage.sizeToScene();
        stage.show();
    }

    @Test
    void aHiddenLabLeavesTheSceneAndComesBackTheSameLab() {
        Tab training = Fx.get(() -> pane.labTabs().getTabs().get(0));
        Tab stepper = Fx.get(() -> pane.labTabs().getTabs().get(2));
        LabView trainingLab = Fx.get(() -> pane.builtLabs().get(training));
        assertTrue(Fx.get(() -> trainingLab.view().getScene() != null), "the first lab is on show");

        Fx.run(() -> pane.labTabs().getSelectionModel().select(stepper));
        LabView stepperLab = Fx.get(() -> pane.builtLabs().get(stepper));
        assertNull(Fx.get(training::getContent), "the hidden tab holds no lab");
        assertNull(Fx.get(() -> trainingLab.view().getScene()), "the hidden lab is out of the scene");
        assertTrue(Fx.get(() -> stepperLab.view().getScene() != null));
        assertEquals(2, Fx.get(() -> pane.builtLabs().size()), "a hidden lab is kept, not disposed");

        Fx.run(() -> pane.labTabs().getSelectionModel().select(training));
        assertSame(trainingLab, Fx.get(() -> pane.builtLabs().get(training)), "the same lab, with its state");
        assertSame(trainingLab.view(), Fx.get(training::getContent));
        assertTrue(Fx.get(() -> trainingLab.view().getScene() != null), "back in the scene");
        assertNull(Fx.get(() -> stepperLab.view().getScene()), "and the stepper out of it");
    }
}
