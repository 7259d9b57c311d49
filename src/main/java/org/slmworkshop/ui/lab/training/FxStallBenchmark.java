package org.slmworkshop.ui.lab.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.Labs;

/**
 * How long does the FX thread stall while a model trains beside a live chart? Opens the training
 * lab in a real window, trains nanoGPT's small GPT (4 layers, 4 heads, width 128, context 64,
 * batch 12) on Dickens characters with the chart and samples running, and prints the longest and
 * 99th-percentile gap between FX pulses, from the press of Start (model set-up included) and from
 * the first training step on. The target is under 50 ms. See bench/README.md.
 *
 * <p>Arguments: {@code [steps] [corpus] [labs]}, default 200 dickens and no other lab; {@code labs} is a comma list
 * of labs opened with the training lab that follow the model as it trains (stepper, beam, attention, sampling,
 * transition, surprise…), to measure the stall with their work running too. By default they are laid out as the app
 * lays out a lesson (its text beside one tab per lab, the first of {@code labs} shown once Start is pressed);
 * {@code -Dfxstall.layout=side} paints them all at once beside the training lab instead. Needs a display (Xvfb works).
 */
public final class FxStallBenchmark {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final PulseMonitor fromStart = new PulseMonitor();
    private final PulseMonitor whileTraining = new PulseMonitor();
    private final String loadBefore = loadAverage();
    private long labWorkStart;
    private long longestLabWork;
    private long startNanos;
    private TrainingLab lab;
    private volatile String report = "no report";
    private final List<LabView> beside = new java.util.ArrayList<>();
    private final Map<LabView, int[]> passes = new java.util.LinkedHashMap<>();
    private javafx.scene.control.TabPane tabs;
    private Scene scene;

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String corpus = args.length > 1 ? args[1] : "dickens";
        List<Lab> labs = args.length > 2 && !args[2].isBlank()
                ? java.util.Arrays.stream(args[2].split(",")).map(String::trim).map(Lab::parse).toList() : List.of();
        if (System.getProperty("slm.home") == null) {
            System.setProperty("slm.home", Files.createTempDirectory("slm-fx-bench").toString());
        }
        FxStallBenchmark benchmark = new FxStallBenchmark();
        Platform.startup(() -> benchmark.open(steps, corpus, labs));
        boolean done = benchmark.finished.await(30, TimeUnit.MINUTES);
        System.out.println(done ? benchmark.report : "timed out after 30 minutes");
        Platform.exit();
        System.exit(done ? 0 : 1);
    }

    private void open(int steps, String corpus, List<Lab> labs) {
        Workspace workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        // listeners run in order: these two bracket the lab's own handling of each batch of events
        workspace.training().addListener(events -> labWorkStart = System.nanoTime());
        lab = new TrainingLab(workspace);
        workspace.training().addListener(events -> {
            longestLabWork = Math.max(longestLabWork, System.nanoTime() - labWorkStart);
            follow(events);
        });
        boolean sideBySide = "side".equals(System.getProperty("fxstall.layout", "tabs"));
        List<LabView> views = new java.util.ArrayList<>();
        for (Lab kind : labs) {
            LabView view = Labs.create(kind, workspace);
            beside.add(view);
            views.add(view);
            int[] count = new int[1];
            passes.put(view, count);
            view.busyProperty().addListener((obs, was, now) -> {
                if (was && !now) count[0]++;
            });
        }
        javafx.scene.Parent root;
        if (labs.isEmpty()) {
            root = new BorderPane(lab.view());
        } else if (sideBySide) {
            // the worst case: every lab painted at once, which the app itself never shows (one lab tab at a time)
            javafx.scene.control.SplitPane others = new javafx.scene.control.SplitPane();
            others.setOrientation(javafx.geometry.Orientation.VERTICAL);
            for (LabView view : views) others.getItems().add(new BorderPane(view.view()));
            root = new javafx.scene.control.SplitPane(new BorderPane(lab.view()), others);
        } else {
            // as the app shows a lesson: its text on the left, one tab per lab on the right; the learner starts the
            // run in the training tab and switches to the first other lab, which follows the model as it trains
            tabs = new javafx.scene.control.TabPane();
            tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
            tabs.getTabs().add(new javafx.scene.control.Tab("Training", lab.view()));
            for (int i = 0; i < views.size(); i++) {
                tabs.getTabs().add(new javafx.scene.control.Tab(Labs.title(labs.get(i)), views.get(i).view()));
            }
            // as LessonPane does: only the selected tab's lab is in the scene
            Map<javafx.scene.control.Tab, javafx.scene.Node> contents = new java.util.HashMap<>();
            tabs.getTabs().forEach(tab -> contents.put(tab, tab.getContent()));
            tabs.getTabs().stream().skip(1).forEach(tab -> tab.setContent(null));
            tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
                if (old != null) old.setContent(null);
                if (tab != null) tab.setContent(contents.get(tab));
            });
            javafx.scene.control.SplitPane lessonPane = new javafx.scene.control.SplitPane(lessonText(labs.get(0)), tabs);
            lessonPane.setDividerPositions(0.42);
            root = lessonPane;
        }
        // -Dfxstall.size=WxH: the window's size (the software renderer of Xvfb paints every pixel on the CPU)
        String[] size = System.getProperty("fxstall.size", labs.isEmpty() ? "1280x820"
                : sideBySide ? "1880x1040" : "1360x860").split("x");
        scene = new Scene(root, Double.parseDouble(size[0]), Double.parseDouble(size[1]));
        scene.getStylesheets().add(FxStallBenchmark.class.getResource("/css/workshop.css").toExternalForm());
        Stage stage = new Stage();
        stage.setTitle("FX stall benchmark: training lab");
        stage.setScene(scene);
        stage.show();
        lab.apply(new LabSettings(Lab.TRAINING, corpus, "char", null, "gpt",
                Map.of("steps", steps, "context", 64, "batch", 12, "layers", 4, "heads", 4, "dim", 128,
                        "dropout", 0.0, "lr", 1e-3), null, null, null, null, null, null, null));
        for (int i = 0; i < beside.size(); i++) {
            LabView view = beside.get(i);
            view.apply(new LabSettings(labs.get(i), corpus, "char", null, "gpt", Map.of(), null,
                    "It was the best of times, it was the", Map.of(), null, null, null, null));
            if (view instanceof org.slmworkshop.ui.lab.beam.BeamLab beam) beam.showToy(false);   // the model in training
        }
        // press Start once the corpus is tokenized (V known), as a learner would see it
        lab.form().vocabProperty().addListener((obs, old, vocab) -> {
            if (vocab.intValue() > 0 && startNanos == 0) Platform.runLater(this::pressStart);
        });
    }

    private void pressStart() {
        startNanos = System.nanoTime();
        fromStart.start();
        lab.start();
        if (tabs != null) tabs.getSelectionModel().select(1);   // while the model is set up, before the first step
    }

    /** The text of the lesson that opens {@code kind} (lesson 6 for the stepper, 7 for the beam tree), as the app shows it. */
    private static javafx.scene.Node lessonText(Lab kind) {
        Path folder = Path.of("lessons");
        var lessons = org.slmworkshop.lesson.Lessons.load(folder).lessons();
        return lessons.stream().filter(l -> l.labs().stream().anyMatch(s -> s.lab() == kind)).findFirst()
                .<javafx.scene.Node>map(l -> new org.slmworkshop.ui.lesson.LessonTexts(null).apply(l))
                .orElseGet(() -> new javafx.scene.control.Label("(no lesson opens " + kind + ")"));
    }

    private void follow(List<TrainingEvent> events) {
        for (TrainingEvent event : events) {
            if (event instanceof TrainingEvent.Step && !whileTraining.isRunning()) {
                whileTraining.start();
            } else if (event instanceof TrainingEvent.Finished done) {
                // let the last redraws and the final sample land before stopping the clocks
                Platform.runLater(() -> Platform.runLater(() -> finish(done.summary())));
            } else if (event instanceof TrainingEvent.Failed failed) {
                report = "the run failed: " + failed.message();
                finished.countDown();
            }
        }
    }

    private void finish(TrainingSummary summary) {
        fromStart.stop();
        whileTraining.stop();
        PulseMonitor.Gaps all = fromStart.gaps();
        PulseMonitor.Gaps training = whileTraining.gaps();
        report = String.format("FX stall benchmark: %s, %d steps in %.1f s (%.1f ms/step, %,.0f tokens/s), "
                        + "validation loss %.3f%n"
                        + "  chart: %,d train points, %d validation points; %d samples written%n"
                        + "  from Start (model set-up included): %s%n"
                        + "  while training:                     %s%n"
                        + "  longest FX time in the lab's handling of one batch of events: %.1f ms%n"
                        + "  labs open beside it: %s; window %.0f x %.0f, %s rendering%n"
                        + "  machine: %d cores, 1-minute load average %s before, %s after%n"
                        + "  target: longest gap while training < 50 ms -> %s",
                summary.model(), summary.steps(), (System.nanoTime() - startNanos) / 1e9, summary.msPerStep(),
                summary.tokensPerSecond(), summary.validationLoss(), lab.chart().plottedTrainPoints(),
                lab.chart().plottedValidationPoints(), lab.samples().sampleCount(), all, training,
                longestLabWork / 1e6, besideReport(), scene.getWidth(), scene.getHeight(),
                com.sun.prism.GraphicsPipeline.getPipeline() == null ? "unknown"
                        : com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
                training.longestMs() < 50 ? "met" : "NOT met");
        finished.countDown();
    }

    /** Which labs followed the run, and how many passes (traces, searches, maps) each finished meanwhile. */
    private String besideReport() {
        if (passes.isEmpty()) return "none";
        return passes.entrySet().stream().map(e -> e.getKey().getClass().getSimpleName() + " (" + e.getValue()[0]
                + " passes)").collect(java.util.stream.Collectors.joining(", "))
                + (tabs == null ? ", all painted side by side" : ", in a lesson's tabs with the "
                + tabs.getTabs().get(1).getText() + " tab shown");
    }

    /** The 1-minute load average (Linux): other processes on the machine compete for the cores. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
