package org.slmworkshop.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.application.HostServices;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.slmworkshop.backend.BackendInfo;
import org.slmworkshop.backend.BackendSelection;
import org.slmworkshop.backend.NativeCache;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.PreparedCorpus;

/**
 * What the labs of one window share: the background threads, the one training run, the latest
 * trained model, corpora and checkpoints already loaded, the settings and the notifier.
 * Owned by the FX thread; the heavy work it offers runs elsewhere and reports back on the FX thread.
 */
public final class Workspace {
    /** Work handed over after the window closed is dropped, not thrown back at the FX thread. */
    private final ExecutorService background = new java.util.concurrent.ThreadPoolExecutor(2, 2, 0,
            java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
            TrainingSession.daemon("lab-work"), new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
    private final Notifier notifier = new Notifier();
    private final ObjectProperty<ModelSnapshot> trainedModel = new SimpleObjectProperty<>(this, "trainedModel");
    private final ReadOnlyObjectWrapper<BackendInfo> backend = new ReadOnlyObjectWrapper<>(this, "backend");
    private final TrainingSession training = new TrainingSession(notifier, trainedModel::set);
    private final Map<String, CompletableFuture<PreparedCorpus>> corpora = new ConcurrentHashMap<>();
    private final Map<Path, CompletableFuture<ModelSnapshot>> checkpoints = new ConcurrentHashMap<>();
    private final Path lessonsFolder;
    private AppSettings settings;
    private BackendSelection selection;
    private HostServices hostServices;
    private java.util.function.BiConsumer<org.slmworkshop.lesson.Lab, String> labOpener = (lab, model) -> { };

    public Workspace(AppSettings settings, Path lessonsFolder) {
        this.settings = settings;
        this.lessonsFolder = lessonsFolder.toAbsolutePath().normalize();
    }

    public Notifier notifier() {
        return notifier;
    }

    public TrainingSession training() {
        return training;
    }

    /** The model of the latest run (a live copy while it trains), or a checkpoint opened for training. */
    public ObjectProperty<ModelSnapshot> trainedModelProperty() {
        return trainedModel;
    }

    public ReadOnlyObjectProperty<BackendInfo> backendProperty() {
        return backend.getReadOnlyProperty();
    }

    public Path lessonsFolder() {
        return lessonsFolder;
    }

    /** Lesson files name checkpoints relative to the lessons folder's parent (the project or image root). */
    public Path resolveLessonPath(String path) {
        Path given = Path.of(path);
        return given.isAbsolute() ? given : lessonsFolder.getParent().resolve(given).normalize();
    }

    /** The corpus a lab opens with: the lesson's, else the one used last, else the default. */
    public String corpusFor(org.slmworkshop.lesson.LabSettings lab) {
        if (lab.corpus() != null) return lab.corpus();
        if (settings.lastCorpus() != null) return settings.lastCorpus();
        return CorpusCatalog.standard().defaultEntry().id();
    }

    /** The tokenizer a lab opens with: the lesson's kind and vocabulary, else what the corpus suggests. */
    public static TokenizerSpec tokenizerFor(org.slmworkshop.lesson.LabSettings lab, String corpus) {
        String kind = lab.tokenizer() != null ? lab.tokenizer()
                : CorpusCatalog.standard().find(corpus).map(org.slmworkshop.text.CorpusEntry::tokenizer).orElse("char");
        TokenizerSpec defaults = TokenizerSpec.defaults(kind);
        return new TokenizerSpec(kind, lab.vocab() != null ? lab.vocab() : defaults.maxVocab(), defaults.bpeEncoding());
    }

    public AppSettings settings() {
        return settings;
    }

    public void updateSettings(java.util.function.UnaryOperator<AppSettings> change) {
        settings = change.apply(settings);
        settings.save();
    }

    /**
     * Takes the learner to the first lesson with {@code lab} (for a {@code model} kind, or any when
     * null) and shows that lab: "train it yourself" from the sampling lesson leads to a training lab.
     */
    public void openLab(org.slmworkshop.lesson.Lab lab, String model) {
        labOpener.accept(lab, model);
    }

    void setLabOpener(java.util.function.BiConsumer<org.slmworkshop.lesson.Lab, String> opener) {
        labOpener = opener;
    }

    public HostServices hostServices() {
        return hostServices;
    }

    void setHostServices(HostServices hostServices) {
        this.hostServices = hostServices;
    }

    /**
     * Loads ND4J's native libraries off the FX thread; the status bar shows the result. On a first
     * start (hundreds of MB to unpack) or when a GPU goes unused, the learner is told why.
     */
    void startBackend(BackendSelection selection) {
        this.selection = selection;
        NativeCache.inspect(selection.chosen()).notice().ifPresent(notice -> notifier.info("First start", notice));
        if (selection.worthTelling()) notifier.info("Running on the CPU", selection.reason());
        submit("Starting the ND4J engine", BackendInfo::current, backend::set);
    }

    public BackendSelection backendSelection() {
        return selection;
    }

    /**
     * Runs {@code work} on a background thread and hands the result to {@code onResult} on the FX
     * thread. A failure becomes a notification titled {@code what} (and a failed future).
     */
    public <T> CompletableFuture<T> submit(String what, Callable<T> work, Consumer<T> onResult) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background);
        return deliver(what, future, onResult);
    }

    /** Hands a future's result to {@code onResult} on the FX thread, or its failure to the notifier. */
    public <T> CompletableFuture<T> deliver(String what, CompletableFuture<T> future, Consumer<T> onResult) {
        return future.whenComplete((result, error) -> {
            if (error != null) notifier.error(what, unwrap(error));
            else if (onResult != null) Platform.runLater(() -> onResult.accept(result));
        });
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }

    /**
     * A shipped corpus (by id) or a file/folder (by path), split and tokenized; prepared once per
     * (corpus, tokenizer, split) and shared by every lab.
     */
    public CompletableFuture<PreparedCorpus> prepare(String corpus, TokenizerSpec tokenizer, SplitSpec split) {
        String key = corpus + "|" + tokenizer + "|" + split;
        CompletableFuture<PreparedCorpus> future = corpora.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(
                () -> PreparedCorpus.prepare(CorpusCatalog.load(corpus), split, tokenizer), background));
        future.whenComplete((ok, error) -> {
            if (error != null) corpora.remove(key, future);
        });
        return future;
    }

    /** The default split and the tokenizer a corpus suggests (char for prose, as the CLI does). */
    public CompletableFuture<PreparedCorpus> prepare(String corpus, String tokenizerKind) {
        return prepare(corpus, TokenizerSpec.defaults(tokenizerKind), SplitSpec.DEFAULT);
    }

    /** Opens a checkpoint once; later calls share the loaded model. */
    public CompletableFuture<ModelSnapshot> openCheckpoint(Path file) {
        Path key = file.toAbsolutePath().normalize();
        CompletableFuture<ModelSnapshot> future = checkpoints.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
            if (!Files.isRegularFile(k)) throw new IllegalArgumentException("checkpoint not found: " + k);
            Checkpoints.Loaded loaded = Checkpoints.load(k);
            String source = k.getFileName() + " (step " + loaded.state().step() + ")";
            return new ModelSnapshot(loaded.model(), Tokenizers.restore(loaded.tokenizerState()), null, source,
                    loaded.state().step(), false);
        }, background));
        future.whenComplete((ok, error) -> {
            if (error != null) checkpoints.remove(key, future);
        });
        return future;
    }

    public void shutdown() {
        training.shutdown();
        background.shutdownNow();
    }
}
