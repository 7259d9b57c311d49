package org.slmworkshop.ui.lab.training;

import org.slmworkshop.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.Workspace;

/**
 * Opens the training lab alone in a window of a given size, to look at it under Xvfb:
 * {@code TrainingLabPreview [width] [height] [model] [steps] [start] [lr]}, {@code -Dcheckpoint=PATH} to
 * open a checkpoint as a lesson would. Not a test.
 */
public final class TrainingLabPreview {
    public static void main(String[] args) throws Exception {
        double width = args.length > 0 ? Double.parseDouble(args[0]) : 700;
        double height = args.length > 1 ? Double.parseDouble(args[1]) : 780;
        String model = args.length > 2 ? args[2] : "gpt";
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        boolean start = args.length > 4 && args[4].equals("start");
        double lr = args.length > 5 ? Double.parseDouble(args[5]) : TrainingConfig.defaultLearningRate(model);
        System.setProperty("slm.home", Files.createTempDirectory("slm-preview").toString());
        Platform.startup(() -> {
            Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
            TrainingLab lab = new TrainingLab(workspace);
            BorderPane holder = new BorderPane(lab.view());
            holder.getStyleClass().add("lab");
            Scene scene = new Scene(holder, width, height);
            scene.getStylesheets().add(TrainingLabPreview.class.getResource("/css/workshop.css").toExternalForm());
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            lab.apply(new LabSettings(Lab.TRAINING, "dickens", "char", null, model, Map.of("steps", steps, "lr", lr),
                    System.getProperty("checkpoint"), null, null, null, null, null, null));
            if (start) Platform.runLater(() -> Platform.runLater(lab::start));
            if (System.getProperty("dump") != null) {
                Platform.runLater(() -> Platform.runLater(() -> dump(lab.view(), 0, width * 0.5)));
            }
        });
    }

    private static void dump(Node node, int depth, double threshold) {
        if (node instanceof Region region && region.minWidth(-1) > threshold) {
            System.out.printf("%s%s %s min %.0f pref %.0f width %.0f%n", "  ".repeat(depth),
                    node.getClass().getSimpleName(), node.getStyleClass(), region.minWidth(-1), region.prefWidth(-1),
                    region.getWidth());
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) dump(child, depth + 1, threshold);
        }
    }
}
