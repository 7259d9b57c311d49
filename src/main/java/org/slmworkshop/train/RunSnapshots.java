package org.slmworkshop.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.model.Models;

/**
 * The run's weights at its evaluation steps, kept in memory within a byte budget, so a learner can
 * scrub back through the run. When the budget fills, the store thins itself out evenly: the n-th
 * snapshot taken (n = 0, 1, 2, …) stays while n is a multiple of 2^level, and the latest always
 * stays; each time the budget would overflow, the level goes up by one. The first snapshot and the
 * latest are always kept, and the others stay evenly spaced.
 *
 * <p>As a {@link StepHook} it copies the weights at each evaluation, on the training thread between
 * steps. Safe to read from any thread; a snapshot's values never change once taken.
 */
public final class RunSnapshots implements StepHook {
    public static final long DEFAULT_BUDGET_BYTES = 256L << 20;

    /** Every parameter of the model at one step, in the store's order. */
    public record Snapshot(int step, float[] parameters) {
        public long bytes() {
            return 4L * parameters.length;
        }

        /** A fresh model of {@code config} holding these weights. */
        public LanguageModel toModel(ModelConfig config) {
            LanguageModel model = Models.empty(config);
            model.store().values().copyFrom(parameters);
            return model;
        }
    }

    private record Kept(long ordinal, Snapshot snapshot) {}

    private final long budgetBytes;
    private final List<Kept> kept = new ArrayList<>();
    private long taken;
    private int level;
    private boolean tooLarge;

    /** @param budgetBytes memory the snapshots may take together */
    public RunSnapshots(long budgetBytes) {
        if (budgetBytes <= 0) throw new IllegalArgumentException("the snapshot budget must be positive, got " + budgetBytes + " bytes");
        this.budgetBytes = budgetBytes;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    /** Copies the trainer's weights at its current step; call it only between steps. */
    public void take(Trainer trainer) {
        if (4L * trainer.model().parameterCount() > budgetBytes) {   // no copy that could not be kept
            synchronized (this) {
                tooLarge = true;
            }
            return;
        }
        add(trainer.step(), trainer.model().store().values().toHost());
    }

    @Override
    public void afterStep(Trainer trainer, LossPoint evaluation) {
        if (evaluation != null) take(trainer);
    }

    /**
     * Keeps {@code parameters} as the weights at {@code step}, thinning the older snapshots when the
     * budget would overflow. A step already kept as the latest is not taken twice (a run stopped on an
     * evaluation step evaluates it again). The array must not change afterwards.
     */
    public synchronized void add(int step, float[] parameters) {
        if (!kept.isEmpty()) {
            Snapshot latest = kept.get(kept.size() - 1).snapshot();
            if (step == latest.step()) return;
            if (step < latest.step()) {
                throw new IllegalArgumentException("snapshots come in step order: step " + step + " after step " + latest.step());
            }
            if (parameters.length != latest.parameters().length) {
                throw new IllegalArgumentException("a snapshot of " + parameters.length + " values in a run of "
                        + latest.parameters().length);
            }
        }
        long capacity = budgetBytes / (4L * Math.max(1, parameters.length));
        if (capacity == 0) {
            tooLarge = true;
            return;
        }
        long ordinal = taken++;
        kept.removeIf(k -> !onGrid(k.ordinal()));   // the previous latest, unless it is on the grid
        kept.add(new Kept(ordinal, new Snapshot(step, parameters)));
        while (kept.size() > capacity) {
            if (capacity == 1) {
                kept.subList(0, kept.size() - 1).clear();
                break;
            }
            level++;
            kept.removeIf(k -> k.ordinal() != ordinal && !onGrid(k.ordinal()));
        }
    }

    private boolean onGrid(long ordinal) {
        return level >= 63 ? ordinal == 0 : ordinal % (1L << level) == 0;
    }

    /** Adds another store's snapshots, oldest first (a resumed run continues its checkpoint's). */
    public void addAll(RunSnapshots earlier) {
        for (Snapshot snapshot : earlier.all()) add(snapshot.step(), snapshot.parameters());
    }

    /** The kept steps, oldest first. */
    public synchronized List<Integer> steps() {
        return kept.stream().map(k -> k.snapshot().step()).toList();
    }

    public synchronized List<Snapshot> all() {
        return kept.stream().map(Kept::snapshot).toList();
    }

    public synchronized Optional<Snapshot> at(int step) {
        return kept.stream().map(Kept::snapshot).filter(s -> s.step() == step).findFirst();
    }

    /** The kept step closest to {@code step} (the earlier one on a tie); empty when none is kept. */
    public synchronized Optional<Integer> nearest(double step) {
        Integer best = null;
        for (Kept k : kept) {
            int s = k.snapshot().step();
            if (best == null || Math.abs(s - step) < Math.abs(best - step)) best = s;
        }
        return Optional.ofNullable(best);
    }

    public synchronized int count() {
        return kept.size();
    }

    public synchronized boolean isEmpty() {
        return kept.isEmpty();
    }

    /** Bytes the kept snapshots take. */
    public synchronized long bytes() {
        return kept.stream().mapToLong(k -> k.snapshot().bytes()).sum();
    }

    /** True when one snapshot of this model alone is larger than the budget, so none is kept. */
    public synchronized boolean tooLarge() {
        return tooLarge;
    }
}
