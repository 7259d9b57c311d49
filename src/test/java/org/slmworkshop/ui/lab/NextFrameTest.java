package org.slmworkshop.ui.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * NextFrame.run waits for a frame to be laid out: work split into "this frame, then the next" must not land in one
 * frame. A plain AnimationTimer started from an event runs in the very frame that lays that event out, and one
 * started from another timer runs again within the same frame.
 */
@ExtendWith(ApplicationExtension.class)
class NextFrameTest {
    private Scene scene;
    private int layouts;   // frames whose layout pass has run

    @Start
    void start(Stage stage) {
        scene = new Scene(new StackPane(new Label("frames")), 200, 100);
        scene.addPostLayoutPulseListener(() -> layouts++);
        stage.setScene(scene);
        stage.sizeToScene();
        stage.show();
    }

    @Test
    void eachStepWaitsForTheNextFrame() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Platform.runLater(() -> {
            seen.add(layouts);                           // an event, between frames
            NextFrame.run(() -> {
                seen.add(layouts);                       // a timer, in a frame's animation phase
                NextFrame.run(() -> {
                    seen.add(layouts);
                    NextFrame.run(() -> seen.add(layouts));
                });
            });
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> seen.size() == 4);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "step " + i + " ran before a new frame was laid out: " + seen);
        }
        for (int i = 2; i < seen.size(); i++) {   // a step scheduled by the last runs in the very next frame
            assertEquals(seen.get(i - 1) + 1, seen.get(i), "step " + i + " skipped a frame: " + seen);
        }
    }
}
