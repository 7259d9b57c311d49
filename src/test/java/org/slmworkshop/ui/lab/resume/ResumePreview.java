package org.slmworkshop.ui.lab.resume;

import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.LessonPane;
import org.slmworkshop.ui.MainWindow;
import org.slmworkshop.ui.Workspace;

/**
 * Opens the app's main window on lesson 9's Resume experiment tab, to look at it under Xvfb. Not a test.
 * Arguments: {@code width height [checkpoint steps]}: with a checkpoint, chooses it and presses Run.
 */
public final class ResumePreview {
    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
        @Override
        @SuppressWarnings("unchecked")
        public void start(Stage stage) {
            var args = getParameters().getRaw();
            Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
            MainWindow window = new MainWindow(workspace, new org.slmworkshop.ui.lesson.LessonTexts(null));
            Scene scene = new Scene(window.root(), Double.parseDouble(args.get(0)), Double.parseDouble(args.get(1)));
            scene.getStylesheets().add(getClass().getResource("/css/workshop.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
            workspace.chooseBackend(org.slmworkshop.kernels.BackendMode.CPU);
            PauseTransition open = new PauseTransition(Duration.seconds(2));
            open.setOnFinished(e -> {
                Lesson lesson = window.lessonList().getItems().stream().filter(l -> l.id().startsWith("09")).findFirst()
                        .orElseThrow();
                window.lessonList().getSelectionModel().select(lesson);
                LessonPane pane = window.currentPane();
                Tab tab = pane.labTabs().getTabs().stream().filter(t -> t.getId().equals("lab-resume")).findFirst()
                        .orElseThrow();
                pane.labTabs().getSelectionModel().select(tab);
                if (args.size() < 4) return;
                PauseTransition run = new PauseTransition(Duration.seconds(2));
                run.setOnFinished(r -> {
                    ComboBox<Path> checkpoints = (ComboBox<Path>) scene.lookup("#resume-checkpoint");
                    Path file = Path.of(args.get(2)).toAbsolutePath().normalize();
                    checkpoints.getItems().add(0, file);
                    checkpoints.setValue(file);
                    ((Spinner<Integer>) scene.lookup("#resume-steps")).getValueFactory().setValue(Integer.parseInt(args.get(3)));
                    ((Button) scene.lookup("#resume-run")).fire();
                });
                run.play();
            });
            open.play();
        }
    }
}
