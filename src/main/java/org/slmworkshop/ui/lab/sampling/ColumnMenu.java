package org.slmworkshop.ui.lab.sampling;

import java.util.function.Consumer;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import org.slmworkshop.generate.SettingsSpec;

/** "Add column": one of the usual kinds, set from the sliders, or any settings typed in the CLI's syntax. */
final class ColumnMenu extends MenuButton {

    ColumnMenu(Consumer<Column.Preset> onPreset, Consumer<String> onSpec) {
        super("Add column");
        setId("sampling-add-column");
        for (Column.Preset preset : Column.Preset.values()) {
            MenuItem item = new MenuItem(name(preset));
            item.setId("sampling-add-" + preset.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            item.setOnAction(e -> onPreset.accept(preset));
            getItems().add(item);
        }
        MenuItem custom = new MenuItem("Custom settings…");
        custom.setOnAction(e -> {
            TextInputDialog dialog = new TextInputDialog("repetition-penalty=1.3");
            dialog.setTitle("Add a column");
            dialog.setHeaderText("Settings in the sample command's --compare syntax. The column is pinned:"
                    + " the sliders leave it as typed.");
            dialog.setContentText(SettingsSpec.SYNTAX);
            if (getScene() != null) dialog.initOwner(getScene().getWindow());
            dialog.showAndWait().filter(spec -> !spec.isBlank()).ifPresent(onSpec);
        });
        getItems().addAll(new SeparatorMenuItem(), custom);
    }

    private static String name(Column.Preset preset) {
        return switch (preset) {
            case GREEDY -> "Greedy";
            case TEMPERATURE -> "Temperature (follows the temperature slider)";
            case TOP_K -> "Top-k (follows temperature and top-k)";
            case TOP_P -> "Top-p (follows temperature and top-p)";
            case MIN_P -> "Min-p (follows temperature and min-p)";
            case BEAM -> "Beam search (follows the beam width)";
        };
    }
}
