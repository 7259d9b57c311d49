package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.lab.TokenText;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

/** Opens two heatmaps in a window, to look at them under Xvfb. Not a test. */
public final class HeatmapPreview {
    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
    @Override
    public void start(Stage stage) {
        Heatmap square = new Heatmap("next token", "previous token");
        Heatmap causal = new Heatmap("key", "query");
        String alphabet = " etaoinshrdlu\ncmfwygpb,.vk'\"-;?!";
        List<String> labels = new ArrayList<>();
        for (char c : alphabet.toCharArray()) labels.add(TokenText.printable(String.valueOf(c)));
        int n = labels.size();
        double[][] values = new double[n][n];
        for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) values[r][c] = Math.pow((r * 7 + c * 3) % n / (double) n, 3);
        values[0][1] = 1;
        HeatmapData data = new HeatmapData(labels, labels, values, false);
        square.show(data, ColourScale.sequential(data.max(), "probability"));
        List<String> prompt = new ArrayList<>();
        for (char c : "It was a dark night".toCharArray()) prompt.add(TokenText.printable(String.valueOf(c)));
        int t = prompt.size();
        double[][] attention = new double[t][t];
        for (int q = 0; q < t; q++) for (int k = 0; k <= q; k++) attention[q][k] = 1.0 / (q + 1);
        causal.show(new HeatmapData(prompt, prompt, attention, true), ColourScale.sequential(1, "attention"));
        square.hover(0, 1);
        List<String> words = new ArrayList<>();
        for (String w : "the old man said that it was a dark night and nobody in the house could sleep for fear of".split(" ")) words.add(w);
        int m = words.size();
        double[][] wordValues = new double[m][m];
        for (int q = 0; q < m; q++) for (int k = 0; k <= q; k++) wordValues[q][k] = 1.0 / (q + 1);
        causal.show(new HeatmapData(words, words, wordValues, true), ColourScale.sequential(1, "attention"));
        javafx.scene.layout.VBox tiles = new javafx.scene.layout.VBox(4);
        for (int i = 0; i < 3; i++) {
            Heatmap tile = Heatmap.compact();
            javafx.scene.layout.StackPane frame = new javafx.scene.layout.StackPane(tile);
            frame.setStyle("-fx-border-color: red");
            frame.setPrefSize(56, 56);
            frame.setMaxSize(56, 56);
            tile.show(new HeatmapData(prompt, prompt, attention, true), ColourScale.sequential(1, "attention"));
            tiles.getChildren().add(frame);
        }
        HBox root = new HBox(10, square, causal, tiles);
        HBox.setHgrow(square, javafx.scene.layout.Priority.ALWAYS);
        HBox.setHgrow(causal, javafx.scene.layout.Priority.ALWAYS);
        root.setStyle("-fx-padding: 10");
        Scene scene = new Scene(root, 1300, 650);
        scene.getStylesheets().add(getClass().getResource("/css/workshop.css").toExternalForm());
        scene.getStylesheets().add(getClass().getResource("/css/heatmap.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }
    }
}
