package org.slmworkshop.ui.lab.resume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.util.Duration;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.train.ResumeExperiment;
import org.slmworkshop.train.ResumeExperiment.Arm;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.ModelChooser;
import org.slmworkshop.ui.view.Ems;
import org.slmworkshop.util.Messages;

/**
 * The resume experiment (lesson 9): from one checkpoint, N more steps with the saved AdamW state, with its moments
 * reset, and as the run replayed from step 0 without a break. The engine's {@link ResumeExperiment} trains on the
 * lab's own thread; its steps are drawn about 20 times a second.
 */
public final class ResumeLab implements LabView {
    static final int DEFAULT_STEPS = 200;
    private static final Duration DRAW_INTERVAL = Duration.millis(50);

    private record Progress(Arm arm, int step, int totalSteps, double loss) {}

    private final Workspace workspace;
    private final ExecutorService worker;
    private final ComboBox<Path> checkpoints = new ComboBox<>();
    private final Spinner<Integer> steps = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 20_000, DEFAULT_STEPS, 10));
    private final CheckBox replay = new CheckBox("Replay the run from step 0");
    private final Button run = new Button("Run");
    private final Button stop = new Button("Stop");
    private final Label status = new Label("Choose a checkpoint and press Run.");
    private final Label spike = new Label();
    private final Label exact = new Label();
    private final ResumeChart chart = new ResumeChart();
    private final VBox root;
    private final ConcurrentLinkedQueue<Progress> pending = new ConcurrentLinkedQueue<>();
    private final Map<Arm, double[]> losses = new EnumMap<>(Arm.class);
    private final Timeline drawer = new Timeline(new KeyFrame(DRAW_INTERVAL, e -> drain()));
    private RunControl control;
    private int resumeStep;
    private int extraSteps;
    private ResumeExperiment.Result result;
    private boolean disposed;
    private final javafx.beans.property.BooleanProperty running = new javafx.beans.property.SimpleBooleanProperty(this, "running");
    /** What the status line says of the checkpoint while the experiment runs. */
    private String description = "";
    private Arm currentArm;
    private int currentStep;

    public ResumeLab(Workspace workspace) {
        this.workspace = workspace;
        worker = workspace.threads().own("resume-lab");
        drawer.setCycleCount(Animation.INDEFINITE);
        root = layout();
        root.getStylesheets().add(ResumeLab.class.getResource("/css/resume.css").toExternalForm());
        String last = workspace.settings().lastCheckpoint();
        if (last != null && Files.isRegularFile(Path.of(last))) addCheckpoint(Path.of(last));
    }

    private VBox layout() {
        checkpoints.setId("resume-checkpoint");
        checkpoints.setPromptText("no checkpoint yet");
        checkpoints.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Path path) {
                return path == null ? "" : path.getFileName().toString();
            }

            @Override
            public Path fromString(String text) {
                return null;
            }
        });
        Ems.prefWidth(checkpoints, 220);
        checkpoints.setMaxWidth(320);
        Button open = new Button("Open…");
        open.setId("resume-open");
        open.setOnAction(e -> ModelChooser.askForCheckpoint(root, workspace).ifPresent(this::addCheckpoint));
        steps.setId("resume-steps");
        steps.setEditable(true);
        Ems.prefWidth(steps, 96);
        replay.setId("resume-replay");
        replay.setSelected(true);
        replay.setTooltip(new Tooltip("Trains the checkpoint's run again from step 0 with its seed and settings, straight"
                + " through, so you can compare the proper resume with a run that never stopped."));
        run.setId("resume-run");
        stop.setId("resume-stop");
        run.getStyleClass().add("accent");
        run.setDefaultButton(false);
        run.setOnAction(e -> start());
        stop.setOnAction(e -> {
            if (control != null) control.cancel();
        });
        run.disableProperty().bind(checkpoints.valueProperty().isNull().or(running));
        stop.disableProperty().bind(running.not());
        checkpoints.disableProperty().bind(running);
        steps.disableProperty().bind(running);
        replay.disableProperty().bind(running);
        HBox checkpointGroup = group(new Label("Checkpoint:"), checkpoints, open);
        HBox stepsGroup = group(new Label("Continue for"), steps, new Label("steps"));
        HBox actions = group(run, stop);
        FlowPane controls = new FlowPane(16, 6, checkpointGroup, stepsGroup, replay, actions);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.getStyleClass().add("resume-controls");
        status.setId("resume-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        HBox legend = legend();
        spike.setId("resume-spike");
        exact.setId("resume-exact");
        for (Label readout : new Label[] {spike, exact}) {
            readout.getStyleClass().add("resume-readout");
            readout.setWrapText(true);
            readout.setMinHeight(Region.USE_PREF_SIZE);
            readout.setMaxWidth(Double.MAX_VALUE);
        }
        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox box = new VBox(8, controls, status, legend, chart, spike, exact);
        box.setId("resume-lab");
        box.getStyleClass().add("resume-lab");
        return box;
    }

    private static HBox group(Node... nodes) {
        HBox group = new HBox(6, nodes);
        group.setAlignment(Pos.CENTER_LEFT);
        for (Node node : nodes) if (node instanceof Region region) region.setMinWidth(Region.USE_PREF_SIZE);
        return group;
    }

    /** The arms' colours once, above both charts (the lower chart has no legend of its own). */
    private static HBox legend() {
        HBox legend = new HBox(16);
        legend.getStyleClass().add("resume-legend");
        for (Arm arm : Arm.values()) {
            Line swatch = new Line(0, 0, 22, 0);
            swatch.setStyle("-fx-stroke: " + ResumeChart.COLOURS.get(arm) + "; -fx-stroke-width: "
                    + (arm == Arm.PROPER ? 4 : 2) + ";" + (arm == Arm.PROPER ? "-fx-opacity: 0.6;" : ""));
            Label label = new Label(arm.label(), swatch);
            label.setMinWidth(Region.USE_PREF_SIZE);
            legend.getChildren().add(label);
        }
        return legend;
    }

    @Override
    public Node view() {
        return root;
    }

    /** The lesson's checkpoint and step count; the checkpoint saved or opened last stays in the list. */
    @Override
    public void apply(LabSettings settings) {
        if (settings.hyperparameters().get("steps") instanceof Number count) {
            steps.getValueFactory().setValue(Math.max(1, count.intValue()));
        }
        if (settings.checkpoint() != null) addCheckpoint(workspace.resolveLessonPath(settings.checkpoint()));
        String last = workspace.settings().lastCheckpoint();
        if (last != null && Files.isRegularFile(Path.of(last))) checkpoints.setValue(normal(Path.of(last)));
    }

    private static Path normal(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** Adds a checkpoint to the list and selects it. */
    void addCheckpoint(Path file) {
        Path path = normal(file);
        if (!checkpoints.getItems().contains(path)) checkpoints.getItems().add(0, path);
        checkpoints.setValue(path);
    }

    @Override
    public void dispose() {
        disposed = true;
        if (control != null) control.cancel();
        drawer.stop();
        worker.shutdownNow();
    }

    /** Starts the experiment on the lab's thread. */
    void start() {
        Path checkpoint = checkpoints.getValue();
        if (checkpoint == null || running.get()) return;
        commitSpinner();
        int count = steps.getValue();
        boolean withReplay = replay.isSelected();
        RunControl runControl = new RunControl();
        control = runControl;
        result = null;
        losses.clear();
        pending.clear();
        spike.setText("");
        exact.setText("");
        setRunning(true);
        status.setText("Loading " + checkpoint.getFileName() + " and its corpus…");
        worker.execute(() -> {
            try {
                ResumeExperiment experiment = ResumeExperiment.forCheckpoint(checkpoint);
                int k = experiment.resumeStep();
                String description = String.format("%s: %s, %,d parameters, saved at step %,d.", checkpoint.getFileName(),
                        experiment.modelKind(), experiment.parameterCount(), k);
                Platform.runLater(() -> begin(k, count, description));
                ResumeExperiment.Result done = experiment.run(count, withReplay,
                        (arm, event) -> follow(arm, event), runControl);
                Platform.runLater(() -> finish(done));
            } catch (Throwable error) {
                Platform.runLater(() -> fail(error));
            }
        });
    }

    private void commitSpinner() {
        try {
            steps.getValueFactory().setValue(Integer.parseInt(steps.getEditor().getText().trim().replace(",", "")));
        } catch (NumberFormatException e) {
            steps.getEditor().setText(String.valueOf(steps.getValue()));
        }
    }

    /** On the experiment's thread: every step goes into the queue the FX thread drains. */
    private void follow(Arm arm, TrainingEvent event) {
        if (event instanceof TrainingEvent.Step step) {
            pending.add(new Progress(arm, step.step(), 0, step.trainLoss()));
        } else if (event instanceof TrainingEvent.Started started) {
            pending.add(new Progress(arm, started.step(), started.totalSteps(), Double.NaN));
        }
    }

    private void begin(int k, int count, String description) {
        if (disposed) return;
        resumeStep = k;
        extraSteps = count;
        this.description = description;
        chart.clear(k, count);
        status.setText(description);
        drawer.play();
    }

    private void drain() {
        boolean changed = false;
        for (Progress progress; (progress = pending.poll()) != null; ) {
            if (!Double.isNaN(progress.loss()) && progress.step() > resumeStep) {
                double[] values = losses.computeIfAbsent(progress.arm(), a -> new double[0]);
                int index = progress.step() - resumeStep - 1;
                if (index >= values.length) values = Arrays.copyOf(values, index + 1);
                values[index] = progress.loss();
                losses.put(progress.arm(), values);
                changed = true;
            }
            currentArm = progress.arm();
            currentStep = progress.step();
        }
        if (changed) chart.show(resumeStep, losses);
        if (currentArm != null && result == null) {
            status.setText(String.format("%s Training the %s: step %,d of %,d.", description, currentArm.label(),
                    currentStep, resumeStep + extraSteps));
        }
        showSpike(false);
    }

    private void finish(ResumeExperiment.Result done) {
        if (disposed) return;
        drain();
        drawer.stop();
        result = done;
        Map<Arm, double[]> exactLosses = new EnumMap<>(Arm.class);
        for (Arm arm : Arm.values()) {
            exactLosses.put(arm, done.losses(arm).stream().mapToDouble(Double::doubleValue).toArray());
        }
        losses.clear();
        losses.putAll(exactLosses);
        chart.show(done.resumeStep(), losses);
        status.setText(description + (done.cancelled() ? " Stopped." : " Done."));
        currentArm = null;
        showSpike(true);
        showExact(done);
        setRunning(false);
    }

    /** Where the reset arm leaves the proper one: its first update, and the loss gap it opens. */
    private void showSpike(boolean finished) {
        double[] proper = losses.get(Arm.PROPER), reset = losses.get(Arm.WEIGHTS_ONLY);
        if (proper == null || reset == null || Math.min(proper.length, reset.length) < 2) return;
        int shared = Math.min(proper.length, reset.length);
        int worst = 1;
        for (int i = 1; i < shared; i++) if (reset[i] - proper[i] > reset[worst] - proper[worst]) worst = i;
        String first = "";
        if (finished && result != null && result.firstUpdate().containsKey(Arm.WEIGHTS_ONLY)
                && result.firstUpdate().containsKey(Arm.PROPER)) {
            first = String.format("The first update after the checkpoint moves the weights by %.2f η on average with the"
                    + " moments reset, %.2f η with the saved ones. ", result.firstUpdate().get(Arm.WEIGHTS_ONLY),
                    result.firstUpdate().get(Arm.PROPER));
        }
        double mean = 0;
        int window = Math.min(shared, 20);
        for (int i = 0; i < window; i++) mean += (reset[i] - proper[i]) / window;
        spike.setText(first + String.format("Weights only − proper resume: largest gap %+.4f nats at step %,d; mean %+.4f"
                + " over the first %d steps; %+.4f at step %,d.", reset[worst] - proper[worst], resumeStep + worst + 1,
                mean, window, reset[shared - 1] - proper[shared - 1], resumeStep + shared));
    }

    private void showExact(ResumeExperiment.Result done) {
        int compared = Math.min(done.losses(Arm.PROPER).size(), done.losses(Arm.UNINTERRUPTED).size());
        if (Double.isNaN(done.replayCheckpointGap())) {
            exact.setText(done.losses(Arm.UNINTERRUPTED).isEmpty() && !done.cancelled()
                    ? "The uninterrupted run was not replayed (tick \"Replay the run from step 0\" to compare with it)." : "");
        } else if (done.replayCheckpointGap() != 0) {
            exact.setText(String.format("The replay reached step %,d with weights up to %.1e away from the checkpoint's:"
                    + " the checkpoint was saved on another machine or thread count, where float sums round differently."
                    + " Proper resume vs uninterrupted: max |Δloss| = %.2e over %d steps.", done.resumeStep(),
                    done.replayCheckpointGap(), done.maxLossGap(), compared));
        } else if (compared > 0) {
            exact.setText(String.format("Proper resume vs uninterrupted run: max |Δloss| = %s over %d steps%s.",
                    done.maxLossGap() == 0 ? "0" : String.format("%.2e", done.maxLossGap()), compared,
                    done.resumeIsExact() ? ", and the final weights are identical: bit for bit the same run"
                            : Double.isNaN(done.finalWeightGap()) ? "" : String.format("; final weights differ by up to %.1e",
                                    done.finalWeightGap())));
        }
    }

    private void fail(Throwable error) {
        if (disposed) return;
        drawer.stop();
        currentArm = null;
        status.setText("The experiment could not run: " + Messages.describe(error));
        setRunning(false);
    }

    private void setRunning(boolean now) {
        running.set(now);
    }

    // what tests look at

    ResumeChart chart() {
        return chart;
    }

    ResumeExperiment.Result result() {
        return result;
    }

    Label spikeReadout() {
        return spike;
    }

    Label exactReadout() {
        return exact;
    }

    Label status() {
        return status;
    }

    boolean isRunning() {
        return running.get();
    }
}
