package org.slmworkshop.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingSummary;
import org.slmworkshop.util.Json;

/** Prints training events: a progress bar for people, or one JSON object per event for scripts. */
final class EventPrinter implements Consumer<TrainingEvent> {
    private final PrintStream out;
    private final boolean json;
    private final boolean terminal = System.console() != null;
    private int totalSteps = 1;
    private int startStep;
    private int lastPrinted = -1;
    private double lastValidation = Double.NaN;

    EventPrinter(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    @Override
    public void accept(TrainingEvent event) {
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", event.getClass().getSimpleName().toLowerCase());
            line.putAll(Json.MAPPER.convertValue(event, Map.class));
            out.println(Json.line(finite(line)));
            return;
        }
        if (event instanceof TrainingEvent.Started started) {
            totalSteps = started.totalSteps();
            startStep = started.step();
            out.printf("Training %s: %,d parameters, V = %,d, %,d tokens per step, steps %d → %d%n",
                    started.model(), started.parameters(), started.vocabSize(), started.tokensPerStep(),
                    started.step(), started.totalSteps());
        } else if (event instanceof TrainingEvent.Step step) {
            int width = 30;
            int done = (int) Math.round(width * step.step() / (double) totalSteps);
            String bar = "#".repeat(done) + "-".repeat(width - done);
            double remaining = (totalSteps - step.step()) * step.elapsedSeconds() / Math.max(1, step.step() - startStep);
            String line = String.format("[%s] %d/%d loss %.4f val %s lr %.2e %,.0f tok/s ETA %s", bar, step.step(),
                    totalSteps, step.trainLoss(), Double.isNaN(lastValidation) ? "-" : String.format("%.4f", lastValidation),
                    step.learningRate(), step.tokensPerSecond(), clock(remaining));
            if (terminal) {
                out.print("\r" + line);
                if (step.step() == totalSteps) out.println();
            } else {
                int percent = (int) (100L * step.step() / totalSteps);
                if (percent / 10 != lastPrinted / 10 || step.step() == totalSteps) {
                    out.println(line);
                    lastPrinted = percent;
                }
            }
        } else if (event instanceof TrainingEvent.Evaluated evaluated) {
            lastValidation = evaluated.validationLoss();
            if (terminal) out.print("\r");
            out.printf("step %d: train loss %.4f, val loss %.4f, val perplexity %.2f%n", evaluated.step(),
                    evaluated.trainLoss(), evaluated.validationLoss(), evaluated.validationPerplexity());
        } else if (event instanceof TrainingEvent.Saved saved) {
            if (terminal) out.print("\r");
            if (saved.best()) {
                out.printf("step %d: lowest val loss so far (%.4f), saved %s%n", saved.step(), lastValidation, saved.path());
            } else {
                out.printf("step %d: saved %s%n", saved.step(), saved.path());
            }
        } else if (event instanceof TrainingEvent.Cancelled cancelled) {
            out.printf("%nCancelled after step %d.%n", cancelled.step());
        } else if (event instanceof TrainingEvent.Failed failed) {
            out.println();
        } else if (event instanceof TrainingEvent.Finished finished) {
            TrainingSummary s = finished.summary();
            String sliding = Double.isFinite(s.slidingWindowPerplexity())
                    ? String.format("%.2f", s.slidingWindowPerplexity())
                    : s.stopped() ? "not measured: the run was stopped" : "not measured";
            out.printf("%s %d steps in %.1f s (%.1f ms/step, %,.0f tokens/s), train loss %.4f, val loss %.4f, "
                            + "val perplexity %.2f, sliding-window perplexity %s, peak memory %d MB%n",
                    s.stopped() ? "Stopped after" : "Done:", s.steps(), s.wallSeconds(), s.msPerStep(),
                    s.tokensPerSecond(), s.trainLoss(), s.validationLoss(), s.validationPerplexity(), sliding,
                    s.peakRssMb());
        }
    }

    /** The summary line with the field names scripts rely on. */
    void summary(TrainingSummary s, Map<String, Object> extra) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "summary");
        line.put("model", s.model());
        line.put("params", s.parameters());
        line.put("steps", s.steps());
        line.put("train_loss", s.trainLoss());
        line.put("val_loss", s.validationLoss());
        line.put("val_ppl", s.validationPerplexity());
        line.put("sliding_ppl", s.slidingWindowPerplexity());
        line.put("tokens_per_s", s.tokensPerSecond());
        line.put("wall_s", s.wallSeconds());
        line.put("ms_per_step", s.msPerStep());
        line.put("peak_rss_mb", s.peakRssMb());
        line.putAll(extra);
        if (json) out.println(Json.line(finite(line)));
    }

    /** JSON has no NaN: a figure that was not measured (the sliding-window perplexity of a stopped run) is null. */
    private static Object finite(Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) return null;
        if (value instanceof Float f && !Float.isFinite(f)) return null;
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, v) -> copy.put(key, finite(v)));
            return copy;
        }
        return value;
    }

    private static String clock(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
