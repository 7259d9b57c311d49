package org.slmworkshop.ui.lab.sampling;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks where to export the samples, in one of the exporter's formats (chosen by the file's extension). */
final class ExportDialog {
    private ExportDialog() {}

    static Optional<Path> choose(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the samples");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Markdown", "*.md"),
                new FileChooser.ExtensionFilter("JSON (reads back into tools)", "*.json"),
                new FileChooser.ExtensionFilter("Plain text", "*.txt"));
        chooser.setInitialFileName("samples.md");
        File file = chooser.showSaveDialog(owner);
        if (file == null) return Optional.empty();
        Path path = file.toPath();
        if (path.getFileName().toString().matches("(?i).*\\.(md|json|txt)$")) return Optional.of(path);
        // a name typed without an extension gets the chosen filter's, so the exporter knows the format
        String pattern = chooser.getSelectedExtensionFilter() == null ? "*.md"
                : chooser.getSelectedExtensionFilter().getExtensions().get(0);
        return Optional.of(path.resolveSibling(path.getFileName() + pattern.substring(1)));
    }
}
