package org.slmworkshop.ui.lab.training;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.train.Memory;

/**
 * What the chosen model will cost, before anything is allocated: V, the parameter count and the
 * engine's memory estimate, with a warning when the engine's memory guard would refuse the run.
 */
final class ModelSizeReadout extends VBox {
    private final Label vocabulary = new Label("V = …");
    private final Label parameters = new Label();
    private final Label memory = new Label();
    private final Label warning = new Label();
    private final Label problem = new Label();

    ModelSizeReadout() {
        getStyleClass().add("size-readout");
        setSpacing(3);
        vocabulary.setId("train-vocab");
        parameters.setId("train-parameters");
        memory.setId("train-memory");
        warning.setId("train-memory-warning");
        problem.setId("train-problem");
        vocabulary.getStyleClass().add("vocab-size");
        parameters.getStyleClass().add("parameter-count");
        memory.getStyleClass().add("muted");
        warning.getStyleClass().add("memory-warning");
        problem.getStyleClass().add("form-problem");
        for (Label label : new Label[] {vocabulary, parameters, memory, warning, problem}) {
            label.setWrapText(true);
            label.setMinHeight(Label.USE_PREF_SIZE);
            label.managedProperty().bind(label.visibleProperty());
        }
        getChildren().addAll(vocabulary, parameters, memory, warning, problem);
        showProblem(null);
        warning.setVisible(false);
    }

    void showPreparing(String what) {
        vocabulary.setText("V = …  (" + what + ")");
        vocabulary.pseudoClassStateChanged(FormFields.INVALID, false);
    }

    void showVocabularyError(String message) {
        vocabulary.setText("V unknown: " + message);
        vocabulary.pseudoClassStateChanged(FormFields.INVALID, true);
    }

    /**
     * @param config    the model, or null while V is unknown or the settings are invalid
     * @param available bytes the engine may use, or -1 while not known yet
     */
    void show(int vocab, String tokenizerKind, ModelConfig config, int batch, long available) {
        if (vocab > 0) {
            vocabulary.setText(String.format("V = %,d  (%s tokens)", vocab, tokenizerKind));
            vocabulary.pseudoClassStateChanged(FormFields.INVALID, false);
        }
        if (config == null) {
            parameters.setText(vocab > 0 ? "" : "Parameters: known once the corpus is tokenized");
            memory.setText("");
            warning.setVisible(false);
            return;
        }
        Memory.Estimate estimate = Memory.estimate(config, batch);
        parameters.setText(String.format("%,d parameters", config.parameterCount()));
        memory.setText(String.format("Memory ≈ %s: weights %s, gradients and AdamW %s, activations %s",
                Memory.human(estimate.total()), Memory.human(estimate.weights()),
                Memory.human(estimate.optimizerAndGradients()), Memory.human(estimate.activations())));
        String refusal = available > 0 ? Memory.refusal(config, batch, available) : null;
        warning.setText(refusal == null ? "" : "Yikes! " + refusal);
        warning.setVisible(refusal != null);
    }

    void showProblem(String message) {
        problem.setText(message == null ? "" : message);
        problem.setVisible(message != null);
    }

    String problemText() {
        return problem.isVisible() ? problem.getText() : null;
    }

    boolean isWarningShown() {
        return warning.isVisible();
    }
}
