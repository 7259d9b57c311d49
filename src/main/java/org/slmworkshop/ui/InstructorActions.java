package org.slmworkshop.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.slmworkshop.lesson.ClassroomPack;
import org.slmworkshop.lesson.PackReader;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusEntry;

/**
 * What an instructor does to the whole window: open a classroom pack (checked, unpacked beside the settings,
 * then shown as the lessons folder), export the open lessons as one, and put the current lesson's labs back
 * to their starting settings. The pack's work runs off the FX thread.
 */
final class InstructorActions {
    private static final String NO_CORPUS = "No extra corpus";

    private final Workspace workspace;
    private final Consumer<Path> openLessons;
    private final Supplier<LessonPane> currentPane;
    private final Supplier<Window> window;

    InstructorActions(Workspace workspace, Consumer<Path> openLessons, Supplier<LessonPane> currentPane, Supplier<Window> window) {
        this.workspace = workspace;
        this.openLessons = openLessons;
        this.currentPane = currentPane;
        this.window = window;
    }

    /** File ▸ Open classroom pack… and File ▸ Export classroom pack…, to go below Lessons folder…. */
    List<MenuItem> fileItems() {
        MenuItem open = new MenuItem("Open classroom pack…");
        open.setId("menu-open-pack");
        open.setOnAction(e -> chooseAndOpenPack());
        MenuItem export = new MenuItem("Export classroom pack…");
        export.setId("menu-export-pack");
        export.setOnAction(e -> chooseAndExportPack());
        return List.of(open, export);
    }

    /** Lesson ▸ Reset labs. */
    MenuItem resetItem() {
        MenuItem reset = new MenuItem("Reset labs");
        reset.setId("menu-reset-labs");
        reset.setOnAction(e -> confirmAndResetLabs());
        return reset;
    }

    /** Where an opened pack is unpacked: one folder per pack file name, under the settings folder. */
    static Path packFolder(Path pack) {
        String name = pack.getFileName().toString();
        if (name.endsWith(ClassroomPack.EXTENSION)) name = name.substring(0, name.length() - ClassroomPack.EXTENSION.length());
        return AppSettings.home().resolve("packs").resolve(name.isBlank() ? "pack" : name);
    }

    private void chooseAndOpenPack() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a classroom pack");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Classroom packs", "*" + ClassroomPack.EXTENSION),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(window.get());
        if (file != null) openPack(file.toPath());
    }

    /**
     * Checks and unpacks {@code pack}, then opens its lessons; a refused pack leaves the lessons on screen as
     * they are and says why. Completes on the FX thread with the import, or null when refused.
     */
    CompletableFuture<PackReader.Imported> openPack(Path pack) {
        CompletableFuture<PackReader.Imported> done = new CompletableFuture<>();
        workspace.notifier().info("Opening " + pack.getFileName(), "Checking every file of the pack…");
        CompletableFuture.supplyAsync(() -> PackReader.importInto(pack, packFolder(pack), true), workspace.labWork())
                .whenComplete((imported, error) -> Notifier.runOnFx(() -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        workspace.notifier().error("The classroom pack was refused; your lessons are unchanged",
                                org.slmworkshop.util.Messages.describe(cause));
                        done.complete(null);
                        return;
                    }
                    Path corpus = imported.corpus();
                    workspace.updateSettings(s -> {
                        AppSettings next = s.withLessonsFolder(imported.lessonsFolder().toString()).withLesson(null);
                        return corpus == null ? next : next.withCorpus(corpus.toString());
                    });
                    openLessons.accept(imported.lessonsFolder());
                    workspace.notifier().info("Classroom pack opened", String.format("%d lessons, %d files checked (SHA-256), in %s%s",
                            imported.manifest().lessonFiles().size(), imported.manifest().entries().size(), imported.root(),
                            corpus == null ? "" : "; labs without a corpus of their own open " + corpus.getFileName()));
                    done.complete(imported);
                }));
        return done;
    }

    private void chooseAndExportPack() {
        Path lessons = workspace.lessonsFolder();
        List<String> corpora = new ArrayList<>();
        corpora.add(NO_CORPUS);
        CorpusCatalog.standard().entries().stream().map(CorpusEntry::id).forEach(corpora::add);
        String last = workspace.settings().lastCorpus();
        if (last != null && !corpora.contains(last) && Files.exists(Path.of(last))) corpora.add(last);
        ChoiceDialog<String> corpusDialog = new ChoiceDialog<>(NO_CORPUS, corpora);
        corpusDialog.initOwner(window.get());
        corpusDialog.setTitle("Export classroom pack");
        corpusDialog.setHeaderText("Pack " + lessons + ",\nthe checkpoints its lessons open and the corpora they name.");
        corpusDialog.setContentText("Carry one more corpus:");
        Optional<String> corpus = corpusDialog.showAndWait();
        if (corpus.isEmpty()) return;
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export classroom pack");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Classroom packs", "*" + ClassroomPack.EXTENSION));
        Path parent = lessons.getParent();
        chooser.setInitialFileName((parent == null || parent.getFileName() == null ? "workshop" : parent.getFileName()) + ClassroomPack.EXTENSION);
        File file = chooser.showSaveDialog(window.get());
        if (file == null) return;
        exportPack(file.toPath(), NO_CORPUS.equals(corpus.get()) ? null : corpus.get());
    }

    /** Packs the open lessons folder into {@code out} in the background and says what went in. */
    CompletableFuture<ClassroomPack.Exported> exportPack(Path out, String corpus) {
        Path lessons = workspace.lessonsFolder();
        CompletableFuture<ClassroomPack.Exported> done = new CompletableFuture<>();
        workspace.submit("The classroom pack could not be written", () -> ClassroomPack.export(lessons, corpus, out), exported -> {
            workspace.notifier().info("Classroom pack written", String.format("%s: %d lessons, %d checkpoint%s, %d corpus file%s, %d files in all",
                    out, exported.lessons(), exported.checkpoints().size(), exported.checkpoints().size() == 1 ? "" : "s",
                    exported.corpora().size(), exported.corpora().size() == 1 ? "" : "s", exported.manifest().entries().size()));
            done.complete(exported);
        }).exceptionally(error -> {
            done.complete(null);
            return null;
        });
        return done;
    }

    private void confirmAndResetLabs() {
        LessonPane pane = currentPane.get();
        if (pane == null) return;
        TrainingSession training = workspace.training();
        if (training.state().isActive()) {
            ButtonType stopAndReset = new ButtonType("Stop the run and reset", ButtonBar.ButtonData.OK_DONE);
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "\"" + training.titleProperty().get()
                    + "\" is training. Resetting the labs stops it (its chart stays until the next run).", stopAndReset, ButtonType.CANCEL);
            alert.initOwner(window.get());
            alert.setTitle("Reset labs");
            alert.setHeaderText("Stop the run and reset the labs of " + pane.lesson().label() + "?");
            if (alert.showAndWait().orElse(ButtonType.CANCEL) != stopAndReset) return;
            training.stop();
        }
        pane.resetLabs();
    }
}
