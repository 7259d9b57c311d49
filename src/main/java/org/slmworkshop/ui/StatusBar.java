package org.slmworkshop.ui;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.css.PseudoClass;
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
import org.slmworkshop.kernels.cuda.CudaKernels;
import org.slmworkshop.train.Memory;
import org.slmworkshop.ui.view.Ems;

/** The bottom line: the engine new models run on (CPU or GPU), memory in use, and the current run. */
public final class StatusBar extends HBox {
    private static final PseudoClass GPU = PseudoClass.getPseudoClass("gpu");
    private final Label backend = new Label("Starting the engine…");
    private final javafx.scene.control.ProgressIndicator starting = new javafx.scene.control.ProgressIndicator();
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
        Ems.prefWidth(progress, 140);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        starting.setId("status-engine-starting");
        starting.setPrefSize(14, 14);
        starting.setMaxSize(14, 14);
        starting.visibleProperty().bind(workspace.engineBusyProperty());
        starting.managedProperty().bind(starting.visibleProperty());
        getChildren().addAll(starting, backend, new Separator(javafx.geometry.Orientation.VERTICAL), memory,
                new Separator(javafx.geometry.Orientation.VERTICAL), run, progress, spacer, message);

        backend.getStyleClass().add("status-engine");
        Tooltip engineDetails = new Tooltip("Choosing where models run: an NVIDIA GPU when one works, else the CPU.");
        engineDetails.setWrapText(true);
        engineDetails.setMaxWidth(560);
        engineDetails.setShowDuration(Duration.seconds(30));
        backend.setTooltip(engineDetails);
        workspace.engineProperty().addListener((obs, old, state) -> showEngine(state));
        workspace.engineStartingProperty().addListener((obs, old, text) -> {
            if (text != null) backend.setText(text.replaceFirst("; this happens once\\.$", "… (once)"));
        });
        workspace.engineBusyProperty().addListener((obs, was, busy) -> {
            if (busy && workspace.engineProperty().get() != null) backend.setText("Switching the engine…");
            else if (!busy) showEngine(workspace.engineProperty().get());
        });
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

    private void showEngine(EngineState state) {
        if (state == null) return;
        backend.setText(state.label());
        backend.getTooltip().setText(state.details());
        backend.pseudoClassStateChanged(GPU, state.onGpu());
    }

    private void showMemory(Workspace workspace) {
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        String text = "Memory: heap " + Memory.human(heap);
        EngineState engine = workspace.engineProperty().get();
        if (engine != null) {
            text += " · process " + Memory.human(org.bytedeco.javacpp.Pointer.physicalBytes());
            if (engine.choice().kernels() instanceof CudaKernels gpu) text += " · GPU " + Memory.human(gpu.memory()[0]);
        }
        memory.setText(text);
    }
}
