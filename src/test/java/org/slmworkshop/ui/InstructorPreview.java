package org.slmworkshop.ui;

import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slmworkshop.lesson.Lesson;

/**
 * Opens the main window on a lessons folder to look at instructor mode under Xvfb. Not a test.
 * Arguments: lessons-folder lesson-prefix tab-index [start-in-lesson-prefix] (a run is started in that
 * lesson's training lab first, then the window goes to lesson-prefix), e.g. {@code lessons 05 0 03}.
 */
public final class InstructorPreview {
    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            var args = getParameters().getRaw();
            Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of(args.get(0)));
            MainWindow window = new MainWindow(workspace, new org.slmworkshop.ui.lesson.LessonTexts(null));
            Scene scene = new Scene(window.root(), Double.parseDouble(System.getProperty("w", "1360")),
                    Double.parseDouble(System.getProperty("h", "860")));
            scene.getStylesheets().add(getClass().getResource("/css/workshop.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
            workspace.notifier().setOwner(stage);
            workspace.startBackend(org.slmworkshop.kernels.BackendMode.CPU);
            Runnable show = () -> {
                select(window, args.get(1), Integer.parseInt(args.get(2)));
                String pack = System.getProperty("pack");   // -Dpack=FILE: open a classroom pack as the menu does
                if (pack != null) {
                    PauseTransition later = new PauseTransition(Duration.seconds(3));
                    later.setOnFinished(e -> window.instructor().openPack(Path.of(pack)));
                    later.play();
                }
            };
            if (args.size() > 3) {
                Platform.runLater(() -> {
                    select(window, args.get(3), 0);
                    PauseTransition ready = new PauseTransition(Duration.seconds(6));
                    ready.setOnFinished(e -> {
                        scene.lookup("#train-start").getClass();
                        ((javafx.scene.control.Button) window.currentPane().lookup("#train-start")).fire();
                        PauseTransition later = new PauseTransition(Duration.seconds(8));
                        later.setOnFinished(f -> show.run());
                        later.play();
                    });
                    ready.play();
                });
            } else {
                Platform.runLater(show);
            }
        }

        private static void select(MainWindow window, String prefix, int tab) {
            Lesson lesson = window.lessonList().getItems().stream().filter(l -> l.id().startsWith(prefix)).findFirst().orElseThrow();
            window.lessonList().getSelectionModel().select(lesson);
            window.currentPane().labTabs().getSelectionModel().select(tab);
        }
    }
}
