package org.slmworkshop.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.util.Duration;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.train.LossPoint;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.RunSnapshots;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingException;

/**
 * The one training run of the window. The trainer runs on its own thread; its events queue up and
 * the FX thread takes them in batches about 20 times a second, so charts redraw at a fixed rate
 * however fast the steps come. Between steps the session copies the model for the other labs.
 */
public final class TrainingSession {
    public enum State {
        IDLE, PREPARING, RUNNING, PAUSED, FINISHED, CANCELLED, FAILED;

        public boolean isActive() {
            return this == PREPARING || this == RUNNING || this == PAUSED;
        }
    }

    /**
     * Which lab started the run, so the training labs of other lessons can say whose run they show.
     *
     * @param owner       the lab that started it
     * @param description "lesson 3: The bigram model · Bigram on dickens (char)"
     * @param goThere     opens that lab, or null when it cannot be opened
     */
    public record Origin(Object owner, String description, Runnable goThere) {}

    /**
     * What a lab hands over to start a run: a ready trainer and the corpus it reads.
     *
     * @param resumedHistory the evaluations a resumed run inherited from its checkpoint, so every training lab of the
     *                       window draws the whole curve; empty for a run from scratch
     */
    public record Setup(Trainer trainer, PreparedCorpus prepared, String title, List<LossPoint> resumedHistory) {
        public Setup {
            resumedHistory = List.copyOf(resumedHistory);
        }

        /** A run from scratch. */
        public Setup(Trainer trainer, PreparedCorpus prepared, String title) {
            this(trainer, prepared, title, List.of());
        }
    }

    static final Duration PUMP_INTERVAL = Duration.millis(50);
    private static final long SNAPSHOT_INTERVAL_NANOS = 500_000_000L;
    private static final long MAX_LIVE_COPY_PARAMETERS = 25_000_000L;

