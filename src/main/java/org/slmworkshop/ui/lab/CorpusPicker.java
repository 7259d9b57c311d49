package org.slmworkshop.ui.lab;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusEntry;

/**
 * Which corpus a lab reads: the shipped ones, or a file or folder the learner imports. A choice only
 * becomes the selection once the lab has loaded it ({@link #confirm}), so a bad file leaves the previous
 * corpus selected and the reason in red below ({@link #reject}). The corpus lab shows it with its own
 * "Corpus" label and the corpus's description; the training form, inside a labelled form row, without.
 */
public final class CorpusPicker extends VBox {
    /** How much the picker shows around its list. */
    public enum Style {
        /** "Corpus", the list and the import button, the description below: a lab's top bar. */
        LABELLED,
        /** The list and the import button only (the description as a tooltip): a row of a form. */
        FORM_ROW
    }

    private final ComboBox<CorpusChoice> choices = new ComboBox<>();
    private final Label description = new Label();
    private final Label error = new Label();
    private final Consumer<CorpusChoice> onRequest;
    private final ReadOnlyObjectWrapper<CorpusChoice> confirmed = new ReadOnlyObjectWrapper<>(this, "confirmed");
    private boolean quiet;

    /** @param onRequest asked to load a choice the learner picked or imported (FX thread) */
    public CorpusPicker(Style style, Consumer<CorpusChoice> onRequest) {
        this.onRequest = onRequest;
        getStyleClass().add("corpus-picker");
        for (CorpusEntry entry : CorpusCatalog.standard().entries()) choices.getItems().add(CorpusChoice.shipped(entry));
        choices.setId("corpus-choice");
        choices.setMaxWidth(Double.MAX_VALUE);
        choices.setMinWidth(style == Style.LABELLED ? 120 : 60);
        if (style == Style.FORM_ROW) {   // a narrow form: the closed box shows the short name, the list the titles
            choices.setButtonCell(new javafx.scene.control.ListCell<>() {
                @Override
                protected void updateItem(CorpusChoice choice, boolean empty) {
                    super.updateItem(choice, empty);
                    setText(empty || choice == null ? null : shortName(choice));
                }
            });
        }
        HBox.setHgrow(choices, Priority.ALWAYS);
        choices.valueProperty().addListener((obs, old, choice) -> {
            if (quiet || choice == null) return;
            if (choice == IMPORT_FILE || choice == IMPORT_FOLDER) {   // a command in the list, not a corpus
                javafx.application.Platform.runLater(() -> {
                    showQuietly(confirmed.get());
                    if (choice == IMPORT_FILE) chooseFile();
                    else chooseFolder();
                });
            } else if (!choice.equals(confirmed.get())) {
                onRequest.accept(choice);
            }
        });

        MenuItem file = new MenuItem("File…");
        file.setId("import-file");
        file.setOnAction(e -> chooseFile());
        MenuItem folder = new MenuItem("Folder…");
        folder.setId("import-folder");
        folder.setOnAction(e -> chooseFolder());
        javafx.scene.control.ButtonBase importButton;
        if (style == Style.LABELLED) {
            importButton = new MenuButton("Import file or folder…", null, file, folder);
        } else {   // a narrow form: the two imports are the list's last entries, the box keeps the width
            choices.getItems().addAll(IMPORT_FILE, IMPORT_FOLDER);
            importButton = null;
        }
        if (importButton != null) {
            importButton.setTooltip(new Tooltip("Import a text file or a folder of them"));
            importButton.setId("corpus-import");
            importButton.setMinWidth(USE_PREF_SIZE);
        }

        Label corpusLabel = new Label("Corpus");
        corpusLabel.getStyleClass().add("field-label");
        corpusLabel.setMinWidth(USE_PREF_SIZE);
        HBox row = style == Style.LABELLED ? new HBox(8, corpusLabel, choices, importButton)
                : new HBox(choices);
        row.setAlignment(Pos.CENTER_LEFT);

        description.setId("corpus-description");
        description.getStyleClass().add("corpus-description");
        description.setWrapText(true);
        error.setId("corpus-error");
        error.getStyleClass().add("corpus-error");
        error.setWrapText(true);
        error.managedProperty().bind(error.visibleProperty());
        error.setVisible(false);
        setSpacing(4);
        if (style == Style.LABELLED) {
            getChildren().addAll(row, description, error);
        } else {
            choices.tooltipProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                    () -> description.getText().isEmpty() ? null : new Tooltip(description.getText()),
                    description.textProperty()));
            getChildren().addAll(row, error);
        }
    }

    /** The form row's list ends with these two commands; picking one opens the file or folder dialog. */
    static final CorpusChoice IMPORT_FILE = new CorpusChoice("\u0000import-file", "Import a file…", "", false);
    static final CorpusChoice IMPORT_FOLDER = new CorpusChoice("\u0000import-folder", "Import a folder…", "", false);

    private void showQuietly(CorpusChoice choice) {
        quiet = true;
        try {
            choices.setValue(choice);
        } finally {
            quiet = false;
        }
    }

    /** The combo box's id, for tests and CSS ("corpus-choice" unless set). */
    public void setListId(String id) {
        choices.setId(id);
    }

    /** The corpus now shown (the last one that loaded). */
    public CorpusChoice confirmed() {
        return confirmed.get();
    }

    public ReadOnlyObjectProperty<CorpusChoice> confirmedProperty() {
        return confirmed.getReadOnlyProperty();
    }

    /** The choice for a manifest id or a path, adding an imported one to the list if it is new. */
    public CorpusChoice choiceFor(String key) {
        for (CorpusChoice choice : choices.getItems()) if (choice.key().equals(key)) return choice;
        return CorpusChoice.imported(Path.of(key));
    }

    /** Marks {@code choice} as loaded: selected, described, remembered. */
    public void confirm(CorpusChoice choice) {
        quiet = true;
        try {
            if (!choices.getItems().contains(choice)) {
                int commands = choices.getItems().indexOf(IMPORT_FILE);
                choices.getItems().add(commands < 0 ? choices.getItems().size() : commands, choice);
            }
            choices.setValue(choice);
            confirmed.set(choice);
        } finally {
            quiet = false;
        }
        description.setText(choice.description());
        clearError();
    }

    /** Shows why a choice could not be used and puts the selection back on the corpus still shown. */
    public void reject(CorpusChoice choice, String message) {
        CorpusChoice kept = confirmed.get();
        quiet = true;
        try {
            choices.setValue(kept);
            if (choice.imported() && !choice.equals(kept)) choices.getItems().remove(choice);
        } finally {
            quiet = false;
        }
        String reason = message.endsWith(".") ? message : message + ".";
        error.setText("Could not use " + shortName(choice) + ": " + reason
                + (kept == null || kept.equals(choice) ? "" : " Still using " + shortName(kept) + "."));
        error.setVisible(true);
    }

    public void clearError() {
        error.setText("");
        error.setVisible(false);
    }

    public String errorText() {
        return error.getText();
    }

    public static String shortName(CorpusChoice choice) {
        if (!choice.imported()) return choice.key();
        Path file = Path.of(choice.key()).getFileName();
        return file == null ? choice.key() : file.toString();
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a corpus file");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Text, WikiText, MEDLINE, PubMed XML", "*.txt", "*.text", "*.raw",
                        "*.tokens", "*.md", "*.xml", "*.medline", "*.nbib", "*.chunks"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) onRequest.accept(CorpusChoice.imported(file.toPath()));
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Import a folder of corpus files");
        File folder = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        if (folder != null) onRequest.accept(CorpusChoice.imported(folder.toPath()));
    }
}
