package org.slmworkshop.ui.lab.beam;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;

/** The key above the tree: a swatch per fate, styled by the same classes as the nodes and edges. */
final class BeamLegend {
    private BeamLegend() {}

    static HBox item(String text, String status) {
        Region swatch = new Region();
        swatch.getStyleClass().addAll("legend-swatch", status);
        Label label = new Label(text);
        label.getStyleClass().add("legend-text");
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox item = new HBox(4, swatch, label);
        item.setAlignment(Pos.CENTER_LEFT);
        item.setMinWidth(Region.USE_PREF_SIZE);
        return item;
    }

    static HBox greedy() {
        Rectangle outline = new Rectangle(16, 11);
        outline.getStyleClass().add("greedy-outline");
        Line edge = new Line(0, 0, 14, 0);
        edge.getStyleClass().addAll("beam-edge", "greedy-edge");
        Label label = new Label("greedy's path");
        label.getStyleClass().add("legend-text");
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox item = new HBox(4, outline, edge, label);
        item.setAlignment(Pos.CENTER_LEFT);
        item.setMinWidth(Region.USE_PREF_SIZE);
        return item;
    }
}
