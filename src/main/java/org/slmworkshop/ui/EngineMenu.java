package org.slmworkshop.ui;

import java.util.List;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import org.slmworkshop.kernels.BackendMode;

/**
 * Engine ▸ Automatic / CPU / GPU (CUDA): where the models created from now on run. The tick follows the engine
 * in effect, so a GPU that was refused leaves it where it was.
 */
final class EngineMenu extends Menu {
    private final ToggleGroup choices = new ToggleGroup();
    private final Workspace workspace;

    EngineMenu(Workspace workspace) {
        super("_Engine");
        this.workspace = workspace;
        setId("engine-menu");
        for (BackendMode mode : List.of(BackendMode.AUTO, BackendMode.CPU, BackendMode.CUDA)) {
            RadioMenuItem item = new RadioMenuItem(label(mode));
            item.setId("engine-" + mode.flag());
            item.setUserData(mode);
            item.setToggleGroup(choices);
            item.disableProperty().bind(workspace.engineBusyProperty());
            item.setOnAction(event -> workspace.chooseBackend(mode).thenAccept(state -> Platform.runLater(this::showInEffect)));
            getItems().add(item);
        }
        MenuItem note = new MenuItem(EngineState.APPLIES_TO);
        note.getStyleClass().add("engine-note");
        note.setDisable(true);
        getItems().addAll(new SeparatorMenuItem(), note);
        workspace.engineProperty().addListener((obs, old, state) -> showInEffect());
    }

    static String label(BackendMode mode) {
        return switch (mode) {
            case AUTO -> "Automatic (the GPU when one works)";
            case CPU -> "CPU";
            case CUDA -> "GPU (CUDA)";
        };
    }

    private void showInEffect() {
        EngineState state = workspace.engineProperty().get();
        if (state == null) return;
        BackendMode requested = state.choice().requested();
        // a GPU asked for at start but refused leaves the app on the CPU, and the tick says so
        BackendMode inEffect = requested == BackendMode.CUDA && !state.onGpu() ? BackendMode.CPU : requested;
        for (Toggle toggle : choices.getToggles()) {
            if (toggle.getUserData() == inEffect) choices.selectToggle(toggle);
        }
    }
}
