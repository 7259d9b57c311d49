package org.slmworkshop.ui.lesson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slmworkshop.lesson.RunFacts;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.TrainingSession;

/**
 * What the exercise cards of one window read of training: the facts of the learner's last run (and a
 * count of runs started, so a prediction can be tied to the runs after it), and the predictions
 * locked in, which outlive a lesson switch or an edit of the lesson. Used on the FX thread.
 */
public final class ExerciseRuns {
    /** A locked prediction; it is compared only with a run started after it ({@code runNumber} > {@code afterRun}). */
    public record Locked(String prediction, long afterRun) {}

    private final Map<String, Locked> predictions = new HashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private Supplier<RunFacts> source = () -> null;
    private long runNumber;

    /** No training in this window (a preview): measured cards say there is no run yet. */
    public ExerciseRuns() {
    }

    /** Follows the window's one training run. */
    public ExerciseRuns(TrainingSession session) {
        source = () -> factsOf(session);
        session.addListener(events -> {
            for (TrainingEvent event : events) if (event instanceof TrainingEvent.Started) runNumber++;
            if (events.stream().anyMatch(e -> e instanceof TrainingEvent.Started || e instanceof TrainingEvent.Evaluated
                    || e instanceof TrainingEvent.Finished || e instanceof TrainingEvent.Failed)) {
                changed();
            }
        });
    }

    private static RunFacts factsOf(TrainingSession session) {
        TrainingSession.Setup setup = session.setup();
        if (setup == null || session.state() == TrainingSession.State.IDLE) return null;
        List<TrainingEvent> events = session.history();
        RunFacts facts = RunFacts.of(setup.trainer().model().config(), setup.trainer().config(),
                setup.prepared().corpus().id(), setup.prepared().tokenizer().kind(), events);
        return facts;
    }

    /** The learner's last run, or null when the window has trained none. */
    public RunFacts current() {
        return source.get();
    }

    /** How many runs have started in this window. */
    public long runNumber() {
        return runNumber;
    }

    /** Shows {@code facts} as a new run (tests and previews feed runs this way). */
    public void feed(RunFacts facts) {
        runNumber++;
        source = () -> facts;
        changed();
    }

    /** The run shown by {@link #feed} has moved on (more evaluations, or its end). */
    public void update(RunFacts facts) {
        source = () -> facts;
        changed();
    }

    public Locked prediction(String key) {
        return predictions.get(key);
    }

    /** Locks in a prediction; it is compared with runs started from now on. */
    public Locked lock(String key, String prediction) {
        Locked locked = new Locked(prediction, runNumber);
        predictions.put(key, locked);
        return locked;
    }

    public void unlock(String key) {
        predictions.remove(key);
    }

    /** Whether the current run started after {@code locked} was locked in. */
    public boolean startedAfter(Locked locked) {
        return runNumber > locked.afterRun();
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        for (Runnable listener : List.copyOf(listeners)) listener.run();
    }
}
