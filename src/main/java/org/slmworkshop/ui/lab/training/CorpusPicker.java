package org.slmworkshop.ui.lab.training;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusEntry;

/**
 * The corpus list: every shipped corpus, the files and folders opened so far, and "Open file…" /
 * "Open folder…" to add one. {@link #corpusProperty()} holds the chosen id or path.
 */
final class CorpusPicker extends ComboBox<CorpusPicker.Choice> {
    /** An entry: a shipped corpus or a file or folder (by id or path), or a command to open one. */
    record Choice(String label, String idOrPath) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final Choice OPEN_FILE = new Choice("Open file…", null);
    static final Choice OPEN_FOLDER = new Choice("Open folder…", null);

    private final ReadOnlyStringWrapper corpus = new ReadOnlyStringWrapper(this, "corpus");
    private final Consumer<String> onOpened;

    /** @param onOpened told the path of each file or folder the learner opens */
    CorpusPicker(Consumer<String> onOpened) {
        this.onOpened = onOpened;
        setId("train-corpus");
        for (CorpusEntry entry : CorpusCatalog.standard().entries()) {
            getItems().add(new Choice(entry.id() + " · " + entry.title(), entry.id()));
        }
        getItems().addAll(OPEN_FILE, OPEN_FOLDER);
        setMaxWidth(Double.MAX_VALUE);
        // the closed box shows the short name; the list shows the titles
        setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Choice choice, boolean empty) {
                super.updateItem(choice, empty);
                setText(empty || choice == null ? null
                        : choice.idOrPath() == null ? choice.label() : RunPlan.corpusLabel(choice.idOrPath()));
            }
        });
        valueProperty().addListener((obs, old, now) -> {
            if (now == OPEN_FILE || now == OPEN_FOLDER) Platform.runLater(() -> open(now, old));
            else corpus.set(now == null ? null : now.idOrPath());
        });
    }

    ReadOnlyStringProperty corpusProperty() {
        return corpus.getReadOnlyProperty();
    }

    /** Selects a shipped corpus by id, or adds a file or folder to the list and selects it. */
    void select(String idOrPath) {
        Choice choice = getItems().stream().filter(c -> idOrPath.equals(c.idOrPath())).findFirst().orElseGet(() -> {
            Path name = Path.of(idOrPath).getFileName();
            Choice added = new Choice(name == null ? idOrPath : name.toString(), idOrPath);
            getItems().add(getItems().indexOf(OPEN_FILE), added);
            return added;
        });
        setValue(choice);
    }

    private void open(Choice command, Choice previous) {
        Window owner = getScene() == null ? null : getScene().getWindow();
        File chosen;
        if (command == OPEN_FILE) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Train on a text file");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Text", "*.txt", "*.md", "*.xml", "*.gz"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            chosen = chooser.showOpenDialog(owner);
        } else {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Train on a folder of text files");
            chosen = chooser.showDialog(owner);
        }
        if (chosen == null) {
            setValue(previous);
            return;
        }
        String path = chosen.toPath().toAbsolutePath().toString();
        select(path);
        onOpened.accept(path);
    }
}
