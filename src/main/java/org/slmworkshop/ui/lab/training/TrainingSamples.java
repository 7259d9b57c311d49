package org.slmworkshop.ui.lab.training;

import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;

/**
 * "Samples while training": a short text from the latest copy of the model at each evaluation
 * (or every so often when evaluations are far apart), always from the same seed, so the learner
 * sees the same random draws turn from noise into words. The untrained model writes first.
 */
final class TrainingSamples extends VBox {
    static final double TEMPERATURE = 0.8;
    static final long SEED = 1337;
    static final int CHARACTERS = 120;
    private static final long MIN_GAP_NANOS = 2_000_000_000L;
    private static final long MAX_QUIET_NANOS = 20_000_000_000L;

    private final Workspace workspace;
    private final BooleanSupplier showing;
    private final java.util.function.Function<ModelSnapshot, String> describeFinal;
    private final TextArea text = new TextArea();
    private ModelSnapshot latest;
    private ModelSnapshot queued;
    private Object lastSampledModel;
    private int lastSampledStep = -1;
    private long lastSampleNanos;
    private boolean evaluationPending;
    private boolean busy;
    private int epoch;
    private int written;

    /**
     * @param showing       whether the lab is on screen; hidden labs leave sampling to the one in view
     * @param describeFinal names a model that is not training any more ("end of the run", a checkpoint)
     */
    TrainingSamples(Workspace workspace, BooleanSupplier showing,
                    java.util.function.Function<ModelSnapshot, String> describeFinal) {
        this.workspace = workspace;
        this.showing = showing;
        this.describeFinal = describeFinal;
        getStyleClass().add("training-samples");
        setSpacing(4);
        Label title = new Label("Samples while training");
        title.getStyleClass().add("panel-title");
        title.setMinWidth(Label.USE_PREF_SIZE);
        Label settings = new Label(String.format("temperature %.1f · seed %d", TEMPERATURE, SEED));
        settings.setTooltip(new javafx.scene.control.Tooltip(
                "Every sample uses the same seed, so the same random draws: what changes is the model."));
        settings.getStyleClass().addAll("muted", "small");
        settings.setMinWidth(0);
        HBox heading = new HBox(10, title, settings);
        heading.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
        text.setId("train-samples");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(5);
        text.setPromptText("Start a run: the untrained model writes first, then a sample at each evaluation.");
        VBox.setVgrow(text, Priority.ALWAYS);
        getChildren().addAll(heading, text);
    }

    /** Forgets the previous run's samples. */
    void clear() {
        epoch++;
        text.clear();
        written = 0;
        latest = null;
        queued = null;
        lastSampledModel = null;
        lastSampledStep = -1;
        evaluationPending = false;
    }

    /** The freshly initialised model, before its first step: always sampled. */
    void untrained(ModelSnapshot snapshot) {
        request(snapshot);
    }

    /** A new copy of the trained model (live while training, final when the run is over or loaded). */
    void onSnapshot(ModelSnapshot snapshot) {
        if (snapshot == null) return;
        latest = snapshot;
        if (!snapshot.live()) {
            if (snapshot.model() != lastSampledModel || snapshot.step() != lastSampledStep) request(snapshot);
            return;
        }
        sampleIfDue();
    }

    /** An evaluation happened: sample the newest copy at the next chance. */
    void onEvaluated() {
        evaluationPending = true;
        sampleIfDue();
    }

    private void sampleIfDue() {
        if (latest == null || !latest.live() || busy || latest.step() <= lastSampledStep || !showing.getAsBoolean()) return;
        long sinceLast = System.nanoTime() - lastSampleNanos;
        if ((evaluationPending && sinceLast >= MIN_GAP_NANOS) || sinceLast >= MAX_QUIET_NANOS) request(latest);
    }

    private void request(ModelSnapshot snapshot) {
        if (busy) {
            queued = snapshot;
            return;
        }
        busy = true;
        evaluationPending = false;
        lastSampleNanos = System.nanoTime();
        lastSampledStep = snapshot.step();
        lastSampledModel = snapshot.model();
        int sampleEpoch = epoch;
        workspace.submit("Sampling from the model", () -> generate(snapshot), sample -> {
            if (sampleEpoch == epoch && sample != null) append(snapshot, sample);
        }).whenComplete((done, error) -> Platform.runLater(this::finished));
    }

    private void finished() {
        busy = false;
        if (queued != null) {
            ModelSnapshot next = queued;
            queued = null;
            request(next);
        } else {
            sampleIfDue();
        }
    }

    /** About {@value #CHARACTERS} characters from an empty prompt (the start of a document). */
    static String generate(ModelSnapshot snapshot) {
        // a run that failed on a NaN loss leaves a model with nothing to say
        if (!snapshot.model().store().allFinite()) return null;
        Generator generator = new Generator(snapshot.model(), snapshot.tokenizer());
        int tokens = "char".equals(snapshot.tokenizer().kind()) ? CHARACTERS : CHARACTERS / 4;
        String sample = generator.generate(generator.prompt(""), DecodingSettings.sample(TEMPERATURE), tokens, SEED,
                TokenListener.NONE).text();
        return sample.strip().replaceAll("\\s*\\R\\s*", " ↵ ");
    }

    private void append(ModelSnapshot snapshot, String sample) {
        String label = snapshot.step() == 0 ? "step 0 (untrained)"
                : snapshot.live() ? "step " + snapshot.step()
                : "step " + snapshot.step() + " (" + describeFinal.apply(snapshot) + ")";
        text.appendText((written++ == 0 ? "" : "\n\n") + label + ": " + (sample.isEmpty() ? "(nothing: <eot> at once)" : sample));
        text.setScrollTop(Double.MAX_VALUE);
    }

    /** How many samples are shown. */
    int sampleCount() {
        return written;
    }

    String text() {
        return text.getText();
    }
}
