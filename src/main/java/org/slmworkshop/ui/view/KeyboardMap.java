package org.slmworkshop.ui.view;

import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Help ▸ Keyboard shortcuts: every key the window answers to, in one table. */
public final class KeyboardMap {
    /** One key and what it does. {@code keys} is written as on a PC; on a Mac Ctrl is ⌘. */
    public record Entry(String keys, String action) {}

    public static final List<Entry> ENTRIES = List.of(
            new Entry("Ctrl+Page Up / Ctrl+Page Down", "previous / next lesson"),
            new Entry("Ctrl+R", "reload the lessons"),
            new Entry("Ctrl+=  (Ctrl++)", "zoom in (up to 250%)"),
            new Entry("Ctrl+−", "zoom out (down to 75%)"),
            new Entry("Ctrl+0", "actual size (100%)"),
            new Entry("F11", "presenter mode: hide the lesson list and settings columns, enlarge everything"),
            new Entry("Ctrl+Enter", "start training (training lab)"),
            new Entry("Ctrl+P", "pause or resume the run"),
            new Entry("Ctrl+.", "stop the run"),
            new Entry("Tab / Shift+Tab", "next / previous control (the focused one has a blue ring)"),
            new Entry("Ctrl+Tab / Ctrl+Shift+Tab", "next / previous lab tab"),
            new Entry("Space / Enter", "press the focused button, tick the focused box"),
            new Entry("Arrow keys", "move in lists, sliders and spinners"),
            new Entry("F10 or Alt", "the menu bar"),
            new Entry("F1", "this table"),
            new Entry("Ctrl+Q", "quit"));

    private KeyboardMap() {}

    public static GridPane table() {
        GridPane grid = new GridPane();
        grid.setId("keyboard-map");
        grid.getStyleClass().add("keyboard-map");
        grid.setHgap(18);
        grid.setVgap(6);
        for (int row = 0; row < ENTRIES.size(); row++) {
            Label keys = new Label(ENTRIES.get(row).keys());
            keys.getStyleClass().add("keyboard-keys");
            Label action = new Label(ENTRIES.get(row).action());
            action.setWrapText(true);
            grid.addRow(row, keys, action);
        }
        return grid;
    }

    public static void show(Window owner) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Keyboard shortcuts (on a Mac, ⌘ for Ctrl)");
        alert.getDialogPane().setContent(table());
        alert.getDialogPane().setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        alert.setResizable(true);
        alert.show();
    }
}
