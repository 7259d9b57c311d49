package org.slmworkshop.ui.lab.stepper;

import java.util.List;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Horizontal bars with a name on the left and the value written on the right: the top next tokens with their
 * probabilities, or the keys a position attends to most. Each update replaces the rows. FX thread only.
 */
final class BarList extends VBox {
    /** One bar: its name, its length as a share of the longest possible (0..1), and the text beside it. */
    record Bar(String name, double fraction, String value, boolean emphasised) {}

    private final Label title = new Label();
    private final GridPane grid = new GridPane();
    private List<Bar> bars = List.of();

    BarList() {
        getStyleClass().add("bar-list");
        title.getStyleClass().add("bar-list-title");
        title.setWrapText(true);
        grid.setHgap(8);
        grid.setVgap(3);
        ColumnConstraints name = new ColumnConstraints();
        name.setHalignment(HPos.RIGHT);
        name.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints bar = new ColumnConstraints(60, 160, Double.MAX_VALUE);
        bar.setHgrow(Priority.ALWAYS);
        ColumnConstraints value = new ColumnConstraints();
        value.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(name, bar, value);
        setSpacing(6);
        getChildren().addAll(title, grid);
    }

    void show(String heading, List<Bar> newBars) {
        title.setText(heading);
        bars = List.copyOf(newBars);
        grid.getChildren().clear();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            Label name = new Label(bar.name());
            name.getStyleClass().add("bar-name");
            Pane track = new Pane();
            track.getStyleClass().add("bar-track");
            track.setMinHeight(14);
            track.setPrefHeight(14);
            Region fill = new Region();
            fill.getStyleClass().add(bar.emphasised() ? "bar-fill-emphasised" : "bar-fill");
            double fraction = Math.max(0, Math.min(1, bar.fraction()));
            fill.prefWidthProperty().bind(track.widthProperty().multiply(fraction));
            fill.prefHeightProperty().bind(track.heightProperty());
            track.getChildren().add(fill);
            Label value = new Label(bar.value());
            value.getStyleClass().add("bar-value");
            grid.addRow(i, name, track, value);
        }
    }

    List<Bar> bars() {
        return bars;
    }

    String heading() {
        return title.getText();
    }
}
