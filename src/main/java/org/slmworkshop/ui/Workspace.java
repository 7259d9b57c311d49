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
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.slmworkshop.backend.BackendInfo;
import org.slmworkshop.backend.NativeCache;
import org.slmworkshop.kernels.BackendChoice;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.kernels.BackendUnavailableException;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.cuda.CudaRuntime;
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
    private final LabThreads threads = new LabThreads();
    private final ExecutorService background = threads.own("lab-work", 2);
    private final Notifier notifier = new Notifier();
    private final ObjectProperty<ModelSnapshot> trainedModel = new SimpleObjectProperty<>(this, "trainedModel");
    private final ReadOnlyObjectWrapper<EngineState> engine = new ReadOnlyObjectWrapper<>(this, "engine");
    private final ReadOnlyBooleanWrapper engineBusy = new ReadOnlyBooleanWrapper(this, "engineBusy");
    private final javafx.beans.property.ReadOnlyStringWrapper engineStarting = new javafx.beans.property.ReadOnlyStringWrapper(this, "engineStarting");
    private final TrainingSession training = new TrainingSession(notifier, this::publishTrained, threads);
    /** True while the learner views an earlier step of a run; the session's newer models wait meanwhile. */
    private final ReadOnlyBooleanWrapper viewingPast = new ReadOnlyBooleanWrapper(this, "viewingPast");
    private ModelSnapshot heldWhileViewingPast;
    private final Map<String, CompletableFuture<PreparedCorpus>> corpora = new ConcurrentHashMap<>();
    private final Map<Path, CompletableFuture<ModelSnapshot>> checkpoints = new ConcurrentHashMap<>();
    private final Map<Path, CheckpointCorpus> checkpointCorpora = new ConcurrentHashMap<>();
    private Path lessonsFolder;
    private AppSettings settings;
    private HostServices hostServices;
    private java.util.function.BiConsumer<org.slmworkshop.lesson.Lab, String> labOpener = (lab, model) -> { };
    private java.util.function.BiConsumer<Path, org.slmworkshop.lesson.LabSettings> lessonLabOpener = (file, lab) -> { };

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

    private void publishTrained(ModelSnapshot snapshot) {
        if (viewingPast.get()) heldWhileViewingPast = snapshot;
        else trainedModel.set(snapshot);
    }

    /**
     * Shows {@code past}, the run as it was at an earlier step, as the trained model of every lab until
     * {@link #showLatest()}; the models the run publishes meanwhile are held back (FX thread).
     */
    public void showPast(ModelSnapshot past) {
        if (!viewingPast.get()) {
            heldWhileViewingPast = trainedModel.get();
            viewingPast.set(true);
        }
        trainedModel.set(past);
    }

    /** Back from an earlier step: the latest model of the run (or what was shown before) again. */
    public void showLatest() {
        if (!viewingPast.get()) return;
        viewingPast.set(false);
        ModelSnapshot latest = heldWhileViewingPast;
        heldWhileViewingPast = null;
        trainedModel.set(latest);
    }

    public ReadOnlyBooleanProperty viewingPastProperty() {
        return viewingPast.getReadOnlyProperty();
    }

    /** The backend new models get; null until the first choice has been made. */
    public ReadOnlyObjectProperty<EngineState> engineProperty() {
        return engine.getReadOnlyProperty();
    }

    /** True while a backend is being chosen (loading ND4J, or opening the GPU and compiling its kernels). */
    /** While the engine starts, what it is doing when that takes a while (the first start's unpacking), else null. */
    public javafx.beans.property.ReadOnlyStringProperty engineStartingProperty() {
        return engineStarting.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty engineBusyProperty() {
        return engineBusy.getReadOnlyProperty();
    }

    public Path lessonsFolder() {
        return lessonsFolder;
    }

    /** The window opened another lessons folder (File ▸ Lessons folder…, a classroom pack): its paths resolve from there. */
    void setLessonsFolder(Path folder) {
        lessonsFolder = folder.toAbsolutePath().normalize();
    }

    /** A lesson's corpus: a shipped corpus id as it is, a path resolved like a checkpoint's (a pack's own corpus). */
    public String resolveCorpus(String corpus) {
        if (corpus == null || CorpusCatalog.standard().find(corpus).isPresent()) return corpus;
        return resolveLessonPath(corpus).toString();
    }

    /** Lesson files name checkpoints relative to the lessons folder's parent (the project or image root). */
    public Path resolveLessonPath(String path) {
        Path given = Path.of(path);
        return given.isAbsolute() ? given : lessonsFolder.getParent().resolve(given).normalize();
    }

    /** The corpus a lab opens with: the lesson's, else the one used last, else the default. */
    public String corpusFor(org.slmworkshop.lesson.LabSettings lab) {
        if (lab.corpus() != null) return resolveCorpus(lab.corpus());
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
     * The labs' one way to take the learner to another lab: the lesson on screen's own {@code lab} when it
     * has one (for a {@code model} kind, or any when null), otherwise the first lesson that has it.
     * "Train it yourself" in the sampling lab leads to a GPT training lab; the transition lab's "open
     * training" to the training tab beside it.
     */
    public void openLab(org.slmworkshop.lesson.Lab lab, String model) {
        labOpener.accept(lab, model);
    }

    /** Takes the learner to one lesson's lab: the lesson file and the settings of the lab's tab. */
    public void openLessonLab(Path lessonFile, org.slmworkshop.lesson.LabSettings settings) {
        lessonLabOpener.accept(lessonFile, settings);
    }

    void setLessonLabOpener(java.util.function.BiConsumer<Path, org.slmworkshop.lesson.LabSettings> opener) {
        lessonLabOpener = opener;
    }

    void setLabOpener(java.util.function.BiConsumer<org.slmworkshop.lesson.Lab, String> opener) {
        labOpener = opener;
    }

    /** The workspace's two shared threads for short lab work (what {@link #submit} uses). */
    public java.util.concurrent.Executor labWork() {
        return background;
    }

    /** The window's background threads: a lab takes its own here and shuts it down when disposed. */
    public LabThreads threads() {
        return threads;
    }

    public HostServices hostServices() {
        return hostServices;
    }

    void setHostServices(HostServices hostServices) {
        this.hostServices = hostServices;
    }

    /**
     * Chooses the backend the app starts with, off the FX thread; the status bar shows the result. On a
     * first start on the CPU (hundreds of MB to unpack) or when a GPU goes unused, the learner is told why.
     */
    void startBackend(BackendMode mode) {
        chooseBackend(mode, true);
    }

    /**
     * Switches the backend of the models created from now on (the Engine menu); models already open keep
     * theirs. A GPU that cannot run here is refused with its one-line reason, and the engine stays as it was.
     * Completes, on the FX thread, with the engine in effect afterwards.
     */
    public CompletableFuture<EngineState> chooseBackend(BackendMode mode) {
        return chooseBackend(mode, false);
    }

    private CompletableFuture<EngineState> chooseBackend(BackendMode mode, boolean atStart) {
        if (engineBusy.get()) return CompletableFuture.completedFuture(engine.get());
        engineBusy.set(true);
        EngineState before = engine.get();
        CompletableFuture<EngineState> done = new CompletableFuture<>();
        submit(atStart ? "Starting the engine" : "Switching the engine", () -> choose(mode, before), state -> {
            engineBusy.set(false);
            engineStarting.set(null);
            engine.set(state);
            tell(state, before, atStart);
            done.complete(state);
        }).whenComplete((state, error) -> {
            if (error != null) Platform.runLater(() -> {
                engineBusy.set(false);
                engineStarting.set(null);
                done.complete(engine.get());
            });
        });
        return done;
    }

    /** Runs on a background thread: opening the GPU compiles kernels, and the CPU backend loads ND4J. */
    private EngineState choose(BackendMode mode, EngineState before) {
        BackendChoice choice;
        String refusal = null;
        // the first start unpacks ND4J's natives (4-5 s): say so while it happens, not after
        java.util.Optional<String> firstStart = mode == BackendMode.CPU || !CudaRuntime.status().usable()
                ? NativeCache.inspect().notice() : java.util.Optional.empty();
        firstStart.ifPresent(notice -> Platform.runLater(() -> engineStarting.set(notice)));
        try {
            choice = Backends.choose(mode);
        } catch (BackendUnavailableException e) {
            // the machine's reason, without the command line's "--backend cuda cannot run here: "
            String reason = e.getCause() instanceof BackendUnavailableException cause ? cause.getMessage() : e.getMessage();
            if (before != null) return new EngineState(before.choice(), before.cpu(), reason);
            refusal = reason;
            choice = new BackendChoice(mode, Backends.cpu(), "the GPU cannot run here; running on the CPU",
                    java.util.Optional.of(CudaRuntime.status()));
        }
        Backends.use(choice.kernels());
        if (!choice.onGpu()) {
            // only the CPU backend loads ND4J's natives: a GPU run never touches them
            EngineState state = new EngineState(choice, BackendInfo.current(), refusal);
            firstStart.ifPresent(notice -> notifier.info("First start",
                    notice.replaceFirst("^First start: ", "").replace("unpacking", "unpacked")));
            return state;
        }
        return new EngineState(choice, null, refusal);
    }

    private void tell(EngineState state, EngineState before, boolean atStart) {
        checkpoints.clear();   // a checkpoint opened from now on loads onto the engine in effect
        if (state.refusal() != null) {
            notifier.error("The GPU (CUDA) cannot be used here", state.briefRefusal());
        } else if (atStart) {
            if (state.onGpu()) notifier.info("Training on the GPU", state.choice().reason());
            else if (state.choice().worthTelling()) notifier.info("Running on the CPU", state.briefReason());
        } else if (before == null || before.onGpu() != state.onGpu() || before.choice().requested() != state.choice().requested()) {
            notifier.info("Engine: " + state.label(), EngineState.APPLIES_TO);
        }
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
            checkpointCorpora.put(k, new CheckpointCorpus(loaded.corpusId(), loaded.corpusSha256(), loaded.corpusSource(),
                    loaded.split()));
            return new ModelSnapshot(loaded.model(), Tokenizers.restore(loaded.tokenizerState()), null, source,
                    loaded.state().step(), false);
        }, background));
        future.whenComplete((ok, error) -> {
            if (error != null) checkpoints.remove(key, future);
        });
        return future;
    }

    /**
     * What a checkpoint records of the text it was trained on, kept when {@link #openCheckpoint} reads it.
     *
     * @param split null when the checkpoint does not record it
     */
    public record CheckpointCorpus(String id, String sha256, String source, SplitSpec split) {}

    /** The training text recorded by a checkpoint already opened with {@link #openCheckpoint}; empty before. */
    public java.util.Optional<CheckpointCorpus> checkpointCorpus(Path file) {
        return java.util.Optional.ofNullable(checkpointCorpora.get(file.toAbsolutePath().normalize()));
    }

    public void shutdown() {
        training.shutdown();
        threads.shutdown();
    }
}
