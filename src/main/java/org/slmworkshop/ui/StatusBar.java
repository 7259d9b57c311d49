package org.slmworkshop.ui;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.slmworkshop.backend.BackendInfo;
import org.slmworkshop.backend.BackendSelection;
import org.slmworkshop.backend.GpuDevice;
import org.slmworkshop.train.Memory;

/** The bottom line: which ND4J backend and device run the models, memory in use, and the current run. */
public final class StatusBar extends HBox {
    private final Label backend = new Label("Starting the ND4J engine…");
    private final Label memory = new Label();
    private final Label run = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Label message = new Label();

    public StatusBar(Workspace workspace) {
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);
        setPadding(new Insets(4, 10, 4, 10));
        backend.setId("status-backend");
        memory.setId("status-memory");
        run.setId("status-run");
        message.setId("status-message");
        message.getStyleClass().add("status-message");
        message.setMinWidth(0);
        run.setMinWidth(0);
        progress.setPrefWidth(140);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(backend, new Separator(javafx.geometry.Orientation.VERTICAL), memory,
                new Separator(javafx.geometry.Orientation.VERTICAL), run, progress, spacer, message);

        workspace.backendProperty().addListener((obs, old, info) -> showBackend(info, workspace.backendSelection()));
        TrainingSession training = workspace.training();
        run.textProperty().bind(training.statusProperty());
        progress.progressProperty().bind(training.progressProperty());
        progress.visibleProperty().bind(training.stateProperty().isNotEqualTo(TrainingSession.State.IDLE));
        progress.managedProperty().bind(progress.visibleProperty());
        message.textProperty().bind(workspace.notifier().lastMessageProperty());
        message.setTooltip(new Tooltip());
        message.getTooltip().textProperty().bind(message.textProperty());

        Timeline memoryTicker = new Timeline(new KeyFrame(Duration.seconds(1), e -> showMemory(workspace)));
        memoryTicker.setCycleCount(Animation.INDEFINITE);
        memoryTicker.play();
        showMemory(workspace);
    }

    private void showBackend(BackendInfo info, BackendSelection selection) {
        String text = String.format("ND4J %s · %s · %d threads", info.backend(), info.device(), info.threads());
        String details = info.describe();
        if (selection != null) {
            if (selection.chosen() == BackendSelection.Backend.GPU) {
                text = "ND4J CUDA · " + selection.device().map(GpuDevice::describe).orElse(info.device());
            }
            details += "\n" + selection.describe();
        }
        backend.setText(text);
        backend.setTooltip(new Tooltip(details));
    }

    private void showMemory(Workspace workspace) {
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        String text = "Memory: heap " + Memory.human(heap);
        if (workspace.backendProperty().get() != null) {
            text += " · process " + Memory.human(org.bytedeco.javacpp.Pointer.physicalBytes());
        }
        memory.setText(text);
    }
}
