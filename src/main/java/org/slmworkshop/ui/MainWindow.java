package org.slmworkshop.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.lesson.Problem;
import org.slmworkshop.ui.lesson.LessonTexts;
import org.slmworkshop.ui.lesson.LessonWatcher;
import org.slmworkshop.ui.view.Appearance;
import org.slmworkshop.ui.view.KeyboardMap;
import org.slmworkshop.ui.view.ViewMenu;

/**
 * The window's layout (from {@code fxml/main-window.fxml}): the lesson list on the left, the open
 * lesson in the middle, the status bar at the bottom. Lesson panes are kept once built, so a lab
 * keeps its state when the learner walks back to it.
 */
public final class MainWindow {
    @FXML private BorderPane root;
    @FXML private MenuBar menuBar;
    @FXML private ListView<Lesson> lessonList;
    @FXML private StackPane content;
    @FXML private Label lessonsFolderLabel;

    private final Workspace workspace;
    private final LessonTexts textRenderer;
    private LessonWatcher watcher;
    private final Map<Path, LessonPane> panes = new HashMap<>();
    private Path lessonsFolder;
    private final InstructorActions instructor;
    /** The next lesson shown is the one a lessons folder opens with: its lab waits for the first frame. */
    private boolean opening;

    public MainWindow(Workspace workspace, LessonTexts textRenderer) {
        this.workspace = workspace;
        this.textRenderer = textRenderer;
        FXMLLoader loader = new FXMLLoader(MainWindow.class.getResource("/fxml/main-window.fxml"));
        loader.setController(this);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        root.setBottom(new StatusBar(workspace));
        menuBar.getMenus().add(menuBar.getMenus().size() - 1, new EngineMenu(workspace));   // before Help
        lessonList.setCellFactory(list -> new LessonCell());
        lessonList.getSelectionModel().selectedItemProperty().addListener((obs, old, lesson) -> show(lesson));
        workspace.setLabOpener(this::openLab);
        workspace.setLessonLabOpener(this::openLessonLab);
        instructor = new InstructorActions(workspace, this::openLessons, this::currentPane, this::window);
        menuBar.getMenus().get(0).getItems().addAll(1, instructor.fileItems());             // File, below Lessons folder…
        menuBar.getMenus().get(1).getItems().addAll(new SeparatorMenuItem(), instructor.resetItem());   // Lesson
        openLessons(workspace.lessonsFolder());
    }

    /**
     * Shows {@code lab} on its tab: the current lesson's when it has one that fits, otherwise the first
     * lesson with it (preferring one whose lab trains {@code model}).
     */
    public void openLab(Lab lab, String model) {
        Lesson current = lessonList.getSelectionModel().getSelectedItem();
        LessonPane shown = currentPane();
        if (current != null && shown != null && current.labs().stream()
                .anyMatch(s -> s.lab() == lab && (model == null || model.equals(s.model())))) {
            shown.selectLab(lab, model);
            return;
        }
        List<Lesson> lessons = lessonList.getItems();
        // the nearest lesson before the one on screen that fits (the sampling lesson's "train it yourself" leads
        // to the GPT lesson just before it), else the first that fits, else any with the lab
        List<Lesson> fitting = lessons.stream().filter(l -> l.labs().stream()
                .anyMatch(s -> s.lab() == lab && (model == null || model.equals(s.model())))).toList();
        int here = current == null ? -1 : lessons.indexOf(current);
        Lesson target = fitting.stream().filter(l -> lessons.indexOf(l) < here).reduce((first, second) -> second)
                .or(() -> fitting.stream().findFirst())
                .orElse(lessons.stream().filter(l -> l.labs().stream().anyMatch(s -> s.lab() == lab)).findFirst().orElse(null));
        if (target == null) {
            workspace.notifier().info("No such lab", "No lesson in " + lessonsFolder + " has a " + lab.id() + " lab.");
            return;
        }
        lessonList.getSelectionModel().select(target);
        LessonPane pane = currentPane();
        if (pane != null) pane.selectLab(lab, model);
    }

