package org.slmworkshop.ui.lab.embedding;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.slmworkshop.inspect.EmbeddingMap.Neighbour;
import org.slmworkshop.inspect.TokenClass;
import org.slmworkshop.ui.lab.TokenText;
import org.slmworkshop.ui.view.Ems;

/** The side panel: the hovered token and its nearest neighbours, each with its cosine similarity as a number and a bar. */
final class NeighbourList extends VBox {
    private static final double BAR_WIDTH = 70;

    private final Label title = new Label();
    private final Label hint = new Label();
    private final GridPane rows = new GridPane();

    NeighbourList() {
        getStyleClass().add("embedding-neighbours");
        setSpacing(6);
        setMinWidth(Region.USE_PREF_SIZE);
        Ems.prefWidth(this, 210);
        title.getStyleClass().add("neighbours-title");
        title.setWrapText(true);
        hint.getStyleClass().add("neighbours-hint");
        hint.setWrapText(true);
        rows.setHgap(8);
        rows.setVgap(3);
        rows.setId("embedding-neighbour-rows");
        getChildren().addAll(title, rows, hint);
        clear(0);
    }

    /** No token hovered: how to use the map, for an embedding of {@code width} dimensions. */
    void clear(int width) {
        title.setText("Nearest neighbours");
        rows.getChildren().clear();
        hint.setText("Hover a token to see its " + EmbeddingLab.NEIGHBOURS + " nearest neighbours: cosine similarity of the"
                + " embeddings in all " + (width > 0 ? "d = " + width : "d") + " dimensions, not distance on this flat map.");
    }

    void show(String label, TokenClass kind, List<Neighbour> near, String[] labels, TokenClass[] classes) {
        title.setText(TokenText.quoted(label) + " · " + kind.label());
        rows.getChildren().clear();
        for (int i = 0; i < near.size(); i++) {
            Neighbour n = near.get(i);
            Label token = new Label(TokenText.quoted(labels[n.token()]));
            token.setTextFill(EmbeddingPlot.COLOURS.get(classes[n.token()]));
            token.getStyleClass().add("neighbour-token");
            Label similarity = new Label(String.format(Locale.ROOT, "%+.3f", n.similarity()));
            similarity.getStyleClass().add("neighbour-similarity");
            similarity.setAlignment(Pos.CENTER_RIGHT);
            similarity.setMinWidth(Region.USE_PREF_SIZE);
            Rectangle bar = new Rectangle(Math.max(1, BAR_WIDTH * Math.max(0, n.similarity())), 8);
            bar.getStyleClass().add("neighbour-bar");
            rows.addRow(i, token, similarity, bar);
        }
        hint.setText("cosine similarity in all d dimensions; 1 = same direction");
    }

    String titleText() {
        return title.getText();
    }

    /** The rows as shown, "'i' +0.425", for tests. */
    List<String> rowTexts() {
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < rows.getChildren().size(); i += 3) {
            texts.add(((Label) rows.getChildren().get(i)).getText() + " " + ((Label) rows.getChildren().get(i + 1)).getText());
        }
        return texts;
    }
}
