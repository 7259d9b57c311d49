package org.slmworkshop.ui.lab.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;

/**
 * The training lab with a finished run scrubbed back, to look at under Xvfb:
 * {@code ScrubberPreview [width] [height] [steps] [fraction]} trains a small GPT on Dickens, then moves
 * the scrubber to that fraction of the run and prints "scrubbed" once the samples show it. With
 * {@code -Dsweep=true} it first drags through every kept step, and prints the longest gap between FX
 * pulses while the run trained and while it was scrubbed. Not a test.
 */
public final class ScrubberPreview {
    public static void main(String[] args) throws Exception {
        double width = args.length > 0 ? Double.parseDouble(args[0]) : 1360;
        double height = args.length > 1 ? Double.parseDouble(args[1]) : 860;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        double fraction = args.length > 3 ? Double.parseDouble(args[3]) : 0.4;
        System.setProperty("slm.home", Files.createTempDirectory("slm-preview").toString());
        Platform.startup(() -> {
            Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
            TrainingLab lab = new TrainingLab(workspace);
            BorderPane holder = new BorderPane(lab.view());
            holder.getStyleClass().add("lab");
            Scene scene = new Scene(holder, width, height);
            scene.getStylesheets().add(ScrubberPreview.class.getResource("/css/workshop.css").toExternalForm());
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            lab.apply(new LabSettings(Lab.TRAINING, "dickens", "char", null, "gpt", Map.of("steps", steps, "layers", 2,
                    "dim", 64, "heads", 4, "batch", 8), null, null, null, null, null, null, null));
            long[] lastPulse = {0};
            double[] longest = {0, 0};   // while training, while scrubbing
            int[] phase = {-1};
            new javafx.animation.AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (lastPulse[0] != 0 && phase[0] >= 0) {
                        longest[phase[0]] = Math.max(longest[phase[0]], (now - lastPulse[0]) / 1e6);
                    }
                    lastPulse[0] = now;
                }
            }.start();
            Timeline poll = new Timeline();
            poll.getKeyFrames().add(new KeyFrame(Duration.millis(250), e -> {
                if (lab.session().state() == TrainingSession.State.IDLE && lab.form().planProperty().get() != null) {
                    lab.start();
                    phase[0] = 0;
                }
                if (lab.session().state() != TrainingSession.State.FINISHED || lab.scrubber().viewing() != null) return;
                List<Integer> kept = lab.session().snapshots().steps();
                poll.stop();
                phase[0] = 1;
                Timeline sweep = new Timeline();
                if (Boolean.getBoolean("sweep")) {
                    for (int i = 0; i < kept.size(); i++) {
                        int step = kept.get(i);
                        sweep.getKeyFrames().add(new KeyFrame(Duration.millis(150 * (i + 1)),
                                k -> lab.scrubber().slider.setValue(step)));
                    }
                }
                sweep.setOnFinished(k -> {
                    lab.scrubber().slider.setValue(kept.get(kept.size() - 1) * fraction);
                    new Timeline(new KeyFrame(Duration.seconds(4), done -> {
                        System.out.printf("longest FX pulse gap: %.1f ms while training, %.1f ms while scrubbing%n",
                                longest[0], longest[1]);
                        System.out.println("scrubbed");
                    })).play();
                });
                sweep.play();
            }));
            poll.setCycleCount(Timeline.INDEFINITE);
            poll.play();
        });
    }
}
