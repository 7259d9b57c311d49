package org.slmworkshop.ui.lab.surprise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.ModelChooser;
import org.slmworkshop.util.Messages;

/**
 * Which model one side of the surprise lab scores with: the bigram counted from the passage's
 * corpus (ready in a second, no training), the model trained in this window (followed while it
 * trains), or a checkpoint. The shared {@code ModelChooser}, plus the counted bigram that makes the
 * bottom rung of the loss ladder.
 */
final class ModelPicker extends VBox {
    enum Kind { COUNTED, TRAINED, CHECKPOINT }

    /** A choice in the list; {@code checkpoint} is set for {@link Kind#CHECKPOINT} only. */
    record Source(String label, Kind kind, Path checkpoint) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final Source TRAINED = new Source("Model trained in this window", Kind.TRAINED, null);

    private final Workspace workspace;
    private final Supplier<CompletableFuture<ModelSnapshot>> counted;
    private final Source countedSource;
    private final ComboBox<Source> sources = new ComboBox<>();
    private final Label state = new Label();
    private final ReadOnlyObjectWrapper<ModelSnapshot> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ChangeListener<ModelSnapshot> followTrained = (obs, old, snapshot) -> offer(snapshot, TRAINED);

    /**
     * @param name        "A" or "B", for the ids tests and screenshots use
     * @param counted     the counted bigram of the passage's corpus, fitted on first request
     * @param countedName what to call it ("Counting bigram of dickens")
     */
    ModelPicker(Workspace workspace, String name, Supplier<CompletableFuture<ModelSnapshot>> counted, String countedName) {
        this.workspace = workspace;
        this.counted = counted;
        this.countedSource = new Source(countedName, Kind.COUNTED, null);
        getStyleClass().add("surprise-model-picker");
        setSpacing(2);
        sources.setId("surprise-model-" + name);
        sources.getItems().addAll(countedSource, TRAINED);
        String last = workspace.settings().lastCheckpoint();
        if (last != null && Files.isRegularFile(Path.of(last))) {
            Path file = Path.of(last).toAbsolutePath().normalize();
            sources.getItems().add(new Source(file.getFileName() + " (last used)", Kind.CHECKPOINT, file));
        }
        sources.setMaxWidth(Double.MAX_VALUE);
        sources.setMinWidth(120);
        Button open = new Button("Open…");
        open.setId("surprise-open-" + name);
        open.setMinWidth(Region.USE_PREF_SIZE);
        open.setOnAction(e -> chooseCheckpoint());
        HBox.setHgrow(sources, Priority.ALWAYS);
        HBox row = new HBox(6, sources, open);
        row.setAlignment(Pos.CENTER_LEFT);
        state.getStyleClass().add("surprise-model-state");
        state.setId("surprise-model-state-" + name);
        state.setWrapText(true);
        state.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(row, state);
        sources.valueProperty().addListener((obs, old, source) -> select(source));
    }

    ReadOnlyObjectProperty<ModelSnapshot> modelProperty() {
        return model.getReadOnlyProperty();
    }

    ModelSnapshot model() {
        return model.get();
    }

    void showCounted() {
        sources.setValue(countedSource);
    }

    void showTrained() {
        sources.setValue(TRAINED);
    }

    /** Adds a checkpoint to the list and selects it (the lesson's shipped model, or one the learner opens). */
    void showCheckpoint(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        Source source = sources.getItems().stream().filter(s -> normalized.equals(s.checkpoint())).findFirst()
                .orElseGet(() -> {
                    Source added = new Source(normalized.getFileName().toString(), Kind.CHECKPOINT, normalized);
                    sources.getItems().add(added);
                    return added;
                });
        sources.setValue(source);
    }

    void dispose() {
        workspace.trainedModelProperty().removeListener(followTrained);
    }

    private void chooseCheckpoint() {
        ModelChooser.askForCheckpoint(this, workspace).ifPresent(this::showCheckpoint);
    }

    private void select(Source source) {
        workspace.trainedModelProperty().removeListener(followTrained);
        if (source == null) return;
        switch (source.kind()) {
            case TRAINED -> {
                workspace.trainedModelProperty().addListener(followTrained);
                ModelSnapshot trained = workspace.trainedModelProperty().get();
                if (trained == null) {
                    model.set(null);
                    state.setText("Nothing trained yet: start a run in the Training tab, or choose another model.");
                } else {
                    offer(trained, source);
                }
            }
            case COUNTED -> load(source, counted.get(), "Counting the bigrams of the training split…");
            case CHECKPOINT -> load(source, workspace.openCheckpoint(source.checkpoint()), "Loading " + source.label() + "…");
        }
    }

    private void load(Source source, CompletableFuture<ModelSnapshot> future, String loading) {
        model.set(null);
        state.setText(loading);
        future.whenComplete((snapshot, error) -> Platform.runLater(() -> {
            if (sources.getValue() != source) return;
            if (error != null) state.setText("Could not open " + source.label() + ": " + Messages.describe(unwrap(error)));
            else offer(snapshot, source);
        }));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }

    private void offer(ModelSnapshot snapshot, Source from) {
        if (sources.getValue() != from) return;
        if (snapshot == null) {
            model.set(null);
            return;
        }
        state.setText(String.format("%s · %s · V = %,d · %,d parameters", snapshot.source(), snapshot.kind(),
                snapshot.vocabSize(), snapshot.model().parameterCount()));
        model.set(snapshot);
    }
}
