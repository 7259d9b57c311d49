package org.slmworkshop.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.Labs;

/**
 * One lesson: its text on the left, its labs on the right (one tab per lab). A lab is built the
 * first time its tab shows, so opening a lesson never waits for a lab it does not look at. The lesson
 * the window opens with builds its first lab just after the frame that shows the lesson's text, so the
 * learner reads while it builds (on the first start the window would otherwise stay blank for seconds).
 *
 * <p>Only the selected tab's lab is in the scene; the others are taken out while hidden and put back when
 * their tab is chosen, keeping their state. A TabPane hides the content of other tabs, but a hidden lab that
 * still changes (the training lab's chart and progress while the learner watches the stepper) made JavaFX
 * repaint the whole window on every frame: 45 ms a frame in software rendering, against a few ms for the
 * regions that changed.
 */
public final class LessonPane extends SplitPane {
    private final Workspace workspace;
    private final StackPane textHolder = new StackPane();
    private final TabPane labTabs = new TabPane();
    private final java.util.Map<Tab, LabView> labs = new java.util.LinkedHashMap<>();
    private final Function<Lesson, Node> textRenderer;
    private Lesson lesson;

    public LessonPane(Workspace workspace, Lesson lesson, Function<Lesson, Node> textRenderer) {
        this(workspace, lesson, textRenderer, false);
    }

    /**
     * @param labAfterFirstFrame build the first tab's lab only after the pane's first frame (the lesson the
     *     window opens with); otherwise at once, so a lesson the learner clicks shows with its lab
     */
    public LessonPane(Workspace workspace, Lesson lesson, Function<Lesson, Node> textRenderer, boolean labAfterFirstFrame) {
        this.workspace = workspace;
        this.textRenderer = textRenderer;
        getStyleClass().add("lesson-pane");
        setOrientation(Orientation.HORIZONTAL);
        textHolder.getStyleClass().add("lesson-text-holder");
        labTabs.getStyleClass().add("lab-tabs");
        labTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        getItems().addAll(textHolder, labTabs);
        setDividerPositions(0.42);
        SplitPane.setResizableWithParent(textHolder, false);
        showText(lesson);
        List<String> titles = Labs.tabTitles(lesson.labs());
        for (int i = 0; i < titles.size(); i++) addLab(lesson.labs().get(i), titles.get(i));
        labTabs.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
            if (old != null && labs.containsKey(old)) old.setContent(null);   // out of the scene while hidden
            build(tab);
        });
        if (!labTabs.getTabs().isEmpty() && !labAfterFirstFrame) {
            build(labTabs.getTabs().get(0));
        } else if (!labTabs.getTabs().isEmpty()) {
            Tab first = labTabs.getTabs().get(0);
            first.setContent(placeholder());
            afterFirstFrame(() -> build(labTabs.getSelectionModel().getSelectedItem()));
        }
    }

    /** What the first tab shows for the moment before its lab is built. */
    private static Node placeholder() {
        javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator();
        spinner.setMaxSize(32, 32);
        javafx.scene.control.Label label = new javafx.scene.control.Label("Opening the lab…", spinner);
        label.setContentDisplay(javafx.scene.control.ContentDisplay.TOP);
        StackPane pane = new StackPane(label);
        pane.getStyleClass().add("lab-placeholder");
        return pane;
    }

    /**
     * Runs {@code action} once this pane has been laid out in a window and handed to the renderer, in a
     * later event of the FX thread: the frame already painted shows the text, not a blank window.
     */
    private void afterFirstFrame(Runnable action) {
        javafx.beans.value.ChangeListener<javafx.scene.Scene> inScene = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> obs,
                    javafx.scene.Scene old, javafx.scene.Scene scene) {
                if (scene == null) return;
                sceneProperty().removeListener(this);
                org.slmworkshop.ui.lab.NextFrame.afterLayout(scene, () -> true, action);
            }
        };
        sceneProperty().addListener(inScene);
        if (getScene() != null) inScene.changed(sceneProperty(), null, getScene());
    }

    private void addLab(LabSettings settings, String title) {
        Tab tab = new Tab(title);
        tab.setId("lab-" + settings.lab().id());
        tab.setUserData(settings);
        labTabs.getTabs().add(tab);
    }

    /** Shows the tab's lab: built now the first time, the same lab put back after that. */
    private void build(Tab tab) {
        if (tab == null) return;
        LabView built = labs.get(tab);
        if (built != null) {
            if (tab.getContent() == null) tab.setContent(built.view());
            return;
        }
        long start = System.nanoTime();
        LabSettings settings = (LabSettings) tab.getUserData();
        LabView lab = Labs.create(settings.lab(), workspace);
        labs.put(tab, lab);
        Node view = lab.view();
        view.getStyleClass().add("lab");
        tab.setContent(view);
        try {
            lab.apply(settings, lesson);
        } catch (RuntimeException e) {
            workspace.notifier().error("The lesson's lab settings could not be applied", e);
        }
        StartupClock.mark("first lab built", tab.getText() + ", " + (System.nanoTime() - start) / 1_000_000 + " ms on the FX thread");
    }

    /**
     * Lesson ▸ Reset labs: every lab built so far is built again from the lesson's settings, as it was when the
     * lesson first opened (what the learner changed, picked or loaded is gone). A run in progress is not touched.
     */
    public void resetLabs() {
        Tab selected = labTabs.getSelectionModel().getSelectedItem();
        for (Tab tab : List.copyOf(labs.keySet())) {
            labs.remove(tab).dispose();
            tab.setContent(null);
        }
        build(selected);
    }

    /** The labs built so far, by tab. */
    java.util.Map<Tab, LabView> builtLabs() {
        return java.util.Collections.unmodifiableMap(labs);
    }

    /** Shows a new version of the lesson's text (after the instructor edits the file); labs keep their state. */
    public void showText(Lesson updated) {
        this.lesson = updated;
        textHolder.getChildren().setAll(textRenderer.apply(updated));
    }

    public void selectLab(org.slmworkshop.lesson.Lab lab) {
        selectLab(lab, null);
    }

    /** Selects the tab of {@code lab}, the one that trains {@code model} when several do and it is given. */
    public void selectLab(org.slmworkshop.lesson.Lab lab, String model) {
        var tabs = labTabs.getTabs().stream().filter(t -> ((LabSettings) t.getUserData()).lab() == lab).toList();
        tabs.stream().filter(t -> model == null || model.equals(((LabSettings) t.getUserData()).model())).findFirst()
                .or(() -> tabs.stream().findFirst())
                .ifPresent(t -> labTabs.getSelectionModel().select(t));
    }

    /** Selects the tab opened with exactly {@code settings} (another lesson's "Go to" link). */
    public void selectLab(LabSettings settings) {
        labTabs.getTabs().stream().filter(t -> settings.equals(t.getUserData())).findFirst()
                .ifPresentOrElse(t -> labTabs.getSelectionModel().select(t), () -> selectLab(settings.lab(), settings.model()));
    }

    public Lesson lesson() {
        return lesson;
    }

    public TabPane labTabs() {
        return labTabs;
    }

    public void dispose() {
        labs.values().forEach(LabView::dispose);
    }
}
