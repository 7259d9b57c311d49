package org.slmworkshop.ui.lab.training;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.Memory;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.util.Rng;

/**
 * The training lab: hyperparameters on the left; on the right the run's controls, its live loss
 * chart, samples from the model as it learns, and the result. The window has one training run,
 * so every training lab shows that run, whichever lab started it.
 */
public final class TrainingLab implements LabView {
    private final Workspace workspace;
    private final TrainingSession session;
    private final HyperparameterForm form;
    private final RunBar bar;
    private final CheckpointStrip checkpointStrip = new CheckpointStrip();
    private final LossChart chart = new LossChart();
    private final RunScrubber scrubber;
    private final TrainingSamples samples;
    private final RunResultPanel result = new RunResultPanel();
    private final SplitPane root;
    /** The lab as placed in a tab: {@link #root}, scrolling sideways when the tab is narrower than both columns' minimum. */
    private final ScrollPane view;
    private final Consumer<List<TrainingEvent>> eventListener = this::onEvents;
    private final ChangeListener<ModelSnapshot> modelListener = (obs, old, snapshot) -> onModel(snapshot);
    private boolean stopped;
    /** {@link #fitColumns} hid the settings (not the learner), is changing the toggle now, and found the tab narrow last time. */
    private boolean settingsHiddenToFit, fitting, narrowBefore;
    private final javafx.scene.text.Text originText = new javafx.scene.text.Text();
    private final Hyperlink originLink = new Hyperlink();
    private final javafx.scene.text.TextFlow originBanner = new javafx.scene.text.TextFlow(originText, originLink);
    private final ChangeListener<TrainingSession.Origin> originListener = (obs, old, origin) -> showOrigin();
    /** Set when this lab pressed Start: it already cleared its samples and shows the untrained one. */
    private boolean startedHere;
    /** The lesson and lab settings this lab was opened with (null outside a lesson). */
    private org.slmworkshop.lesson.Lesson lesson;
    private LabSettings lessonSettings;

