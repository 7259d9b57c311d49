package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The whole app: closing the window while a model trains asks first, and Cancel leaves the run going. */
@ExtendWith(IsolatedSettings.class)
class QuitDuringTrainingTest {
    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private javafx.application.Application app;

    @BeforeEach
    void startApp() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(WorkshopApp.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> stage.isShowing());
    }

    @AfterEach
    void stopApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    @Test
    void closing_while_training_asks_and_cancel_keeps_the_window_and_the_run() throws Exception {
        @SuppressWarnings("unchecked")
        ListView<Object> lessons = robot.lookup(".lesson-list").queryAs(ListView.class);
        robot.interact(() -> lessons.getSelectionModel().select(5));     // lesson 6: a 2000-step GPT
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#train-start").tryQuery().isPresent()
                && !robot.lookup("#train-start").queryAs(Button.class).isDisabled());
        robot.clickOn("#train-start");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup("#status-run").queryAs(Labeled.class).getText().contains("step"));

        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("is still training"), dialog.getContentText());
        // the run waits while the learner decides
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#status-run").queryAs(Labeled.class).getText().contains("paused"));

        robot.interact(() -> ((Button) dialog.lookupButton(javafx.scene.control.ButtonType.CANCEL)).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.isShowing(), "Cancel keeps the window open");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !robot.lookup("#status-run").queryAs(Labeled.class).getText().contains("paused"));
        assertEquals(true, stage.isShowing());
        robot.clickOn("#train-stop");
    }
}
