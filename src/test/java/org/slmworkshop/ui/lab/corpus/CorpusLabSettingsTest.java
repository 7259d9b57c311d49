package org.slmworkshop.ui.lab.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The lesson pane applies a lab's settings before its tab is first drawn; the lesson's tokenizer must still win. */
@ExtendWith(ApplicationExtension.class)
class CorpusLabSettingsTest {
    @TempDir
    static Path home;
    private CorpusLab lab;

    @BeforeAll
    static void isolateSettings() {
        System.setProperty("slm.home", home.toString());
    }

    @Start
    void start(Stage stage) {
        lab = new CorpusLab(new Workspace(AppSettings.DEFAULTS, Path.of("lessons")));
        Scene scene = new Scene((Parent) lab.view(), 900, 800);
        lab.apply(new LabSettings(Lab.CORPUS, "macbeth", "word", 500, null, null, null, null, null, null, null, null, null));
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void settingsAppliedBeforeTheLabIsShownChooseTheLessonsTokenizerAndVocabulary(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lab.prepared() != null && lab.lastLoad().isDone());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("macbeth", lab.prepared().corpus().id());
        assertEquals("word", lab.prepared().tokenizer().kind());
        assertEquals(500, lab.prepared().tokenizer().vocabSize());
        assertEquals("500", robot.lookup("#word-vocab").queryAs(javafx.scene.control.Spinner.class).getValue().toString());
    }
}
