package org.slmworkshop.ui.lab.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingSummary;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.Workspace;

/**
 * How long does the FX thread stall while a model trains beside a live chart? Opens the training
 * lab in a real window, trains nanoGPT's small GPT (4 layers, 4 heads, width 128, context 64,
 * batch 12) on Dickens characters with the chart and samples running, and prints the longest and
 * 99th-percentile gap between FX pulses. The target is under 50 ms. See bench/README.md.
 *
 * <p>Arguments: {@code [steps] [corpus]}, default 200 dickens. Needs a display (Xvfb works).
 */
public final class FxStallBenchmark {
    private FxStallBenchmark() {}

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String corpus = args.length > 1 ? args[1] : "dickens";
        if (System.getProperty("slm.home") == null) {
            System.setProperty("slm.home", Files.createTempDirectory("slm-fx-bench").toString());
        }
        CountDownLatch finished = new CountDownLatch(1);
        PulseMonitor monitor = new PulseMonitor();
        String[] report = new String[1];
        long[] labWork = new long[2];
        String loadBefore = loadAverage();
        Platform.startup(() -> { });
        Platform.runLater(() -> {
            Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
            // listeners run in order: these two bracket the lab's own handling of each batch of events
            workspace.training().addListener(events -> labWork[0] = System.nanoTime());
            TrainingLab lab = new TrainingLab(workspace);
            workspace.training().addListener(events -> labWork[1] = Math.max(labWork[1], System.nanoTime() - labWork[0]));
            Scene scene = new Scene(new BorderPane(lab.view()), 1280, 820);
            scene.getStylesheets().add(FxStallBenchmark.class.getResource("/css/workshop.css").toExternalForm());
            Stage stage = new Stage();
            stage.setTitle("FX stall benchmark: training lab");
            stage.setScene(scene);
            stage.show();
            lab.apply(new LabSettings(Lab.TRAINING, corpus, "char", null, "gpt",
                    Map.of("steps", steps, "context", 64, "batch", 12, "layers", 4, "heads", 4, "dim", 128,
                            "dropout", 0.0, "lr", 1e-3), null, null, null, null, null, null, null));
            long[] started = new long[1];
            workspace.training().addListener(events -> {
                for (TrainingEvent event : events) {
                    if (event instanceof TrainingEvent.Finished done) {
                        // let the last redraws and the final sample land before stopping the clock
                        Platform.runLater(() -> Platform.runLater(() -> {
                            monitor.stop();
                            report[0] = report(monitor.gaps(), done.summary(), lab, (System.nanoTime() - started[0]) / 1e9)
                                    + String.format("%n  longest FX time in the lab's event handling: %.1f ms%n"
                                            + "  machine: %d cores, load average before %s, after %s",
                                    labWork[1] / 1e6, Runtime.getRuntime().availableProcessors(), loadBefore,
                                    loadAverage());
                            finished.countDown();
                        }));
                    } else if (event instanceof TrainingEvent.Failed failed) {
                        monitor.stop();
                        report[0] = "the run failed: " + failed.message();
                        finished.countDown();
                    }
                }
            });
            // start once the form holds a valid plan (the vocabulary is being worked out in the background)
            Runnable begin = () -> {
                started[0] = System.nanoTime();
                monitor.start();
                lab.start();
            };
            if (lab.form().planProperty().get() != null) begin.run();
            else lab.form().planProperty().addListener((obs, old, plan) -> {
                if (plan != null && started[0] == 0) begin.run();
            });
        });
        boolean done = finished.await(30, TimeUnit.MINUTES);
        System.out.println(done ? report[0] : "timed out after 30 minutes");
        Platform.exit();
        System.exit(done ? 0 : 1);
    }

    /** The 1-minute load average (Linux), since other processes on the machine compete for the cores. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String report(PulseMonitor.Gaps gaps, TrainingSummary summary, TrainingLab lab, double seconds) {
        return String.format("FX stall benchmark: %s, %d steps in %.1f s (%.1f ms/step, %,.0f tokens/s), "
                        + "validation loss %.3f%n  chart: %,d train points, %d validation points; %d samples written%n"
                        + "  %s%n  target: longest gap < 50 ms -> %s",
                summary.model(), summary.steps(), seconds, summary.msPerStep(), summary.tokensPerSecond(),
                summary.validationLoss(), lab.chart().plottedTrainPoints(), lab.chart().plottedValidationPoints(),
                lab.samples().sampleCount(), gaps, gaps.longestMs() < 50 ? "met" : "NOT met");
    }
}
