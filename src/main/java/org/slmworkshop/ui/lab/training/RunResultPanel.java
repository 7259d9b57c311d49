package org.slmworkshop.ui.lab.training;

import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.slmworkshop.train.TrainingSummary;

/**
 * The end of a run in a few numbers (losses, perplexities, speed); and, when the engine gave up,
 * its message in a banner of its own. Hidden while a run goes on.
 */
final class RunResultPanel extends VBox {
    private final Label failure = new Label();
    private final Label heading = new Label();
    private final FlowPane figures = new FlowPane(6, 6);

    RunResultPanel() {
        getStyleClass().add("run-result");
        setSpacing(6);
        failure.setId("train-failure");
        failure.getStyleClass().add("run-failure");
        failure.setWrapText(true);
        failure.setMinHeight(Label.USE_PREF_SIZE);
        failure.setMaxWidth(Double.MAX_VALUE);
        heading.getStyleClass().add("panel-title");
        figures.setId("train-result");
        figures.getStyleClass().add("result-figures");
        for (var node : new javafx.scene.Node[] {failure, heading, figures}) node.managedProperty().bind(node.visibleProperty());
        getChildren().addAll(heading, figures);
        managedProperty().bind(visibleProperty());
        clear();
    }

    /** The engine's message when a run fails: shown above the chart, where it cannot be missed. */
    Label failureBanner() {
        return failure;
    }

    void clear() {
        failure.setVisible(false);
        heading.setVisible(false);
        figures.setVisible(false);
        figures.getChildren().clear();
        setVisible(false);
    }

    void showFailure(String message) {
        failure.setText(message);
        failure.setVisible(true);
    }

    /** @param stopped the learner pressed Stop (the sliding-window perplexity is skipped then) */
    void show(TrainingSummary summary, boolean stopped) {
        heading.setText(String.format("%s at step %,d", stopped ? "Stopped" : "Finished", summary.steps()));
        figures.getChildren().setAll(
                figure("train loss", "%.3f", summary.trainLoss(), "nats/token on the fixed evaluation batches"),
                figure("validation loss", "%.3f", summary.validationLoss(), "nats/token on held-out text"),
                figure("validation perplexity", "%.2f", summary.validationPerplexity(), "e^(validation loss)"),
                figure("sliding-window perplexity", "%.2f", summary.slidingWindowPerplexity(),
                        "every validation token predicted with up to a full context of history"),
                figure("tokens/s", "%,.0f", summary.tokensPerSecond(), "training throughput"),
                figure("ms/step", "%.1f", summary.msPerStep(), "median after the first tenth of the run"));
        heading.setVisible(true);
        figures.setVisible(true);
        setVisible(true);
    }

    private static Label figure(String name, String format, double value, String help) {
        String shown = Double.isFinite(value) ? String.format(format, value) : "–";
        Label label = new Label(name + "  " + shown);
        label.getStyleClass().add("result-figure");
        label.setTooltip(new javafx.scene.control.Tooltip(help));
        label.setUserData(value);
        return label;
    }

    String failureText() {
        return failure.isVisible() ? failure.getText() : null;
    }

    /** The figures as shown, "validation loss  2.456", for tests. */
    java.util.List<String> figureTexts() {
        return figures.getChildren().stream().map(n -> ((Label) n).getText()).toList();
    }
}