    /** Opens one lesson's tab (the "Go to lesson 3" link above another lesson's training lab). */
    private void openLessonLab(Path lessonFile, org.slmworkshop.lesson.LabSettings settings) {
        Path wanted = lessonFile.toAbsolutePath().normalize();
        lessonList.getItems().stream().filter(l -> l.file().toAbsolutePath().normalize().equals(wanted)).findFirst()
                .ifPresent(lesson -> {
                    lessonList.getSelectionModel().select(lesson);
                    LessonPane pane = currentPane();
                    if (pane != null) pane.selectLab(settings);
                });
    }

    InstructorActions instructor() {
        return instructor;
    }

    public BorderPane root() {
        return root;
    }

    /**
     * View ▸ zoom, presenter mode and theme, and Help ▸ Keyboard shortcuts; presenter mode hides the
     * lesson list (labs hide their own settings columns, {@link Appearance#watchPresenting}).
     */
    public void install(Appearance appearance) {
        menuBar.getMenus().add(2, new ViewMenu(appearance));   // after Lesson
        javafx.scene.control.Menu help = menuBar.getMenus().get(menuBar.getMenus().size() - 1);
        javafx.scene.control.MenuItem keys = new javafx.scene.control.MenuItem("Keyboard shortcuts");
        keys.setId("help-keyboard");
        keys.setAccelerator(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.F1));
        keys.setOnAction(e -> KeyboardMap.show(window()));
        help.getItems().add(0, keys);
        javafx.scene.Node sidebar = root.getLeft();
        appearance.presentingProperty().addListener((obs, was, presenting) -> root.setLeft(presenting ? null : sidebar));
    }

    /** Loads every lesson of {@code folder}; lessons with errors are reported and left out. */
    public void openLessons(Path folder) {
        lessonsFolder = folder;
        workspace.setLessonsFolder(folder);
        lessonsFolderLabel.setText("Lessons: " + folder);
        lessonsFolderLabel.setTooltip(new javafx.scene.control.Tooltip(folder.toAbsolutePath().toString()));
        watch(folder);
        Lessons.Loaded loaded = Lessons.load(folder);
        panes.values().forEach(LessonPane::dispose);
        panes.clear();
        lessonList.getItems().setAll(loaded.lessons());
        if (!loaded.ok()) {
            workspace.notifier().error("Some lessons have errors", loaded.problems().stream().limit(5)
                    .map(Problem::toString).collect(Collectors.joining("\n")));
        }
        if (loaded.lessons().isEmpty()) {
            content.getChildren().setAll(new Label("No lessons found in " + folder
                    + ".\nChoose File ▸ Lessons folder… to open a folder of lesson files."));
            return;
        }
        String last = workspace.settings().lastLesson();
        Lesson start = loaded.lessons().stream().filter(l -> l.id().equals(last)).findFirst()
                .orElse(loaded.lessons().get(0));
        // the window shows before the first lesson's text is built, and its text before its lab
        opening = true;
        javafx.application.Platform.runLater(() -> lessonList.getSelectionModel().select(start));
    }

    /** An instructor edits a lesson in their own editor; each save shows here, errors above the last good text. */
    private void watch(Path folder) {
        close();
        textRenderer.clear();
        try {
            watcher = new LessonWatcher(folder, new LessonWatcher.Listener() {
                @Override
                public void lessonChanged(Lesson lesson) {
                    textRenderer.showProblems(lesson.file(), List.of());
                    MainWindow.this.lessonChanged(lesson);
                }

                @Override
                public void lessonFailed(Path file, List<Problem> problems) {
                    textRenderer.showProblems(file, problems);
                }
            });
        } catch (IOException | RuntimeException e) {
            workspace.notifier().error("Lessons in " + folder + " will not reload when edited", e);
        }
    }

    /** Stops watching the lessons folder. */
    public void close() {
        if (watcher == null) return;
        try {
            watcher.close();
        } catch (IOException e) {
            // the watcher thread is a daemon; nothing is lost
        }
        watcher = null;
    }

    public void show(Lesson lesson) {
        if (lesson == null) return;
        boolean first = opening;
        opening = false;
        LessonPane pane = panes.computeIfAbsent(lesson.file(), f -> new LessonPane(workspace, lesson, textRenderer, first));
        content.getChildren().setAll(pane);
        workspace.updateSettings(s -> s.withLesson(lesson.id()));
    }

    /** A lesson file changed on disk: show its new text, keep its labs. */
    public void lessonChanged(Lesson updated) {
        List<Lesson> items = lessonList.getItems();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).file().equals(updated.file())) {
                boolean selected = lessonList.getSelectionModel().getSelectedIndex() == i;
                LessonPane pane = panes.get(updated.file());
                if (pane != null) pane.showText(updated);
                items.set(i, updated);
                if (selected) lessonList.getSelectionModel().select(i);
                return;
            }
        }
    }

    public LessonPane currentPane() {
        return content.getChildren().isEmpty() || !(content.getChildren().get(0) instanceof LessonPane pane) ? null : pane;
    }

    public ListView<Lesson> lessonList() {
        return lessonList;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    @FXML
    private void chooseLessonsFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a folder of lesson files");
        if (lessonsFolder != null && lessonsFolder.toFile().isDirectory()) chooser.setInitialDirectory(lessonsFolder.toFile());
        java.io.File folder = chooser.showDialog(window());
        if (folder == null) return;
        workspace.updateSettings(s -> s.withLessonsFolder(folder.getAbsolutePath()));
        openLessons(folder.toPath());
    }

    @FXML
    private void reloadLessons() {
        openLessons(lessonsFolder);
    }

    @FXML
    private void previousLesson() {
        int index = lessonList.getSelectionModel().getSelectedIndex();
        if (index > 0) lessonList.getSelectionModel().select(index - 1);
    }

    @FXML
    private void nextLesson() {
        int index = lessonList.getSelectionModel().getSelectedIndex();
        if (index < lessonList.getItems().size() - 1) lessonList.getSelectionModel().select(index + 1);
    }

    @FXML
    private void quit() {
        Window window = window();
        if (window != null) window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
    }

    /** The notation card of the lessons folder (NOTATION.md), typeset like a lesson, in a window of its own. */
    @FXML
    void notation() {
        Path card = lessonsFolder == null ? null : lessonsFolder.resolve("NOTATION.md");
        String text;
        try {
            text = card != null && Files.isRegularFile(card) ? Files.readString(card) : null;
        } catch (java.io.IOException e) {
            text = null;
        }
        if (text == null) {
            workspace.notifier().info("No notation card", "The lessons folder " + lessonsFolder + " has no NOTATION.md.");
            return;
        }
        org.slmworkshop.ui.lesson.MarkdownView view = new org.slmworkshop.ui.lesson.MarkdownView(text, null);
        view.setPadding(new javafx.geometry.Insets(16, 24, 24, 24));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(view);
        scroll.setFitToWidth(true);
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.initOwner(window());
        stage.setTitle("Notation card");
        javafx.scene.Scene scene = new javafx.scene.Scene(scroll, 900, 760);
        if (window() != null && window().getScene() != null) scene.getStylesheets().setAll(window().getScene().getStylesheets());
        stage.setScene(scene);
        stage.show();
    }

    @FXML
    private void about() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(window());
        alert.setTitle("About SLM Workshop");
        alert.setHeaderText("SLM Workshop");
        alert.setContentText("From the simplest language model to a small GPT, lesson by lesson, "
                + "with every model trained live, on the CPU or an NVIDIA GPU.\n\nLessons: " + lessonsFolder
                + "\nSettings: " + AppSettings.file());
        alert.showAndWait();
    }

    private static final class LessonCell extends ListCell<Lesson> {
        LessonCell() {
            setWrapText(true);
            setPrefWidth(0);    // wrap long titles instead of scrolling the list sideways
        }

        @Override
        protected void updateItem(Lesson lesson, boolean empty) {
            super.updateItem(lesson, empty);
            if (empty || lesson == null) {
                setText(null);
                return;
            }
            String number = lesson.number() != null ? lesson.number() : String.valueOf(getIndex() + 1);
            setText(number + ".  " + lesson.title());
        }
    }
}
