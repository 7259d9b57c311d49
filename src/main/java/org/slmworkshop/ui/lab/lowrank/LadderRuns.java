package org.slmworkshop.ui.lab.lowrank;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.train.Memory;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingSummary;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.util.Rng;

/**
 * Trains rungs one after another through the window's single training session: a rank, the
 * whole ladder of ranks, or the full bigram. The next run starts when the previous one finishes;
 * stopping (or a failure) ends the ladder. FX thread only.
 */
final class LadderRuns {
    /** One model to train. {@code rank} is 0 for the bigram. */
    record Plan(String kind, int rank, int index, int of) {
        String title() {
            return kind.equals("bigram") ? "full bigram" : "low rank d = " + rank;
        }

        String name() {
            String name = kind.equals("bigram") ? "bigram" : "rank " + rank;
            return of > 1 ? name + " (" + index + " of " + of + ")" : name;
        }
    }

    /** What the lab hears from the runs. */
    interface Listener {
        void progress(String text, double fraction);

        /** A run of this ladder finished; the summary's validation loss is the rung's value. */
        void finished(TrainingSession.Setup setup, TrainingSummary summary);

        /** The ladder is over: {@code completed}, or stopped or failed. */
        void idle(String text, boolean completed);

        /** A run started elsewhere (the training lab) finished; it may belong on the ladder. */
        void otherRunFinished(TrainingSession.Setup setup, TrainingSummary summary);
    }

    private final TrainingSession session;
    private final Listener listener;
    private final Deque<Plan> queue = new ArrayDeque<>();
    private final java.util.function.Consumer<List<TrainingEvent>> events = this::onEvents;
    private Plan current;
    private boolean cancelled;
    private boolean otherRunCancelled;
    private int totalSteps;
    private PreparedCorpus prepared;
    private RunSettings settings;

    LadderRuns(TrainingSession session, Listener listener) {
        this.session = session;
        this.listener = listener;
        session.addListener(events);
    }

    boolean isRunning() {
        return current != null;
    }

    /** Queues the plans and starts the first; false (and nothing queued) when another run holds the session. */
    boolean start(List<Plan> plans, PreparedCorpus corpus, RunSettings runSettings) {
        if (current != null || session.state().isActive() || plans.isEmpty()) return false;
        this.prepared = corpus;
        this.settings = runSettings;
        queue.clear();
        queue.addAll(plans);
        next();
        return true;
    }

    void stop() {
        queue.clear();
        if (current != null) session.stop();
    }

    void dispose() {
        session.removeListener(events);
        stop();
    }

    private void next() {
        current = queue.poll();
        if (current == null) return;
        cancelled = false;
        Plan plan = current;
        PreparedCorpus corpus = prepared;
        RunSettings runSettings = settings;
        listener.progress(plan.name() + ": preparing…", -1);
        try {
            startSession(plan, corpus, runSettings);
        } catch (IllegalStateException busy) {
            current = null;
            queue.clear();
            listener.idle("Another run started first; the ladder is stopped.", false);
        }
    }

    private void startSession(Plan plan, PreparedCorpus corpus, RunSettings runSettings) {
        session.start(plan.title(), () -> {
            int vocab = corpus.tokenizer().vocabSize();
            ModelConfig config = plan.kind().equals("bigram") ? runSettings.bigram(vocab) : runSettings.lowRank(vocab, plan.rank());
            corpus.requireWindow(config.contextLength());
            Memory.require(config, runSettings.batch());
            LanguageModel model = Models.create(config, new Rng(runSettings.seed()));
            Trainer trainer = new Trainer(model, corpus.data(), runSettings.training(plan.kind()));
            return new TrainingSession.Setup(trainer, corpus, plan.title());
        });
    }

    private void onEvents(List<TrainingEvent> batch) {
        if (current == null) {
            followOtherRun(batch);
            return;
        }
        for (TrainingEvent event : batch) {
            if (current == null) return;
            if (event instanceof TrainingEvent.Started started) {
                totalSteps = started.totalSteps();
                listener.progress(String.format(Locale.ROOT, "%s: step 0 of %,d", current.name(), totalSteps), 0);
            } else if (event instanceof TrainingEvent.Step step) {
                listener.progress(String.format(Locale.ROOT, "%s: step %,d of %,d · loss %.3f", current.name(),
                        step.step(), totalSteps, step.trainLoss()), step.step() / (double) Math.max(1, totalSteps));
            } else if (event instanceof TrainingEvent.Cancelled) {
                cancelled = true;
                queue.clear();
            } else if (event instanceof TrainingEvent.Finished finished) {
                Plan done = current;
                current = null;
                if (cancelled) {
                    listener.idle(done.name() + ": stopped at step " + finished.step() + "; the ladder is stopped.", false);
                    return;
                }
                if (session.setup() != null) listener.finished(session.setup(), finished.summary());
                if (queue.isEmpty()) {
                    listener.idle(String.format(Locale.ROOT, "%s: finished, validation loss %.3f", done.name(),
                            finished.summary().validationLoss()), true);
                } else {
                    next();
                }
                return;
            } else if (event instanceof TrainingEvent.Failed failed) {
                Plan done = current;
                current = null;
                queue.clear();
                listener.idle(done.name() + " failed: " + failed.message(), false);
                return;
            }
        }
    }

    private void followOtherRun(List<TrainingEvent> batch) {
        for (TrainingEvent event : batch) {
            if (event instanceof TrainingEvent.Started) otherRunCancelled = false;
            else if (event instanceof TrainingEvent.Cancelled) otherRunCancelled = true;
            else if (event instanceof TrainingEvent.Finished finished && !otherRunCancelled && session.setup() != null) {
                listener.otherRunFinished(session.setup(), finished.summary());
            }
        }
    }
}
