package org.slmworkshop.ui.lab.corpus;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusEntry;

/**
 * Which corpus the lab reads: the shipped ones, or a file or folder the learner imports. A choice
 * only becomes the selection once the lab has loaded it, so a bad file leaves the previous corpus
 * selected and the reason in red below.
 */
final class CorpusPicker extends VBox {
    private final ComboBox<CorpusChoice> choices = new ComboBox<>();
    private final Label description = new Label();
    private final Label error = new Label();
    private final Consumer<CorpusChoice> onRequest;
    private CorpusChoice confirmed;
    private boolean quiet;

    /** @param onRequest asked to load a choice the learner picked or imported (FX thread) */
    CorpusPicker(Consumer<CorpusChoice> onRequest) {
        this.onRequest = onRequest;
        getStyleClass().add("corpus-picker");
        for (CorpusEntry entry : CorpusCatalog.standard().entries()) choices.getItems().add(CorpusChoice.shipped(entry));
        choices.setId("corpus-choice");
        choices.setMaxWidth(Double.MAX_VALUE);
        choices.setMinWidth(120);
        HBox.setHgrow(choices, Priority.ALWAYS);
        choices.valueProperty().addListener((obs, old, choice) -> {
            if (!quiet && choice != null && !choice.equals(confirmed)) onRequest.accept(choice);
        });

        MenuItem file = new MenuItem("File…");
        file.setId("import-file");
        file.setOnAction(e -> chooseFile());
        MenuItem folder = new MenuItem("Folder…");
        folder.setId("import-folder");
        folder.setOnAction(e -> chooseFolder());
        MenuButton importButton = new MenuButton("Import file or folder…", null, file, folder);
        importButton.setId("corpus-import");
        importButton.setMinWidth(USE_PREF_SIZE);

        Label corpusLabel = new Label("Corpus");
        corpusLabel.getStyleClass().add("field-label");
        corpusLabel.setMinWidth(USE_PREF_SIZE);
        HBox row = new HBox(8, corpusLabel, choices, importButton);
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
        getChildren().addAll(row, description, error);
    }

    /** The corpus now shown (the last one that loaded). */
    CorpusChoice confirmed() {
        return confirmed;
    }

    /** The choice for a manifest id or a path, adding an imported one to the list if it is new. */
    CorpusChoice choiceFor(String key) {
        for (CorpusChoice choice : choices.getItems()) if (choice.key().equals(key)) return choice;
        return CorpusChoice.imported(Path.of(key));
    }

    /** Marks {@code choice} as loaded: selected, described, remembered. */
    void confirm(CorpusChoice choice) {
        confirmed = choice;
        quiet = true;
        try {
            if (!choices.getItems().contains(choice)) choices.getItems().add(choice);
            choices.setValue(choice);
        } finally {
            quiet = false;
        }
        description.setText(choice.description());
        clearError();
    }

    /** Shows why a choice could not be used and puts the selection back on the corpus still shown. */
    void reject(CorpusChoice choice, String message) {
        quiet = true;
        try {
            choices.setValue(confirmed);
            if (choice.imported() && !choice.equals(confirmed)) choices.getItems().remove(choice);
        } finally {
            quiet = false;
        }
        String reason = message.endsWith(".") ? message : message + ".";
        error.setText("Could not use " + shortName(choice) + ": " + reason
                + (confirmed == null ? "" : " Still showing " + shortName(confirmed) + "."));
        error.setVisible(true);
    }

    void clearError() {
        error.setText("");
        error.setVisible(false);
    }

    String errorText() {
        return error.getText();
    }

    static String shortName(CorpusChoice choice) {
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
