package org.slmworkshop.ui.lab.stepper;

import java.nio.file.Path;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.LessonPane;
import org.slmworkshop.ui.MainWindow;
import org.slmworkshop.ui.Workspace;

/**
 * Opens the app's main window on lesson 6's Forward pass tab, to look at the stepper under Xvfb. Not a test.
 * Arguments: {@code width height [position [stage-label [change]]]}, e.g. {@code 1360 860 30 h1.attn.weights[head 0] change}:
 * picks the position, walks to the stage and presses "Change a later token". {@code -Dprompt=TEXT} types a prompt.
 */
public final class StepperPreview {
    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            var args = getParameters().getRaw();
            Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
            MainWindow window = new MainWindow(workspace, new org.slmworkshop.ui.lesson.LessonTexts(null));
            Scene scene = new Scene(window.root(), Double.parseDouble(args.get(0)), Double.parseDouble(args.get(1)));
            scene.getStylesheets().add(getClass().getResource("/css/workshop.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
            workspace.chooseBackend(org.slmworkshop.kernels.BackendMode.CPU);   // the status bar names the engine
            PauseTransition open = new PauseTransition(Duration.seconds(2));   // after the window has picked its lesson
            open.setOnFinished(e -> {
                Lesson lesson = window.lessonList().getItems().stream().filter(l -> l.id().startsWith("06")).findFirst()
                        .orElseThrow();
                window.lessonList().getSelectionModel().select(lesson);
                LessonPane pane = window.currentPane();
                Tab tab = pane.labTabs().getTabs().stream().filter(t -> t.getId().equals("lab-stepper")).findFirst()
                        .orElseThrow();
                pane.labTabs().getSelectionModel().select(tab);
                String prompt = System.getProperty("prompt");   // -Dprompt=TEXT: what a learner typed
                if (prompt != null) {
                    PauseTransition typed = new PauseTransition(Duration.seconds(6));
                    typed.setOnFinished(t -> ((javafx.scene.control.TextField) scene.lookup("#stepper-prompt")).setText(prompt));
                    typed.play();
                }
            });
            open.play();
            if (args.size() < 3) return;
            Timeline later = new Timeline();   // once the lab shows its first trace
            later.getKeyFrames().add(new KeyFrame(Duration.millis(500), e -> {
                Node chip = scene.lookup("#stepper-token-" + args.get(2));
                if (chip == null) return;
                later.stop();
                chip.getOnMouseClicked().handle(null);
                if (args.size() > 3) {
                    ListView<?> stages = (ListView<?>) scene.lookup("#stepper-stages");
                    for (int i = 0; i < stages.getItems().size(); i++) {
                        if (((Walk.Step) stages.getItems().get(i)).stage().label().equals(args.get(3))) {
                            stages.getSelectionModel().select(i);
                        }
                    }
                }
                if (args.size() > 4) ((Button) scene.lookup("#stepper-change-later")).fire();
            }));
            later.setCycleCount(Timeline.INDEFINITE);
            later.play();
        }
    }
}
