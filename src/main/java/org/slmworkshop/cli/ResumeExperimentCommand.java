package org.slmworkshop.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.train.ResumeExperiment;
import org.slmworkshop.train.ResumeExperiment.Arm;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "resume-experiment", sortOptions = false,
        description = "From a checkpoint, train N more steps with the saved AdamW state, with the moments reset (weights"
                + " only), and as the checkpoint's run replayed uninterrupted from step 0; print each step's loss.")
final class ResumeExperimentCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "The checkpoint to continue (its corpus must be at hand).")
    Path checkpoint;

    @Option(names = "--steps", required = true, description = "Steps to train after the checkpoint's step, in each arm.")
    int steps;

    @Option(names = "--no-replay", description = "Leave out the uninterrupted run (it trains the checkpoint's steps again from 0).")
    boolean noReplay;

    @Option(names = "--json", description = "One JSON object: each arm's losses and the comparisons.")
    boolean json;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() {
        if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1 (steps after the checkpoint), got " + steps);
        backend.chooseAndUse();
        ResumeExperiment experiment = ResumeExperiment.forCheckpoint(checkpoint);
        int k = experiment.resumeStep();
        if (!json) {
            System.out.printf("Resume experiment: %s (%s, %,d parameters) at step %,d, %,d more steps per arm%s%n",
                    checkpoint.getFileName(), experiment.modelKind(), experiment.parameterCount(), k, steps,
                    noReplay ? "" : String.format("; the uninterrupted run replays steps 1 to %,d first", k));
        }
        ResumeExperiment.Result result = experiment.run(steps, !noReplay, (arm, event) -> progress(arm, event), new RunControl());
        if (json) {
            System.out.println(Json.line(report(result)));
        } else {
            table(result);
            summary(result);
        }
        return 0;
    }

    private void progress(Arm arm, TrainingEvent event) {
        if (!json && event instanceof TrainingEvent.Finished finished) {
            System.out.printf("  %s: up to step %,d in %.1f s%n", arm.label(), finished.summary().steps(),
                    finished.summary().wallSeconds());
        }
    }

    private static Map<String, Object> report(ResumeExperiment.Result result) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("resume_step", result.resumeStep());
        line.put("steps", result.extraSteps());
        Map<String, Object> arms = new LinkedHashMap<>();
        for (Arm arm : Arm.values()) {
            if (result.losses().containsKey(arm)) arms.put(arm.id(), result.losses(arm));
        }
        line.put("losses", arms);
        line.put("reset_gap", result.resetGap());
        Map<String, Object> first = new LinkedHashMap<>();
        for (Arm arm : Arm.values()) {
            if (result.firstUpdate().containsKey(arm)) first.put(arm.id(), result.firstUpdate().get(arm));
        }
        line.put("first_update_over_lr", first);
        line.put("max_loss_gap_proper_vs_uninterrupted", finite(result.maxLossGap()));
        line.put("final_weight_gap_proper_vs_uninterrupted", finite(result.finalWeightGap()));
        line.put("replay_checkpoint_gap", finite(result.replayCheckpointGap()));
        line.put("exact", result.resumeIsExact());
        return line;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static void table(ResumeExperiment.Result result) {
        List<Arm> shown = java.util.Arrays.stream(Arm.values()).filter(result.losses()::containsKey).toList();
        StringBuilder header = new StringBuilder(String.format("%8s", "step"));
        for (Arm arm : shown) header.append(String.format("  %14s", arm.id().replace('_', ' ')));
        header.append(String.format("  %12s", "reset − proper"));
        System.out.println(header);
        List<Double> gap = result.resetGap();
        for (int i = 0; i < result.extraSteps(); i++) {
            StringBuilder row = new StringBuilder(String.format("%8d", result.resumeStep() + i + 1));
            for (Arm arm : shown) {
                List<Double> losses = result.losses(arm);
                row.append(i < losses.size() ? String.format("  %14.6f", losses.get(i)) : String.format("  %14s", "-"));
            }
            row.append(i < gap.size() ? String.format("  %+12.6f", gap.get(i)) : "");
            System.out.println(row);
        }
    }

    private static void summary(ResumeExperiment.Result result) {
        Double reset = result.firstUpdate().get(Arm.WEIGHTS_ONLY), proper = result.firstUpdate().get(Arm.PROPER);
        if (reset != null && proper != null) {
            System.out.printf("First update after the resume, mean |Δθ| / learning rate: %.3f with the moments reset,"
                    + " %.3f with the saved AdamW state%n", reset, proper);
        }
        List<Double> gap = result.resetGap();
        if (!gap.isEmpty()) {
            int worst = 0;
            for (int i = 1; i < gap.size(); i++) if (gap.get(i) > gap.get(worst)) worst = i;
            System.out.printf("Weights only vs proper resume: largest gap %+.4f nats at step %d; %+.4f at the last step%n",
                    gap.get(worst), result.resumeStep() + worst + 1, gap.get(gap.size() - 1));
        }
        if (Double.isNaN(result.replayCheckpointGap())) {
            System.out.println("Uninterrupted run: not replayed.");
        } else if (result.replayCheckpointGap() != 0) {
            System.out.printf("Uninterrupted run: the replay reached step %d with weights %.2e away from the checkpoint's"
                    + " (it was saved on another machine or thread count), so the runs are close but not identical.%n",
                    result.resumeStep(), result.replayCheckpointGap());
        }
        if (!Double.isNaN(result.maxLossGap())) {
            System.out.printf("Proper resume vs uninterrupted run: max |Δloss| = %s over %d steps, final weights max |Δθ| = %s%s%n",
                    number(result.maxLossGap()), result.losses(Arm.PROPER).size(), number(result.finalWeightGap()),
                    result.resumeIsExact() ? " (identical, bit for bit)" : "");
        }
        if (result.cancelled()) System.out.println("Stopped before the end.");
    }

    private static String number(double value) {
        return value == 0 ? "0" : Double.isNaN(value) ? "-" : String.format("%.3e", value);
    }
}
