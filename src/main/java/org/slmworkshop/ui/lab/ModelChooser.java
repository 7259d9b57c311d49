package org.slmworkshop.ui.lab;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Predicate;
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
import javafx.stage.FileChooser;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.view.Ems;

/**
 * Which model a lab looks at: a checkpoint (the lesson's shipped one, or one the learner opens),
 * or the model trained in this window, followed live while it trains. Labs that need a certain
 * kind of model (attention needs a GPT) pass a filter and the chooser explains a mismatch.
 */
public final class ModelChooser extends VBox {
    /** A choice in the list. {@code checkpoint} is null for the model trained in this window. */
    public record Source(String label, Path checkpoint) {
        @Override
        public String toString() {
            return label;
        }
    }

    public static final Source TRAINED = new Source("Model trained in this window", null);

    private final Workspace workspace;
    private final ComboBox<Source> sources = new ComboBox<>();
    private final Label state = new Label();
    private final ReadOnlyObjectWrapper<ModelSnapshot> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final Predicate<ModelSnapshot> accepts;
    private final String requirement;
    private final ChangeListener<ModelSnapshot> followTrained = (obs, old, snapshot) -> offer(snapshot, TRAINED);

    /**
     * @param accepts     which models this lab can show
     * @param requirement what to tell the learner when a model is refused ("The attention lab needs a GPT.")
     */
    public ModelChooser(Workspace workspace, Predicate<ModelSnapshot> accepts, String requirement) {
        this.workspace = workspace;
        this.accepts = accepts;
        this.requirement = requirement;
        getStyleClass().add("model-chooser");
        setSpacing(4);
        sources.setId("model-source");
        sources.getItems().add(TRAINED);
        String last = workspace.settings().lastCheckpoint();
        if (last != null && java.nio.file.Files.isRegularFile(Path.of(last))) {
            Path file = Path.of(last).toAbsolutePath().normalize();
            sources.getItems().add(new Source(file.getFileName() + " (last used)", file));
        }
        Ems.prefWidth(sources, 280);
        Button open = new Button("Open checkpoint…");
        open.setId("open-checkpoint");
        open.setOnAction(e -> chooseCheckpoint());
        state.getStyleClass().add("model-state");
        state.setWrapText(true);
        state.setMinWidth(0);
        Label title = new Label("Model:");
        title.setMinWidth(Region.USE_PREF_SIZE);
        open.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, title, sources, open);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(sources, Priority.SOMETIMES);
        sources.setMaxWidth(Double.MAX_VALUE);
        state.setId("model-state");
        getChildren().addAll(row, state);
        sources.valueProperty().addListener((obs, old, source) -> select(source));
    }

    /** Stops following the trained model; call from the lab's dispose. */
    public void dispose() {
        workspace.trainedModelProperty().removeListener(followTrained);
    }

    public ReadOnlyObjectProperty<ModelSnapshot> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ModelSnapshot model() {
        return model.get();
    }

    /** The chosen entry: a checkpoint, or {@link #TRAINED} when following the model trained in this window. */
    public ReadOnlyObjectProperty<Source> sourceProperty() {
        return sources.valueProperty();
    }

    /** Adds a checkpoint to the list and selects it (the lesson's shipped model, or one just saved). */
    public void showCheckpoint(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        Source source = sources.getItems().stream().filter(s -> normalized.equals(s.checkpoint())).findFirst()
                .orElseGet(() -> {
                    Source added = new Source(normalized.getFileName().toString(), normalized);
                    sources.getItems().add(0, added);
                    return added;
                });
        sources.setValue(source);
    }

    /** Follows the model trained in this window. */
    public void showTrained() {
        sources.setValue(TRAINED);
    }

    private void chooseCheckpoint() {
        askForCheckpoint(this, workspace).ifPresent(this::showCheckpoint);
    }

    /**
     * The "Open a checkpoint" dialog over {@code owner}'s window; a chosen file becomes the workspace's last
     * checkpoint. Empty when the learner cancels.
     */
    public static java.util.Optional<java.nio.file.Path> askForCheckpoint(javafx.scene.Node owner, Workspace workspace) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a checkpoint");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Checkpoints", "*.ckpt"));
        File file = chooser.showOpenDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        if (file == null) return java.util.Optional.empty();
        workspace.updateSettings(s -> s.withCheckpoint(file.getAbsolutePath()));
        return java.util.Optional.of(file.toPath());
    }

    private void select(Source source) {
        workspace.trainedModelProperty().removeListener(followTrained);
        if (source == null) return;
        if (source.checkpoint() == null) {
            workspace.trainedModelProperty().addListener(followTrained);
            ModelSnapshot trained = workspace.trainedModelProperty().get();
            if (trained == null) {
                model.set(null);
                state.setText("Nothing trained yet: start a run in a Training lab, or open a checkpoint.");
            } else {
                offer(trained, source);
            }
            return;
        }
        state.setText("Loading " + source.label() + "…");
        workspace.deliver("Could not open the checkpoint " + source.label(), workspace.openCheckpoint(source.checkpoint()),
                snapshot -> {
                    if (sources.getValue() == source) offer(snapshot, source);
                }).exceptionally(error -> {
                    javafx.application.Platform.runLater(() -> state.setText("Could not open " + source.label() + "."));
                    return null;
                });
    }

    private void offer(ModelSnapshot snapshot, Source from) {
        if (sources.getValue() != from || snapshot == null) return;
        if (!accepts.test(snapshot)) {
            state.setText(requirement + " This one is a " + snapshot.kind() + ".");
            model.set(null);
            return;
        }
        state.setText(String.format("%s · %s · V = %,d · %,d parameters", snapshot.source(), snapshot.kind(),
                snapshot.vocabSize(), snapshot.model().parameterCount()));
        model.set(snapshot);
    }
}
