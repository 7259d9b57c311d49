package org.slmworkshop.ui.lab.surprise;

import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Where model B is less surprised than A: the passage once, each token on the colour of
 * loss A − loss B (blue where B does better, red where worse), and how the mean of those
 * differences is the gap between the two cross-entropies.
 */
final class DifferenceView extends VBox {
    /** What the legend should show: the ramp and the mean difference. */
    record Drawn(ColourRamp ramp, double meanDifference) {}

    private final Label summary = new Label();
    private final TokenFlow flow = new TokenFlow();

    DifferenceView() {
        getStyleClass().add("surprise-difference");
        setSpacing(6);
        summary.setId("surprise-difference-summary");
        summary.getStyleClass().add("surprise-difference-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.setMaxWidth(Double.MAX_VALUE);
        flow.setId("surprise-difference-flow");
        ScrollPane scroll = new ScrollPane(flow);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("surprise-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(summary, scroll);
    }

    TokenFlow flow() {
        return flow;
    }

    Label summary() {
        return summary;
    }

    /** Draws B's tokens coloured by loss A − loss B; null when the two cannot be compared token by token. */
    Drawn show(Scored a, Scored b) {
        if (a == null || b == null) {
            flow.clear();
            summary.setText("Waiting for both models' scores.");
            return null;
        }
        if (!a.alignsWith(b)) {
            flow.clear();
            summary.setText(String.format(Locale.ROOT, "The difference needs both models to cut the passage into the same"
                    + " tokens; A reads it as %,d tokens and B as %,d.", a.tokenCount(), b.tokenCount()));
            return null;
        }
        int n = b.tokenCount();
        double extent = 0, sum = 0;
        int better = 0;
        for (int p = 1; p < n; p++) {
            double d = a.at(p).loss() - b.at(p).loss();
            extent = Math.max(extent, Math.abs(d));
            sum += d;
            if (d > 0) better++;
        }
        double mean = sum / (n - 1);
        ColourRamp ramp = ColourRamp.difference(extent);
        if (flow.shown() != b) flow.show(b);
        flow.paint(p -> a.at(p).loss() - b.at(p).loss(), ramp);
        summary.setText(String.format(Locale.ROOT, "Blue: model B is less surprised than A; red: more. B is less surprised"
                + " on %d of the %d tokens (%.0f%%). The mean of loss A − loss B, %.4f nats, is cross-entropy A −"
                + " cross-entropy B (%.4f − %.4f).", better, n - 1, 100.0 * better / (n - 1), mean,
                a.losses().crossEntropy(), b.losses().crossEntropy()));
        return new Drawn(ramp, mean);
    }
}
