package org.slmworkshop.ui.lab.sampling;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.slmworkshop.generate.Memorisation;
import org.slmworkshop.generate.MemorisationReport;
import org.slmworkshop.generate.Sample;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.view.Ems;
import org.slmworkshop.util.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memorisation meter on the FX side: the "copied ≥" spinner, the one-line note (indexing, or why
 * nothing is measured), and the readings handed to the columns. Measuring runs on the meter's own
 * thread; a reading that arrives after the columns changed is dropped.
 */
final class MemorisationPanel {
    private static final Logger LOG = LoggerFactory.getLogger(MemorisationPanel.class);
    private static final PseudoClass NOT_MEASURED = PseudoClass.getPseudoClass("not-measured");

    private final ColumnBoard board;
    private final MemorisationMeter meter;
    private final Spinner<Integer> minimum = new Spinner<>(8, 200, Memorisation.DEFAULT_MIN_SPAN, 1);
    private final Label note = new Label();
    private final HBox control;
    private SamplingEngine.Generated measured;    // the comparison the columns show
    private Workspace.CheckpointCorpus recorded;  // what its model's checkpoint says it was trained on
    private MemorisationReport report;            // the reading of it, once there
    private int request;

    MemorisationPanel(ColumnBoard board, MemorisationMeter meter) {
        this.meter = meter;
        this.board = board;
        minimum.setId("sampling-copy-minimum");
        minimum.setEditable(true);
        minimum.getValueFactory().setConverter(new StringConverter<>() {   // a typo keeps the value, rather than throwing
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                try {
                    return Integer.valueOf(text.strip());
                } catch (NumberFormatException e) {
                    return minimum.getValue();
                }
            }
        });
        Ems.prefWidth(minimum, 72);
        minimum.setMinWidth(Region.USE_PREF_SIZE);
        Label label = new Label("copied ≥");
        label.getStyleClass().add("knob-name");
        label.setMinWidth(Region.USE_PREF_SIZE);
        label.setLabelFor(minimum);
        Tooltip explained = new Tooltip("Memorisation meter: a stretch of a column's text counts as copied when at least"
                + " this many characters in a row occur word for word in the model's training text. Shorter matches are"
                + " mostly common words and phrases. Changing it measures the columns again without regenerating them.");
        explained.setWrapText(true);
        explained.setMaxWidth(400);
        label.setTooltip(explained);
        minimum.setTooltip(explained);
        control = new HBox(6, label, minimum);
        control.setAlignment(Pos.CENTER_LEFT);
        note.setId("sampling-meter-note");
        note.getStyleClass().add("meter-note");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        minimum.valueProperty().addListener((obs, old, value) -> measureAgain());
    }

    /** The "copied ≥" label and spinner. */
    HBox control() {
        return control;
    }

    /** One line above the columns, shown only while indexing or when the text cannot be measured. */
    Label note() {
        return note;
    }

    Spinner<Integer> minimum() {
        return minimum;
    }

    /** The reading of the columns on screen; null while measuring or with none on screen. */
    MemorisationReport report() {
        return report;
    }

    /**
     * The columns are being replaced (or the model is gone): a reading still on its way is dropped, and so
     * is the indexing note. "Not measured" stays while the same model regenerates, unless {@code clearNote}.
     */
    void forget(boolean clearNote) {
        ++request;
        measured = null;
        report = null;
        if (clearNote || !note.getPseudoClassStates().contains(NOT_MEASURED)) show("", false);
    }

    /**
     * Measures a finished comparison against the training text of its model; the first time for a corpus
     * the meter indexes it, and the note says so.
     *
     * @param checkpoint what the checkpoint the model came from records of its corpus; null for a model trained here
     */
    void measure(SamplingEngine.Generated generated, Workspace.CheckpointCorpus checkpoint) {
        measured = generated;
        recorded = checkpoint;
        measureAgain();
    }

    private void measureAgain() {
        if (measured == null) return;
        int id = ++request;
        int minSpan = minimum.getValue();
        List<String> texts = measured.comparison().samples().stream().map(Sample::text).toList();
        report = null;
        meter.measure(measured.source(), recorded, texts, minSpan, corpus -> Platform.runLater(() -> {
            if (id == request) show("Indexing the training text of '" + corpus + "' for the memorisation meter (once per corpus)…", false);
        })).whenComplete((reading, error) -> Platform.runLater(() -> {
            if (id != request) return;
            Throwable cause = error;
            while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
            if (cause instanceof CancellationException) return;
            MemorisationReport shown = reading;
            if (cause != null) {   // the meter is a side view: one line, never a dialog
                LOG.warn("memorisation meter failed", cause);
                shown = MemorisationReport.notMeasured("", minSpan, Messages.describe(cause));
            }
            report = shown;
            show(shown.measured() ? "" : "Copying not measured: " + shown.reason() + ".", !shown.measured());
            board.showMemorisation(shown);
        }));
    }

    private void show(String text, boolean notMeasured) {
        note.setText(text);
        note.pseudoClassStateChanged(NOT_MEASURED, notMeasured);
    }

    void dispose() {
        ++request;
        meter.shutdown();
    }
}