    public TrainingLab(Workspace workspace) {
        this.workspace = workspace;
        this.session = workspace.training();
        this.form = new HyperparameterForm(workspace);
        this.bar = new RunBar(session, form.planProperty().isNotNull());
        this.samples = new TrainingSamples(workspace, this::isShowing, this::describeFinalModel);
        this.scrubber = new RunScrubber(workspace, chart);
        bar.start.setOnAction(e -> start());
        bar.save.setOnAction(e -> saveCheckpoint());
        bar.load.setOnAction(e -> chooseCheckpoint());
        checkpointStrip.resume.setOnAction(e -> resumeCheckpoint());
        checkpointStrip.resume.disableProperty().bind(bar.busy);
        checkpointStrip.close.setOnAction(e -> checkpointStrip.hide());

        VBox resultAndSamples = new VBox(8, result, samples);
        VBox.setVgrow(samples, Priority.ALWAYS);
        VBox chartAndScrubber = new VBox(4, chart, scrubber);
        // the split pane asks for its minimum height at no width, one line of the scrubber's wrapped explanation
        // short at 200%: keep the minimum the one at its width, so the split gives it room instead of clipping it
        chartAndScrubber.widthProperty().addListener((obs, old, width) -> javafx.application.Platform.runLater(() -> {
            chartAndScrubber.setMinHeight(javafx.scene.layout.Region.USE_COMPUTED_SIZE);
            chartAndScrubber.setMinHeight(chartAndScrubber.minHeight(chartAndScrubber.getWidth()));
        }));
        VBox.setVgrow(chart, Priority.ALWAYS);
        SplitPane chartAndSamples = new SplitPane(chartAndScrubber, resultAndSamples);
        chartAndSamples.setOrientation(Orientation.VERTICAL);
        chartAndSamples.setDividerPositions(0.66);
        chartAndSamples.getStyleClass().add("chart-and-samples");
        VBox.setVgrow(chartAndSamples, Priority.ALWAYS);
        originLink.setOnAction(e -> {
            TrainingSession.Origin origin = session.originProperty().get();
            if (origin != null && origin.goThere() != null) origin.goThere().run();
        });
        originText.setId("train-origin-text");
        originText.getStyleClass().add("run-origin-text");
        originBanner.getStyleClass().add("run-origin");
        originBanner.setId("train-origin");
        originBanner.managedProperty().bind(originBanner.visibleProperty());
        originBanner.setVisible(false);
        session.originProperty().addListener(originListener);
        // the bar and the scrubber wrap onto more lines when narrow or zoomed: they keep their height, the chart gives
        bar.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        scrubber.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox run = new VBox(8, bar, originBanner, checkpointStrip, result.failureBanner(), chartAndSamples);
        run.getStyleClass().add("training-run");
        Node formView = form.view();
        root = new SplitPane(formView, run);
        bar.settingsToggle.selectedProperty().addListener((obs, was, hidden) -> {
            if (hidden) {
                root.getItems().remove(formView);
            } else if (!root.getItems().contains(formView)) {
                root.getItems().add(0, formView);
                placeDivider();
            }
        });
        root.setId("training-lab");
        root.getStyleClass().add("training-lab");
        SplitPane.setResizableWithParent(formView, false);
        // the form starts at its preferred width (in em, so it follows the zoom), whatever the lab's width; the
        // learner may drag it. A new zoom (the Start button's font follows it) places it again.
        root.widthProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> obs, Number old, Number width) {
                if (width.doubleValue() <= 0) return;
                root.widthProperty().removeListener(this);
                placeDivider();
            }
        });
        bar.start.fontProperty().addListener((obs, old, font) -> javafx.application.Platform.runLater(this::placeDivider));
        // when the tab is narrower than the form's and the run's minimum widths together, as at 200% beside a
        // lesson, the lab scrolls instead of squeezing or clipping them (and fitColumns hides the form)
        view = new ScrollPane(root);
        view.setFitToWidth(true);
        view.setFitToHeight(true);
        view.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        view.setVbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        view.getStyleClass().add("training-lab-scroll");
        view.getStylesheets().add(TrainingLab.class.getResource("/css/training.css").toExternalForm());
        view.widthProperty().addListener((obs, old, width) -> fitColumns(formView, run, width.doubleValue()));
        // the run's buttons wrap onto more lines in a narrow column: its minimum height is the one at its width
        // (a ScrollPane asks for the minimum at no width, which would overlap the lines)
        run.widthProperty().addListener((obs, old, width) -> javafx.application.Platform.runLater(
                () -> root.setMinHeight(run.minHeight(run.getWidth()))));
        bar.settingsToggle.selectedProperty().addListener((obs, was, hidden) -> {
            if (!fitting) settingsHiddenToFit = false;   // the learner's own choice stands
        });

        // before any run, the chart already shows where training will start: the uniform model's ln V
        form.planProperty().addListener((obs, old, plan) -> previewPlan());
        form.vocabProperty().addListener((obs, old, v) -> previewPlan());
        session.addListener(eventListener);
        workspace.trainedModelProperty().addListener(modelListener);
        onEvents(session.history());
        showOrigin();
    }

    @Override
    public Node view() {
        return view;
    }

    /**
     * A tab too narrow for the form and the chart side by side (200% beside a lesson) hides the settings, so the
     * chart shows; "Show settings" brings them back (the lab then scrolls sideways), and a wide tab again too.
     */
    private void fitColumns(Node formView, Node run, double width) {
        if (width <= 0) return;
        boolean narrow = width < formView.minWidth(-1) + run.minWidth(-1);
        fitting = true;
        if (narrow && !bar.settingsToggle.isSelected() && !narrowBefore) {
            bar.settingsToggle.setSelected(true);
            settingsHiddenToFit = true;
        } else if (!narrow && settingsHiddenToFit) {
            bar.settingsToggle.setSelected(false);
            settingsHiddenToFit = false;
        }
        fitting = false;
        narrowBefore = narrow;
    }

    /** The divider where the form has its preferred width, at most half the lab. */
    private void placeDivider() {
        Node formView = form.view();
        if (!root.getItems().contains(formView) || root.getWidth() <= 0) return;
        formView.applyCss();
        double formWidth = formView.prefWidth(-1);
        root.setDividerPositions(Math.min(0.5, formWidth / root.getWidth()));
    }

    @Override
    public void apply(LabSettings settings) {
        apply(settings, null);
    }

    /** Fills the form from the lesson (CLI defaults for what it leaves out) and locks what it locks; never starts a run. */
    @Override
    public void apply(LabSettings settings, org.slmworkshop.lesson.Lesson lesson) {
        this.lesson = lesson;
        this.lessonSettings = settings;
        String lastCorpus = workspace.settings().lastCorpus();
        String fallback = lastCorpus != null ? lastCorpus : CorpusCatalog.standard().defaultEntry().id();
        form.show(RunPlan.fromLesson(settings.withCorpus(workspace.resolveCorpus(settings.corpus())), fallback));
        form.lock(settings.locked(), lesson == null ? "the lesson" : lesson.label());
        showOrigin();
        if (settings.checkpoint() != null) openCheckpoint(workspace.resolveLessonPath(settings.checkpoint()));
    }

    @Override
    public void dispose() {
        session.removeListener(eventListener);
        session.originProperty().removeListener(originListener);
        workspace.trainedModelProperty().removeListener(modelListener);
        scrubber.dispose();
    }

    /** Starts a fresh run with the form's settings. */
    void start() {
        RunPlan plan = form.planProperty().get();
        if (plan == null || bar.busy.get()) return;
        clearRun();
        startedHere = true;
        checkpointStrip.hide();
        workspace.updateSettings(s -> s.withCorpus(plan.corpus()));
        bar.showPreparing("Preparing " + plan.title() + "…");
        session.start(plan.title(), () -> setUp(plan));
        claimRun(plan.title());
    }

    /** This lab started the session's run: the training labs of other lessons say so, and lead here. */
    private void claimRun(String title) {
        String where = lesson == null ? "another training lab" : lesson.label();
        Runnable goThere = lesson == null ? null : () -> workspace.openLessonLab(lesson.file(), lessonSettings);
        session.originProperty().set(new TrainingSession.Origin(ownerKey(), where + " · " + title, goThere));
    }

    /** The lab as a run's owner: its lesson's tab (which outlives a reset), or this object outside a lesson. */
    private Object ownerKey() {
        return lesson == null ? this : List.of(lesson.file().toAbsolutePath().normalize(), lessonSettings);
    }

    /**
     * A run started by another lab (another lesson's, or the other training tab of this one) is named above
     * the chart, so its curve and results are not read as this form's model.
     */
    private void showOrigin() {
        TrainingSession.Origin origin = session.originProperty().get();
        boolean foreign = origin != null && !origin.owner().equals(ownerKey());
        originBanner.setVisible(foreign);
        if (!foreign) return;
        originText.setText("This run was started in " + origin.description() + ".  ");
        originLink.setVisible(origin.goThere() != null);
        originLink.setManaged(origin.goThere() != null);
        String description = origin.description();
        int dot = description.indexOf(':');
        originLink.setText("Go to " + (dot > 0 && description.startsWith("lesson ") ? description.substring(0, dot) : "it"));
    }

    /** Builds the run on the training thread: corpus, memory check, model, trainer. */
    private TrainingSession.Setup setUp(RunPlan plan) {
        PreparedCorpus prepared;
        try {
            prepared = form.prepare(plan).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        ModelConfig config = plan.modelConfig(prepared.tokenizer().vocabSize());
        prepared.requireWindow(config.contextLength());
        Memory.require(config, plan.batch());
        LanguageModel model = Models.create(config, new Rng(plan.seed()));
        ModelSnapshot untrained = new ModelSnapshot(ModelSnapshot.copyOf(model), prepared.tokenizer(), prepared,
                plan.title(), 0, true);
        Platform.runLater(() -> samples.untrained(untrained));
        return new TrainingSession.Setup(new Trainer(model, prepared.data(), plan.trainingConfig()), prepared, plan.title());
    }

    /** With no run to show, the empty chart already spans the planned run and shows ln V. */
    private void previewPlan() {
        RunPlan plan = form.planProperty().get();
        if (plan == null || session.state().isActive() || !chart.curves().isEmpty()) return;
        chart.setPlannedRun(plan.steps(), (long) plan.batch() * plan.context());
        chart.setVocabSize(form.vocabProperty().get());
    }

    private void clearRun() {
        scrubber.clear();
        chart.clear();
        samples.clear();
        result.clear();
        stopped = false;
    }

    /** Draws a batch of the session's events; a Started event begins a new run's picture. */
    private void onEvents(List<TrainingEvent> events) {
        List<TrainingEvent> pending = new ArrayList<>();
        for (TrainingEvent event : events) {
            if (event instanceof TrainingEvent.Started) {
                chart.accept(pending);
                pending.clear();
                beginRun();
            }
            pending.add(event);
            bar.follow(event);
            if (event instanceof TrainingEvent.Cancelled) stopped = true;
            if (event instanceof TrainingEvent.Finished finished) result.show(finished.summary(), stopped);
            if (event instanceof TrainingEvent.Failed failed) result.showFailure(failed.message());
        }
        chart.accept(pending);
        if (events.stream().anyMatch(e -> e instanceof TrainingEvent.Evaluated)) {
            samples.onEvaluated();
            scrubber.refresh();
        }
    }

    private void beginRun() {
        chart.clear();
        result.clear();
        stopped = false;
        TrainingSession.Setup setup = session.setup();
        if (setup != null) {
            chart.addHistory(setup.resumedHistory());
            scrubber.show(new RunScrubber.Run(session.snapshots(), setup.trainer().model().config(),
                    setup.prepared().tokenizer(), setup.prepared(), setup.title()));
        }
        if (!startedHere) samples.clear();
        startedHere = false;
    }

    /** How a sample from a finished model is labelled: the end of this window's run, or a checkpoint. */
    private String describeFinalModel(ModelSnapshot snapshot) {
        TrainingSession.Setup setup = session.setup();
        if (workspace.viewingPastProperty().get() && snapshot == workspace.trainedModelProperty().get()) return "scrubbed back";
        return setup != null && snapshot.model() == setup.trainer().model() ? "end of the run" : snapshot.source();
    }

    private void onModel(ModelSnapshot snapshot) {
        samples.onSnapshot(snapshot);
    }

    private boolean isShowing() {
        if (root.getScene() == null || root.getScene().getWindow() == null || !root.getScene().getWindow().isShowing()) {
            return false;
        }
        for (Node node = root; node != null; node = node.getParent()) {
            if (!node.isVisible()) return false;
        }
        return true;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private FileChooser checkpointChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Checkpoints", "*.ckpt"));
        String last = workspace.settings().lastCheckpoint();
        if (last != null) {
            File folder = Path.of(last).toAbsolutePath().getParent().toFile();
            if (folder.isDirectory()) chooser.setInitialDirectory(folder);
        }
        return chooser;
    }

    /** Saves the run's model, optimizer and random state between two steps (atomically). */
    private void saveCheckpoint() {
        FileChooser chooser = checkpointChooser("Save checkpoint");
        chooser.setInitialFileName("training-step-" + (session.setup() == null ? 0 : session.setup().trainer().step()) + ".ckpt");
        File file = chooser.showSaveDialog(window());
        if (file != null) saveCheckpoint(file.toPath());
    }

    void saveCheckpoint(Path file) {
        boolean keepSnapshots = scrubber.keepInCheckpoint.isSelected();
        session.betweenSteps(setup -> Checkpoints.save(file, setup.trainer(), setup.prepared(),
                        keepSnapshots ? session.snapshots() : null))
                .whenComplete((ok, error) -> Platform.runLater(() -> {
                    if (error != null) {
                        workspace.notifier().error("The checkpoint could not be saved", error);
                    } else {
                        workspace.updateSettings(s -> s.withCheckpoint(file.toAbsolutePath().toString()));
                        workspace.notifier().info("Checkpoint saved", file.toString());
                    }
                }));
    }

    private void chooseCheckpoint() {
        File file = checkpointChooser("Load checkpoint").showOpenDialog(window());
        if (file != null) openCheckpoint(file.toPath());
    }

    /** Shows a checkpoint's history and model, ready to resume (reading happens in the background). */
    void openCheckpoint(Path file) {
        bar.showPreparing("Loading " + file.getFileName() + "…");
        workspace.submit("Could not load the checkpoint " + file.getFileName(), () -> OpenedCheckpoint.open(file),
                this::showCheckpoint).exceptionally(error -> {
                    Platform.runLater(() -> bar.showPreparing("Could not load " + file.getFileName() + "."));
                    return null;
                });
    }

    private void showCheckpoint(OpenedCheckpoint checkpoint) {
        if (bar.busy.get()) {
            workspace.notifier().error("A run is in progress", "Stop it before loading a checkpoint.");
            return;
        }
        clearRun();
        chart.setPlannedRun(Math.max(checkpoint.plannedSteps(), checkpoint.step()), 0);
        chart.setVocabSize(checkpoint.vocabSize());
        chart.addHistory(checkpoint.history());
        checkpointStrip.show(checkpoint);
        bar.showPreparing(String.format("Loaded %s at step %,d", checkpoint.name(), checkpoint.step()));
        workspace.updateSettings(s -> s.withCheckpoint(checkpoint.path().toAbsolutePath().toString()));
        workspace.trainedModelProperty().set(checkpoint.snapshot());
        scrubCheckpoint(checkpoint);
    }

    /** A checkpoint that keeps its run's snapshots can be scrubbed too (they are read in the background). */
    private void scrubCheckpoint(OpenedCheckpoint checkpoint) {
        workspace.submit("Could not read the run snapshots of " + checkpoint.name(), () -> {
            boolean any = !Checkpoints.snapshotSteps(checkpoint.path()).isEmpty();
            return any ? Checkpoints.readSnapshots(checkpoint.path()) : null;
        }, snapshots -> {
            if (snapshots != null && checkpointStrip.checkpoint() == checkpoint) {
                ModelSnapshot model = checkpoint.snapshot();
                scrubber.show(new RunScrubber.Run(snapshots, model.model().config(), model.tokenizer(), null, checkpoint.name()));
            }
        });
    }

    /** Continues the loaded checkpoint's run to the chosen total, like {@code train --resume}. */
    void resumeCheckpoint() {
        OpenedCheckpoint checkpoint = checkpointStrip.checkpoint();
        if (checkpoint == null || bar.busy.get()) return;
        int total = checkpointStrip.totalSteps.getValue();
        if (total <= checkpoint.step()) {
            workspace.notifier().error("Nothing to resume", String.format(
                    "The checkpoint has already trained %,d steps; ask for a larger total.", checkpoint.step()));
            return;
        }
        String title = RunPlan.kindName(checkpoint.kind()) + " resumed from " + checkpoint.name()
                + (checkpoint.weightsOnly() ? " (weights only: AdamW's moments start at zero)" : "");
        samples.clear();
        result.clear();
        scrubber.clear();
        startedHere = true;
        bar.showPreparing("Preparing " + title + "…");
        session.start(title, () -> {
            TrainingSession.Setup setup = checkpoint.resume(total, title);
            session.snapshots().addAll(Checkpoints.readSnapshots(checkpoint.path()));   // the run so far, if kept
            return setup;
        });
        claimRun(title);
    }

    // what tests and the benchmark look at

    LossChart chart() {
        return chart;
    }

    HyperparameterForm form() {
        return form;
    }

    TrainingSamples samples() {
        return samples;
    }

    RunResultPanel result() {
        return result;
    }

    RunBar bar() {
        return bar;
    }

    RunScrubber scrubber() {
        return scrubber;
    }

    javafx.scene.text.TextFlow originBanner() {
        return originBanner;
    }

    javafx.scene.text.Text originText() {
        return originText;
    }

    Hyperlink originLink() {
        return originLink;
    }

    CheckpointStrip checkpointStrip() {
        return checkpointStrip;
    }

    TrainingSession session() {
        return session;
    }
}
