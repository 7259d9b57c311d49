package org.slmworkshop.ui.lab.training;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.train.Memory;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.RunSnapshots;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;

/**
 * The run scrubber under the loss chart: a slider over the steps the run kept snapshots of. Moving it
 * shows the model as it was at that step in every lab (the samples, the attention maps, the
 * transition matrix) and marks the step on the chart; "Back to latest" returns to the run's newest
 * model. The weights are copied on the training thread; a snapshot becomes a model on a background
 * thread, the newest request winning.
 */
final class RunScrubber extends VBox {
    /** Whose snapshots: the window's run, or a checkpoint opened in the lab. */
    record Run(RunSnapshots snapshots, ModelConfig config, Tokenizer tokenizer, PreparedCorpus prepared, String title) {}

    final Slider slider = new Slider(0, 1, 1);
    final Button latest = new Button("Back to latest");
    final CheckBox keepInCheckpoint = new CheckBox("Keep snapshots when saving");
    private final Label readout = new Label();
    private final Workspace workspace;
    private final LossChart chart;
    private Run run;
    private Integer viewing;
    private Integer requested;
    private boolean converting;
    private boolean adjusting;
    private int epoch;
    /** Another lab went back to the latest model. */
    private final javafx.beans.value.ChangeListener<Boolean> viewingPast = (obs, was, now) -> {
        if (!now && viewing != null) leave();
    };

    RunScrubber(Workspace workspace, LossChart chart) {
        this.workspace = workspace;
        this.chart = chart;
        getStyleClass().add("run-scrubber");
        setId("run-scrubber");
        setSpacing(3);
        Label title = new Label("Scrub the run");
        title.getStyleClass().add("panel-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        slider.setId("scrub-slider");
        slider.setMinWidth(120);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setTooltip(new Tooltip("Drag to an earlier step: every lab shows the model as it was then."));
        latest.setId("scrub-latest");
        latest.setMinWidth(Region.USE_PREF_SIZE);
        latest.setOnAction(e -> backToLatest());
        latest.setDisable(true);
        HBox line = new HBox(8, title, slider, latest);
        line.setAlignment(Pos.CENTER_LEFT);
        readout.setId("scrub-readout");
        readout.getStyleClass().add("small");
        readout.setMinWidth(0);
        readout.setMaxWidth(Double.MAX_VALUE);
        readout.setWrapText(true);   // a lab beside the lesson text is narrow
        readout.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(readout, Priority.ALWAYS);
        keepInCheckpoint.setId("scrub-keep");
        keepInCheckpoint.getStyleClass().add("small");
        keepInCheckpoint.setMinWidth(Region.USE_PREF_SIZE);
        keepInCheckpoint.setTooltip(new Tooltip("Saved checkpoints carry the whole run: open one to scrub it,"
                + " or sample a step with 'sample --at-step N'."));
        HBox details = new HBox(8, readout, keepInCheckpoint);
        details.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(line, details);
        // never squeezed below what its wrapped explanation needs (at 200% zoom the column above took its lines)
        setMinHeight(Region.USE_PREF_SIZE);

        slider.valueProperty().addListener((obs, old, value) -> {
            if (adjusting || run == null) return;
            run.snapshots().nearest(value.doubleValue()).ifPresent(step -> {
                if (step != value.doubleValue()) setSliderQuietly(step);
                view(step);
            });
        });
        workspace.viewingPastProperty().addListener(viewingPast);
        refresh();
    }

    /** Scrubs {@code newRun}'s snapshots from now on; whatever was viewed goes back to the latest model. */
    void show(Run newRun) {
        backToLatest();
        run = newRun;
        refresh();
    }

    /** The lab closes: the labs get the latest model back, as nothing would be left to bring it back. */
    void dispose() {
        if (viewing != null) backToLatest();
        workspace.viewingPastProperty().removeListener(viewingPast);
    }

    /** Nothing to scrub (a new run is being prepared). */
    void clear() {
        show(null);
    }

    Run run() {
        return run;
    }

    /** The step shown in the labs, or null for the latest model. */
    Integer viewing() {
        return viewing;
    }

    String readoutText() {
        return readout.getText();
    }

    /** Takes in the snapshots taken since (after each batch of evaluations). */
    void refresh() {
        List<Integer> steps = run == null ? List.of() : run.snapshots().steps();
        boolean scrubbable = steps.size() >= 2;
        slider.setDisable(!scrubbable);
        if (!steps.isEmpty()) {
            adjusting = true;
            slider.setMin(steps.get(0));
            slider.setMax(Math.max(steps.get(0) + 1, steps.get(steps.size() - 1)));
            slider.setValue(viewing != null ? viewing : slider.getMax());
            adjusting = false;
        }
        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("viewing"), viewing != null);
        latest.setDisable(viewing == null);
        readout.setText(describe(steps));
        readout.setTooltip(new Tooltip(readout.getText()));
    }

    private String describe(List<Integer> steps) {
        if (viewing != null) {
            return String.format("Viewing step %,d: the samples, attention and transition labs show the model as it"
                    + " was then.", viewing);
        }
        if (run == null) return "Snapshots of the weights are kept at each evaluation, so you can scrub back.";
        RunSnapshots snapshots = run.snapshots();
        if (snapshots.tooLarge()) {
            return "This model is larger than the " + Memory.human(snapshots.budgetBytes()) + " snapshot budget: no snapshots.";
        }
        if (steps.size() < 2) return "Snapshots come at each evaluation; scrub once there are two.";
        return String.format("%d snapshots, steps %,d–%,d · %s of %s · drag to an earlier step", steps.size(),
                steps.get(0), steps.get(steps.size() - 1), Memory.human(snapshots.bytes()),
                Memory.human(snapshots.budgetBytes()));
    }

    private void setSliderQuietly(double value) {
        adjusting = true;
        slider.setValue(value);
        adjusting = false;
    }

    /** Shows the run as it was at {@code step} in every lab. */
    void view(int step) {
        if (run == null || Objects.equals(viewing, step)) return;
        viewing = step;
        requested = step;
        chart.markStep(step);
        refresh();
        convertRequested();
    }

    private void convertRequested() {
        if (converting || requested == null || run == null) return;
        int step = requested;
        requested = null;
        Run from = run;
        int asked = epoch;
        Optional<RunSnapshots.Snapshot> snapshot = from.snapshots().at(step);
        if (snapshot.isEmpty()) return;   // thinned out meanwhile; the slider moves to a kept step at the next refresh
        converting = true;
        workspace.submit("Going back to step " + step, () -> snapshot.get().toModel(from.config()), model -> {
            if (asked == epoch && from == run && Objects.equals(viewing, step)) {
                workspace.showPast(new ModelSnapshot(model, from.tokenizer(), from.prepared(),
                        from.title() + " · scrubbed back", step, false));
            }
        }).whenComplete((model, error) -> Platform.runLater(() -> {
            converting = false;
            convertRequested();
        }));
    }

    /** Every lab shows the run's newest model again. */
    void backToLatest() {
        leave();
        workspace.showLatest();
    }

    private void leave() {
        epoch++;
        viewing = null;
        requested = null;
        chart.markStep(null);
        refresh();
    }
}
