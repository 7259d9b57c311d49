package org.slmworkshop.ui.lab.heatmap;

import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.LessonPane;
import org.slmworkshop.ui.MainWindow;
import org.slmworkshop.ui.Workspace;

/**
 * Opens the app's main window on a lesson and lab tab, optionally after training a bigram in the
 * window, to look at the heatmap labs under Xvfb. Not a test.
 * Arguments: lesson-id-prefix tab-id [bigram-steps (0: none) [id,id=choice,…]] (e.g. {@code 03 lab-transition 200
 * view-learned}, {@code 04a lab-training 0 train-model=bigram,train-full-vocab}).
 */
public final class HeatLabsPreview {
    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            var args = getParameters().getRaw();
            Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
            MainWindow window = new MainWindow(workspace, new org.slmworkshop.ui.lesson.LessonTexts(null));
            Scene scene = new Scene(window.root(), Integer.getInteger("preview.width", 1360), Integer.getInteger("preview.height", 860));
            scene.getStylesheets().add(getClass().getResource("/css/workshop.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
            // the window selects its start lesson in a runLater of its own; choose ours after it
            PauseTransition opened = new PauseTransition(Duration.seconds(1.5));
            opened.setOnFinished(event -> open(window, workspace, scene, args));
            opened.play();
        }

        private static void open(MainWindow window, Workspace workspace, Scene scene, java.util.List<String> args) {
            Lesson lesson = window.lessonList().getItems().stream().filter(l -> l.id().startsWith(args.get(0)))
                    .findFirst().orElseThrow();
            window.lessonList().getSelectionModel().select(lesson);
            LessonPane pane = window.currentPane();
            Tab tab = pane.labTabs().getTabs().stream().filter(t -> t.getId().equals(args.get(1))).findFirst().orElseThrow();
            pane.labTabs().getSelectionModel().select(tab);
            if (args.size() > 3) {
                PauseTransition later = new PauseTransition(Duration.seconds(1));
                later.setOnFinished(e -> {
                    for (String action : args.get(3).split(",")) {   // an id to select, or id=value for a choice box
                        String[] parts = action.split("=", 2);
                        Node node = scene.lookup("#" + parts[0]);
                        if (node instanceof ToggleButton button) button.setSelected(true);
                        if (node instanceof javafx.scene.control.CheckBox box) box.setSelected(true);
                        if (node instanceof javafx.scene.control.Button button) {   // after the rest has settled
                            PauseTransition settle = new PauseTransition(Duration.seconds(8));
                            settle.setOnFinished(done -> button.fire());
                            settle.play();
                        }
                        if (node instanceof javafx.scene.control.ChoiceBox<?> choice && parts.length == 2) {
                            @SuppressWarnings("unchecked")
                            javafx.scene.control.ChoiceBox<String> strings = (javafx.scene.control.ChoiceBox<String>) choice;
                            strings.setValue(parts[1]);
                        }
                    }
                });
                later.play();
            }
            if (args.size() > 2 && Integer.parseInt(args.get(2)) > 0) {
                PauseTransition later = new PauseTransition(Duration.seconds(3));
                later.setOnFinished(e -> workspace.training().start("Bigram on dickens",
                        Runs.bigram(workspace, "dickens", Integer.parseInt(args.get(2)))));
                later.play();
            }
        }
    }
}
