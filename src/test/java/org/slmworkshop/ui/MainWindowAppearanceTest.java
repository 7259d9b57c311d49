package org.slmworkshop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.ui.lesson.FormulaNode;
import org.slmworkshop.ui.view.Appearance;
import org.slmworkshop.ui.view.KeyboardMap;
import org.slmworkshop.ui.view.Theme;
import org.slmworkshop.ui.view.ViewMenu;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The whole window under View ▸ Zoom, presenter mode, the themes, and Help ▸ Keyboard shortcuts. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class MainWindowAppearanceTest {
    private MainWindow window;
    private Appearance appearance;
    private Scene scene;

    @Start
    void start(Stage stage) {
        Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        window = new MainWindow(workspace, new org.slmworkshop.ui.lesson.LessonTexts(null));
        scene = new Scene(window.root(), 1360, 860);
        scene.getStylesheets().add(WorkshopApp.class.getResource("/css/workshop.css").toExternalForm());
        appearance = new Appearance(AppSettings.DEFAULTS, workspace::updateSettings, Theme.LIGHT);
        appearance.attach(scene);
        ViewMenu.addKeypadKeys(scene, appearance);
        window.install(appearance);
        stage.setScene(scene);
        stage.show();
    }

    private void openLesson(int index) {
        Fx.run(() -> window.lessonList().getSelectionModel().select(index));
        Fx.waitUntil("the lesson shows", 30, () -> window.currentPane() != null
                && window.currentPane().lesson().id().equals(window.lessonList().getItems().get(index).id()));
    }

    /** Every text on screen, with its font size now. */
    private Map<Text, Double> textSizes() {
        return Fx.get(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            Map<Text, Double> sizes = new IdentityHashMap<>();
            collect(scene.getRoot(), sizes);
            return sizes;
        });
    }

    private static void collect(Node node, Map<Text, Double> sizes) {
        // ChartFX's toolbar icons (Ikonli font glyphs) keep their size: they are icons, not text
        boolean icon = node.getClass().getSimpleName().equals("FontIcon");
        if (node instanceof Text text && !icon && text.getText() != null && !text.getText().isBlank()) sizes.put(text, text.getFont().getSize());
        if (node instanceof Parent parent) for (Node child : parent.getChildrenUnmodifiable()) collect(child, sizes);
    }

    private static List<FormulaNode> formulas(Node node, List<FormulaNode> found) {
        if (node instanceof FormulaNode formula && !formula.isDisplay() && formula.error() == null) found.add(formula);
        if (node instanceof Parent parent) for (Node child : parent.getChildrenUnmodifiable()) formulas(child, found);
        return found;
    }

    @Test
    void zoom_200_percent_doubles_every_text_in_the_window_and_formulas_are_typeset_again_at_twice_the_size() {
        openLesson(2);   // the bigram: formulas in the text, the training lab beside it
        Map<Text, Double> before = textSizes();
        FormulaNode formula = Fx.get(() -> formulas(window.currentPane(), new ArrayList<>()).get(0));
        double formulaFont = Fx.get(() -> formula.fontProperty().get().getSize());
        double formulaPixels = Fx.get(() -> formula.imageView().getImage().getWidth());
        assertTrue(before.size() > 100, "texts on screen: " + before.size());
        Fx.run(() -> appearance.zoomProperty().set(2));
        Map<Text, Double> after = textSizes();
        List<String> notDoubled = new ArrayList<>();
        before.forEach((text, size) -> {
            Double now = after.get(text);
            if (now != null && Math.abs(now - 2 * size) > 0.02) notDoubled.add(text.getText() + ": " + size + " → " + now);
        });
        assertTrue(notDoubled.isEmpty(), "not doubled: " + notDoubled);
        assertEquals(2 * formulaFont, Fx.get(() -> formula.fontProperty().get().getSize()), 0.01);
        double newPixels = Fx.get(() -> formula.imageView().getImage().getWidth());
        assertEquals(2, newPixels / formulaPixels, 0.15, "typeset again at the new size, not scaled: " + formulaPixels + " → " + newPixels);
    }

    @Test
    void ctrl_equals_minus_and_zero_step_the_zoom_and_it_is_remembered(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        assertEquals(1.1, Fx.get(() -> appearance.zoomProperty().get()), 1e-9);
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        assertEquals(1.25, Fx.get(() -> appearance.zoomProperty().get()), 1e-9);
        assertEquals(1.25, AppSettings.load().zoom(), 1e-9);
        assertEquals(13 * 1.25, Fx.get(() -> window.lessonList().lookup(".list-cell .text") instanceof Text t ? t.getFont().getSize() : -1.0),
                0.01, "the lesson list's text");
        robot.press(KeyCode.CONTROL, KeyCode.MINUS).release(KeyCode.MINUS, KeyCode.CONTROL);
        assertEquals(1.1, Fx.get(() -> appearance.zoomProperty().get()), 1e-9);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        assertEquals(1.0, Fx.get(() -> appearance.zoomProperty().get()), 1e-9);
        assertEquals(1.0, AppSettings.load().zoom(), 1e-9);
    }

    @Test
    void f11_hides_the_lesson_list_and_enlarges_everything_and_f11_again_restores_the_layout(FxRobot robot) {
        openLesson(0);
        Node sidebar = Fx.get(() -> window.root().getLeft());
        assertNotNull(sidebar);
        robot.press(KeyCode.F11).release(KeyCode.F11);
        assertNull(Fx.get(() -> window.root().getLeft()), "lesson list hidden");
        assertTrue(Fx.get(() -> scene.getRoot().getPseudoClassStates().contains(Appearance.PRESENTING)));
        assertEquals(13 * 1.4, Fx.get(appearance::rootFontPx), 1e-9);
        robot.press(KeyCode.F11).release(KeyCode.F11);
        assertSame(sidebar, Fx.get(() -> window.root().getLeft()), "lesson list back");
        assertEquals(13, Fx.get(appearance::rootFontPx), 1e-9);
        assertTrue(Fx.get(() -> window.lessonList().isVisible() && window.lessonList().getScene() == scene));
    }

    @Test
    void view_theme_dark_darkens_the_window_and_is_remembered(FxRobot robot) {
        Color lightBackground = Fx.get(() -> backgroundOf(".content"));
        assertEquals(Color.WHITE, lightBackground);
        robot.clickOn("View").clickOn("Theme").clickOn("Dark");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Fx.get(() -> scene.getRoot().getStyleClass().contains(Appearance.DARK_STYLE_CLASS)));
        Color dark = Fx.get(() -> backgroundOf(".content"));
        assertTrue(dark.getBrightness() < 0.15, "dark surface: " + dark);
        assertEquals("dark", AppSettings.load().theme());
        robot.clickOn("View").clickOn("Theme").clickOn("Light");
        assertEquals(Color.WHITE, Fx.get(() -> backgroundOf(".content")));
    }

    private Color backgroundOf(String selector) {
        scene.getRoot().applyCss();
        Region region = (Region) scene.getRoot().lookup(selector);
        return (Color) region.getBackground().getFills().get(0).getFill();
    }

    @Test
    void f1_opens_the_keyboard_map_with_every_shortcut(FxRobot robot) {
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = Fx.get(() -> Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot() instanceof DialogPane)
                .map(w -> (DialogPane) w.getScene().getRoot()).findFirst().orElseThrow());
        javafx.scene.layout.GridPane table = (javafx.scene.layout.GridPane) pane.getContent();
        assertEquals(2 * KeyboardMap.ENTRIES.size(), table.getChildren().size());
        Fx.run(() -> pane.getScene().getWindow().hide());
    }
}
