package org.slmworkshop.ui.lab.heatmap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;

/**
 * Small multiples: every head of every layer as a little heatmap, layers as rows and heads as
 * columns. Clicking one picks that layer and head for the big map.
 */
final class HeadsGrid extends GridPane {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    static final double TILE_SIZE = 50;
    private final BiConsumer<Integer, Integer> onPick;
    private final List<List<Heatmap>> tiles = new ArrayList<>();
    private final List<List<StackPane>> frames = new ArrayList<>();
    private int selectedLayer = -1;
    private int selectedHead = -1;

    /** @param onPick receives (layer, head) of a clicked tile */
    HeadsGrid(BiConsumer<Integer, Integer> onPick) {
        this.onPick = onPick;
        getStyleClass().add("heads-grid");
        setHgap(2);
        setVgap(2);
    }

    /** Shows every head of {@code maps}; tiles are reused while the model's shape stays the same. */
    void show(AttentionMaps maps) {
        if (tiles.size() != maps.layers() || (!tiles.isEmpty() && tiles.get(0).size() != maps.heads())) {
            rebuild(maps.layers(), maps.heads());
        }
        ColourScale scale = ColourScale.sequential(1, "attention");
        for (int layer = 0; layer < maps.layers(); layer++) {
            for (int head = 0; head < maps.heads(); head++) tiles.get(layer).get(head).show(maps.map(layer, head), scale);
        }
        select(selectedLayer, selectedHead);
    }

    void select(int layer, int head) {
        selectedLayer = layer;
        selectedHead = head;
        for (int l = 0; l < frames.size(); l++) {
            for (int h = 0; h < frames.get(l).size(); h++) frames.get(l).get(h).pseudoClassStateChanged(SELECTED, l == layer && h == head);
        }
    }

    /** The tile of (layer, head), for tests. */
    Heatmap tile(int layer, int head) {
        return tiles.get(layer).get(head);
    }

    StackPane frame(int layer, int head) {
        return frames.get(layer).get(head);
    }

    private void rebuild(int layers, int heads) {
        getChildren().clear();
        tiles.clear();
        frames.clear();
        for (int head = 0; head < heads; head++) {
            Label title = new Label("head " + head);
            title.getStyleClass().add("grid-header");
            GridPane.setHalignment(title, HPos.CENTER);
            add(title, head + 1, 0);
        }
        for (int layer = 0; layer < layers; layer++) {
            Label title = new Label("layer " + layer);
            title.getStyleClass().add("grid-header");
            add(title, 0, layer + 1);
            List<Heatmap> rowTiles = new ArrayList<>();
            List<StackPane> rowFrames = new ArrayList<>();
            for (int head = 0; head < heads; head++) {
                Heatmap tile = Heatmap.compact();
                StackPane frame = new StackPane(tile);
                frame.getStyleClass().add("head-tile");
                frame.setId("head-" + layer + "-" + head);
                frame.setAlignment(Pos.CENTER);
                frame.setPrefSize(TILE_SIZE, TILE_SIZE);
                frame.setMinSize(TILE_SIZE, TILE_SIZE);
                frame.setMaxSize(TILE_SIZE, TILE_SIZE);
                Tooltip.install(frame, new Tooltip("Layer " + layer + ", head " + head));
                int pickedLayer = layer;
                int pickedHead = head;
                // a filter: the chart inside handles mouse events of its own
                frame.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> onPick.accept(pickedLayer, pickedHead));
                add(frame, head + 1, layer + 1);
                rowTiles.add(tile);
                rowFrames.add(frame);
            }
            tiles.add(rowTiles);
            frames.add(rowFrames);
        }
    }
}