    private final Notifier notifier;
    private final Consumer<ModelSnapshot> modelPublisher;
    private final ExecutorService trainingThread;
    /** Work on a paused or finished model (saving), ordered before any resume. */
    private final ExecutorService sideline;
    private final ConcurrentLinkedQueue<TrainingEvent> pending = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> betweenSteps = new ConcurrentLinkedQueue<>();
    private final List<Consumer<List<TrainingEvent>>> listeners = new ArrayList<>();
    private final List<TrainingEvent> history = new ArrayList<>();
    private final Timeline pump = new Timeline(new KeyFrame(PUMP_INTERVAL, e -> drain()));

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "No run yet");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final javafx.beans.property.ObjectProperty<Origin> origin = new javafx.beans.property.SimpleObjectProperty<>(this, "origin");

    private volatile RunControl control = new RunControl();
    private volatile Setup setup;
    /** The run's weights at its evaluations, for the run scrubber; a new store for each run. */
    private volatile RunSnapshots snapshots = new RunSnapshots(RunSnapshots.DEFAULT_BUDGET_BYTES);
    private volatile boolean betweenStepsOnTrainingThread;
    private long lastSnapshotNanos;
    private int totalSteps;
    private int firstStep;

    public TrainingSession(Notifier notifier, Consumer<ModelSnapshot> modelPublisher, LabThreads threads) {
        trainingThread = threads.own("training");
        sideline = threads.own("training-side");
        this.notifier = notifier;
        this.modelPublisher = modelPublisher;
        pump.setCycleCount(Animation.INDEFINITE);
    }

    /**
     * Prepares (on the training thread) and runs a new training. Only one run at a time.
     *
     * @param preparation builds the trainer; its exceptions reach the learner as a notification
     */
    public void start(String runTitle, Callable<Setup> preparation) {
        if (state.get().isActive()) throw new IllegalStateException("a run is already in progress");
        origin.set(null);   // the lab that starts it says so right after
        synchronized (history) {
            history.clear();
        }
        pending.clear();
        control = new RunControl();
        setup = null;
        snapshots = new RunSnapshots(snapshots.budgetBytes());   // a preparation may seed it (a resumed run)
        title.set(runTitle);
        status.set("Preparing " + runTitle + "…");
        progress.set(-1);
        state.set(State.PREPARING);
        pump.play();
        RunControl runControl = control;
        trainingThread.execute(() -> run(runTitle, preparation, runControl));
    }

    private void run(String runTitle, Callable<Setup> preparation, RunControl runControl) {
        try {
            Setup ready = preparation.call();
            setup = ready;
            lastSnapshotNanos = System.nanoTime();
            betweenStepsOnTrainingThread = true;
            RunSnapshots runSnapshots = snapshots;
            runSnapshots.take(ready.trainer());   // the starting point; then one at each evaluation
            ready.trainer().run(event -> onTrainingThread(event, ready), runControl, runSnapshots);
        } catch (TrainingException e) {
            // the Failed event already carries the message; anything else failed before the first step
            if (setup == null) pending.add(new TrainingEvent.Failed(0, describe(e)));
        } catch (Throwable e) {
            pending.add(new TrainingEvent.Failed(setup == null ? 0 : setup.trainer().step(), describe(e)));
        } finally {
            betweenStepsOnTrainingThread = false;
            runQueuedActions();
            Setup ready = setup;
            if (ready != null) publish(ready, ready.trainer().model(), false);
        }
    }

    private static String describe(Throwable e) {
        return org.slmworkshop.util.Messages.describe(e);
    }

    private void onTrainingThread(TrainingEvent event, Setup ready) {
        pending.add(event);
        if (event instanceof TrainingEvent.Step || event instanceof TrainingEvent.Paused) {
            runQueuedActions();
            long now = System.nanoTime();
            boolean due = now - lastSnapshotNanos > SNAPSHOT_INTERVAL_NANOS || event instanceof TrainingEvent.Paused;
            if (due && ready.trainer().model().parameterCount() <= MAX_LIVE_COPY_PARAMETERS) {
                lastSnapshotNanos = now;
                publish(ready, ModelSnapshot.copyOf(ready.trainer().model()), true);
            }
        }
    }

    private void publish(Setup ready, LanguageModel model, boolean live) {
        ModelSnapshot snapshot = new ModelSnapshot(model, ready.prepared().tokenizer(), ready.prepared(),
                ready.title() + (live ? " (training)" : ""), ready.trainer().step(), live);
        Notifier.runOnFx(() -> modelPublisher.accept(snapshot));
    }

    private void runQueuedActions() {
        for (Runnable action; (action = betweenSteps.poll()) != null; ) action.run();
    }

    /**
     * Runs {@code action} when the trainer is between steps: at the next step on the training
     * thread, or at once on a side thread when the run is paused or over.
     */
    public CompletableFuture<Void> betweenSteps(Consumer<Setup> action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                Setup ready = setup;
                if (ready == null) throw new IllegalStateException("there is no trained model yet");
                action.accept(ready);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        };
        if (betweenStepsOnTrainingThread && !control.isPaused()) betweenSteps.add(task);
        else sideline.execute(task);
        return done;
    }

    /** The current run's snapshots (any thread); filled on the training thread between steps. */
    public RunSnapshots snapshots() {
        return snapshots;
    }

    public void pause() {
        control.pause();
    }

    public void resume() {
        RunControl runControl = control;
        if (sideline.isShutdown()) runControl.resume();
        else sideline.execute(runControl::resume);
    }

    public void stop() {
        control.cancel();
    }

    /** Every event of the current run so far, oldest first (any thread). */
    public List<TrainingEvent> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Called on the FX thread with each batch of new events. */
    public void addListener(Consumer<List<TrainingEvent>> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<List<TrainingEvent>> listener) {
        listeners.remove(listener);
    }

    public Setup setup() {
        return setup;
    }

    private void drain() {
        List<TrainingEvent> batch = new ArrayList<>();
        for (TrainingEvent event; (event = pending.poll()) != null; ) batch.add(event);
        if (batch.isEmpty()) return;
        // history first: whoever sees the state an event sets (a test thread polling state()) finds the event too
        synchronized (history) {
            history.addAll(batch);
        }
        for (TrainingEvent event : batch) follow(event);
        for (Consumer<List<TrainingEvent>> listener : List.copyOf(listeners)) listener.accept(batch);
        if (!state.get().isActive() && isLastEvent(batch.get(batch.size() - 1))) pump.stop();
    }

    /** A stopped run still evaluates after Cancelled: keep taking events until Finished or Failed. */
    private static boolean isLastEvent(TrainingEvent event) {
        return event instanceof TrainingEvent.Finished || event instanceof TrainingEvent.Failed;
    }

    private void follow(TrainingEvent event) {
        if (event instanceof TrainingEvent.Started started) {
            totalSteps = started.totalSteps();
            firstStep = started.step();
            state.set(State.RUNNING);
            status.set(String.format("%s · %,d parameters · step %d of %d", title.get(), started.parameters(),
                    started.step(), started.totalSteps()));
            progress.set(totalSteps == 0 ? 0 : started.step() / (double) totalSteps);
        } else if (event instanceof TrainingEvent.Step step) {
            progress.set(step.step() / (double) totalSteps);
            double secondsPerStep = step.elapsedSeconds() / Math.max(1, step.step() - firstStep);
            status.set(String.format("%s · step %d of %d · loss %.3f · %s left", title.get(), step.step(),
                    totalSteps, step.trainLoss(), Durations.human(secondsPerStep * (totalSteps - step.step()))));
        } else if (event instanceof TrainingEvent.Paused paused) {
            state.set(State.PAUSED);
            status.set(title.get() + " · paused at step " + paused.step());
        } else if (event instanceof TrainingEvent.Resumed) {
            state.set(State.RUNNING);
        } else if (event instanceof TrainingEvent.Cancelled cancelled) {
            state.set(State.CANCELLED);
            status.set(title.get() + " · stopped at step " + cancelled.step() + ", evaluating…");
        } else if (event instanceof TrainingEvent.Finished finished) {
            if (state.get() != State.CANCELLED) state.set(State.FINISHED);
            progress.set(1);
            status.set(String.format("%s · %s at step %d · validation loss %.3f", title.get(),
                    state.get() == State.CANCELLED ? "stopped" : "finished", finished.step(),
                    finished.summary().validationLoss()));
        } else if (event instanceof TrainingEvent.Failed failed) {
            state.set(State.FAILED);
            progress.set(0);
            status.set(title.get() + " · failed");
            notifier.error("Training stopped", failed.message());
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    /** Who started the current run (set by the lab after {@link #start}); null when unknown. */
    public javafx.beans.property.ObjectProperty<Origin> originProperty() {
        return origin;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** 0..1, or -1 while preparing. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public void shutdown() {
        control.cancel();
        pump.stop();
        trainingThread.shutdownNow();
        sideline.shutdownNow();
    }
}
