package org.slmworkshop.ui.view;

import javafx.beans.binding.Bindings;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * View ▸ Zoom in / Zoom out / Actual size, Presenter mode, Theme ▸ System / Light / Dark. The keys are
 * in {@link KeyboardMap}; the keypad's + − 0 work too ({@link #addKeypadKeys}).
 */
public final class ViewMenu extends Menu {
    static final KeyCombination ZOOM_IN = new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_ANY);
    static final KeyCombination ZOOM_OUT = new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination ACTUAL_SIZE = new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination PRESENTER = new KeyCodeCombination(KeyCode.F11);

    public ViewMenu(Appearance appearance) {
        super("_View");
        setId("view-menu");
        MenuItem zoomIn = item("Zoom in", "view-zoom-in", ZOOM_IN, appearance::zoomIn);
        MenuItem zoomOut = item("Zoom out", "view-zoom-out", ZOOM_OUT, appearance::zoomOut);
        MenuItem actualSize = item("Actual size", "view-zoom-reset", ACTUAL_SIZE, appearance::resetZoom);
        zoomIn.disableProperty().bind(appearance.zoomProperty().greaterThanOrEqualTo(Zoom.MAX - 1e-9));
        zoomOut.disableProperty().bind(appearance.zoomProperty().lessThanOrEqualTo(Zoom.MIN + 1e-9));
        MenuItem level = new MenuItem();
        level.setId("view-zoom-level");
        level.setDisable(true);
        level.textProperty().bind(Bindings.createStringBinding(
                () -> "Zoom: " + Zoom.percent(appearance.zoomProperty().get())
                        + (appearance.presentingProperty().get() ? " × " + Zoom.percent(Zoom.PRESENTER_FACTOR) + " presenting" : ""),
                appearance.zoomProperty(), appearance.presentingProperty()));

        CheckMenuItem presenter = new CheckMenuItem("Presenter mode");
        presenter.setId("view-presenter");
        presenter.setAccelerator(PRESENTER);
        presenter.selectedProperty().bindBidirectional(appearance.presentingProperty());

        Menu theme = new Menu("Theme");
        theme.setId("view-theme");
        ToggleGroup themes = new ToggleGroup();
        for (Theme choice : Theme.values()) {
            RadioMenuItem item = new RadioMenuItem(switch (choice) {
                case SYSTEM -> "Follow the system (" + Theme.system().id() + ")";
                case LIGHT -> "Light";
                case DARK -> "Dark";
            });
            item.setId("theme-" + choice.id());
            item.setToggleGroup(themes);
            item.setSelected(appearance.themeProperty().get() == choice);
            item.setOnAction(e -> appearance.themeProperty().set(choice));
            theme.getItems().add(item);
        }
        appearance.themeProperty().addListener((obs, old, now) -> themes.getToggles().forEach(
                toggle -> toggle.setSelected(((MenuItem) toggle).getId().equals("theme-" + now.id()))));
        getItems().addAll(zoomIn, zoomOut, actualSize, level, new SeparatorMenuItem(), presenter, new SeparatorMenuItem(), theme);
    }

    private static MenuItem item(String text, String id, KeyCombination keys, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setAccelerator(keys);
        item.setOnAction(e -> action.run());
        return item;
    }

    /** Ctrl with the keypad's +, − and 0, beside the menu's own keys. */
    public static void addKeypadKeys(Scene scene, Appearance appearance) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN), appearance::zoomIn);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_ANY), appearance::zoomIn);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN), appearance::zoomOut);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.NUMPAD0, KeyCombination.SHORTCUT_DOWN), appearance::resetZoom);
    }
}
