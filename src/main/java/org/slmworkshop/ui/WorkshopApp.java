package org.slmworkshop.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.ui.lesson.LessonTexts;
import org.slmworkshop.ui.view.Appearance;
import org.slmworkshop.ui.view.Theme;
import org.slmworkshop.ui.view.ViewMenu;
import org.slmworkshop.train.Checkpoints;

/**
 * The desktop app. The window appears first, with the lesson's text; the backend is chosen behind it once that
 * frame is painted ({@code --backend} or {@code SLM_BACKEND}, else the GPU when one works) and the status bar says
 * when the engine is ready.
 */
public final class WorkshopApp extends Application {
    private Workspace workspace;
    private MainWindow window;
    private Stage stage;

    public static void main(String[] args) {
        launch(WorkshopApp.class, args);
    }

    /** The lessons folder: {@code -Dslm.lessons}, else the one chosen last time, else {@code ./lessons}. */
    static Path lessonsFolder(AppSettings settings) {
        String property = System.getProperty("slm.lessons");
        if (property != null) return Path.of(property);
        if (settings.lessonsFolder() != null && Files.isDirectory(Path.of(settings.lessonsFolder()))) {
            return Path.of(settings.lessonsFolder());
        }
        return Path.of("lessons");
    }

    /** Off the FX thread, before any native library of the engine loads. */
    @Override
    public void init() {
        StartupClock.mark("JavaFX started");
        NativePreload.textRendering();
        Theme.system();   // may ask the desktop (a short process): here, not on the FX thread
        StartupClock.mark("text rendering loaded");
    }

    @Override
    public void start(Stage primaryStage) {
        stage = primaryStage;
        AppSettings settings = AppSettings.load();
        workspace = new Workspace(settings, lessonsFolder(settings));
        workspace.setHostServices(getHostServices());
        window = new MainWindow(workspace, new LessonTexts(getHostServices(),
                new org.slmworkshop.ui.lesson.ExerciseRuns(workspace.training())));
        StartupClock.mark("lessons loaded", window.lessonList().getItems().size() + " lessons");
        Scene scene = new Scene(window.root(), settings.windowWidth(), settings.windowHeight());
        scene.getStylesheets().add(WorkshopApp.class.getResource("/css/workshop.css").toExternalForm());
        Appearance appearance = new Appearance(settings, workspace::updateSettings, Theme.system());
        appearance.attach(scene);
        ViewMenu.addKeypadKeys(scene, appearance);
        window.install(appearance);
        stage.setTitle("SLM Workshop");
        for (int size : new int[] {256, 64, 32}) {
            stage.getIcons().add(new javafx.scene.image.Image(
                    WorkshopApp.class.getResource("/icons/slm-workshop-" + size + ".png").toExternalForm()));
        }
        stage.setScene(scene);
        stage.setMaximized(settings.maximized());
        stage.setOnCloseRequest(this::confirmClose);
        workspace.notifier().setOwner(stage);
        afterFirstFrame(scene, () -> workspace.startBackend(startMode(workspace.notifier())));
        stage.show();
        Platform.runLater(() -> StartupClock.mark("first window"));
    }

    /**
     * Runs {@code then} once the first frame with the lesson's text (or with no lessons to show) has gone to the
     * renderer: loading the engine's natives (seconds on a first start) does not compete with that frame. Logs
     * both frames.
     */
    private void afterFirstFrame(Scene scene, Runnable then) {
        org.slmworkshop.ui.lab.NextFrame.afterLayout(scene, () -> {
            StartupClock.mark("first frame");
            if (window.currentPane() == null) return window.lessonList().getItems().isEmpty();
            StartupClock.mark("first frame with the lesson", window.currentPane().lesson().title());
            return true;
        }, then);
    }

    /** {@code -Dslm.backend} or {@code SLM_BACKEND}; a value that names no backend is reported, and auto used. */
    static BackendMode startMode(Notifier notifier) {
        try {
            return BackendMode.fromSystem();
        } catch (IllegalArgumentException e) {
            notifier.error("Choosing the engine automatically", e.getMessage());
            return BackendMode.AUTO;
        }
    }

    /** Closing during a run asks whether to save it first; nothing already saved is touched. */
    private void confirmClose(WindowEvent event) {
        TrainingSession training = workspace.training();
        if (!training.state().isActive() || training.setup() == null) return;
        training.pause();
        ButtonType save = new ButtonType("Save checkpoint and quit", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Quit without saving", ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                "\"" + training.titleProperty().get() + "\" is still training. Save a checkpoint before quitting?",
                save, discard, ButtonType.CANCEL);
        alert.initOwner(stage);
        alert.setTitle("Training in progress");
        alert.setHeaderText("Quit while training?");
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) {
            training.resume();
            event.consume();
        } else if (answer.get() == save) {
            event.consume();
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save checkpoint");
            chooser.setInitialFileName("workshop-run.ckpt");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Checkpoints", "*.ckpt"));
            java.io.File file = chooser.showSaveDialog(stage);
            if (file == null) {
                training.resume();
                return;
            }
            training.betweenSteps(setup -> Checkpoints.save(file.toPath(), setup.trainer(), setup.prepared()))
                    .whenComplete((ok, error) -> Platform.runLater(() -> {
                        if (error != null) {
                            workspace.notifier().error("The checkpoint could not be saved", error);
                        } else {
                            stage.close();
                            Platform.exit();
                        }
                    }));
        }
    }

    @Override
    public void stop() {
        if (stage != null && workspace != null) {
            boolean maximized = stage.isMaximized();
            workspace.updateSettings(s -> maximized ? s.withWindow(s.windowWidth(), s.windowHeight(), true)
                    : s.withWindow(stage.getWidth(), stage.getHeight(), false));
        }
        if (window != null) window.close();
        if (workspace != null) workspace.shutdown();
    }
}
