package org.slmworkshop.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Saves checkpoints while a run trains, through {@link Checkpoints#save} like the end of the run does:
 * every N steps to the run's file, so a killed run loses at most N steps, and at each new lowest
 * validation loss to a second file beside it ({@code run.ckpt → run.best.ckpt}). Either file resumes
 * exactly. The last step is not saved here: the caller saves the finished or stopped run itself.
 */
public final class CheckpointSaver implements StepHook {
    /** The evaluation with the lowest validation loss so far, and the file holding its weights. */
    public record Best(int step, double validationLoss, Path path) {}

    private final Path out;
    private final int saveEvery;
    private final Path bestPath;
    private final PreparedCorpus prepared;
    private final Consumer<TrainingEvent> listener;
    private int lastSaved = -1;
    private LossPoint best;
    private RunSnapshots snapshots;

    /**
     * @param saveEvery steps between saves to {@code out} (0: none during the run)
     * @param saveBest  keep {@link #bestPath(Path)} of {@code out} at the lowest validation loss
     * @param listener  told of each save with a {@link TrainingEvent.Saved}
     */
    public CheckpointSaver(Path out, int saveEvery, boolean saveBest, PreparedCorpus prepared,
                           Consumer<TrainingEvent> listener) {
        if (out == null) throw new IllegalArgumentException("a checkpoint path is required");
        if (saveEvery < 0) throw new IllegalArgumentException("steps between checkpoints must be ≥ 0, got " + saveEvery);
        this.out = out;
        this.saveEvery = saveEvery;
        this.bestPath = saveBest ? bestPath(out) : null;
        this.prepared = prepared;
        this.listener = listener;
    }

    /**
     * The run's snapshots go into every save to {@code out}, so a killed run keeps them too; the best
     * checkpoint stays lean. Returns this saver.
     */
    public CheckpointSaver keepingSnapshots(RunSnapshots runSnapshots) {
        this.snapshots = runSnapshots;
        return this;
    }

    /** Where the best checkpoint of {@code out} goes: {@code run.ckpt → run.best.ckpt}, {@code run → run.best}. */
    public static Path bestPath(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling(dot > 0 ? name.substring(0, dot) + ".best" + name.substring(dot) : name + ".best");
    }

    /**
     * For a resumed run: an existing best file still counts as the best so far when it holds one of the
     * evaluations in the resumed history (the same run); otherwise the first evaluation replaces it.
     */
    public void continueFrom(TrainerState resumed) {
        if (bestPath == null || !Files.isRegularFile(bestPath)) return;
        try {
            TrainerState saved = Checkpoints.readState(bestPath);
            List<LossPoint> history = saved.history();
            if (history.isEmpty()) return;
            LossPoint point = history.get(history.size() - 1);
            if (point.step() == saved.step() && resumed.history().contains(point)) best = point;
        } catch (TrainingException unreadable) {
            // an unreadable file is replaced at the next evaluation
        }
    }

    @Override
    public void afterStep(Trainer trainer, LossPoint evaluation) {
        int step = trainer.step();
        if (saveEvery > 0 && step % saveEvery == 0 && step < trainer.config().steps() && step != lastSaved) {
            Checkpoints.save(out, trainer, prepared, snapshots);
            lastSaved = step;
            listener.accept(new TrainingEvent.Saved(step, out.toString(), false));
        }
        if (bestPath != null && evaluation != null && Double.isFinite(evaluation.validationLoss())
                && (best == null || evaluation.validationLoss() < best.validationLoss())) {
            Checkpoints.save(bestPath, trainer, prepared);
            best = evaluation;
            listener.accept(new TrainingEvent.Saved(step, bestPath.toString(), true));
        }
    }

    /** The best checkpoint so far; empty when best saving is off or no evaluation has been saved. */
    public Optional<Best> best() {
        return best == null ? Optional.empty() : Optional.of(new Best(best.step(), best.validationLoss(), bestPath));
    }
}
