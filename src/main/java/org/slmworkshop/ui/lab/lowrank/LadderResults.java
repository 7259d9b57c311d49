package org.slmworkshop.ui.lab.lowrank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.train.Perplexity;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingSummary;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;

/**
 * Where every rung's number comes from: ln V at once, the counted unigram and bigram and the GPT
 * checkpoint in the background, and the learned models from runs in this window that trained on
 * the same corpus and tokenizer. FX thread; calls {@code onChange} after each new number.
 */
final class LadderResults {
    private final Workspace workspace;
    private final Runnable onChange;
    private final LossLadder ladder = new LossLadder();
    private PreparedCorpus prepared;
    private CompletableFuture<Void> references = CompletableFuture.completedFuture(null);

    LadderResults(Workspace workspace, Runnable onChange) {
        this.workspace = workspace;
        this.onChange = onChange;
    }

    List<Rung> rungs() {
        return ladder.rungs();
    }

    PreparedCorpus prepared() {
        return prepared;
    }

    /** Completes when the counted rungs and the GPT's score have arrived (or failed). */
    CompletableFuture<Void> references() {
        return references;
    }

    /** A new ladder for {@code corpus}: every rung in place, the ones without a number marked as such. */
    void start(PreparedCorpus corpus, List<Integer> ranks, Path checkpoint) {
        prepared = corpus;
        int vocab = corpus.tokenizer().vocabSize();
        long bigramParameters = (long) vocab * vocab;
        ladder.clear();
        ladder.put(new Rung("uniform", "uniform", "uniform (1/V)", Rung.Family.REFERENCE, 0, Math.log(vocab),
                "ln V, exactly", 0));
        ladder.put(new Rung("unigram", "unigram", "unigram (counted)", Rung.Family.COUNTED, vocab, Double.NaN,
                "counting…", 1));
        for (int d : ranks) ladder.put(Rung.lowRankPending(d, vocab));
        ladder.put(new Rung("bigram", "learned\nbigram", "bigram (learned)", Rung.Family.BIGRAM, bigramParameters,
                Double.NaN, "not trained yet: Train the full bigram", 20));
        ladder.put(new Rung("counting", "counted\nbigram", "bigram (counted)", Rung.Family.COUNTED, bigramParameters,
                Double.NaN, "counting…", 21));
        ladder.put(new Rung("gpt", "GPT", "GPT (checkpoint)", Rung.Family.GPT, 0, Double.NaN, "evaluating…", 30));
        onChange.run();
        catchUpOnEarlierRuns();
        computeReferences(corpus, checkpoint);
    }

    /** A finished (not stopped) run of this window; it joins the ladder if it read this corpus and tokenizer. */
    void recordRun(TrainingSession.Setup setup, TrainingSummary summary) {
        if (!matches(setup.prepared())) return;
        long tokens = (long) setup.trainer().config().evalBatches() * setup.trainer().config().batchSize()
                * setup.trainer().model().config().contextLength();
        record(setup.trainer().model().config(), summary.steps(), summary.validationLoss(),
                String.format(Locale.ROOT, "%,d val. tokens", tokens)); // the trainer's fixed validation batches
    }

    /**
     * A model put in the window some other way (a checkpoint opened for training) with no rung yet is
     * scored on the whole validation split. The session's own runs arrive through their Finished events,
     * and a stopped run is no rung at all.
     */
    void consider(ModelSnapshot snapshot) {
        if (snapshot == null || snapshot.live() || !matches(snapshot.prepared())) return;
        TrainingSession.Setup setup = workspace.training().setup();
        if (setup != null && setup.trainer().model() == snapshot.model()) return;
        ModelConfig config = snapshot.model().config();
        String key = config instanceof LowRankConfig lowRank ? Rung.lowRankKey(lowRank.rank())
                : config instanceof BigramConfig ? "bigram" : null;
        if (key == null || hasLoss(key)) return;
        PreparedCorpus corpus = prepared;
        int[] validation = corpus.data().validationTokens();
        workspace.submit("Could not score the trained " + config.kind(), () -> Perplexity.slidingWindow(snapshot.model(),
                validation, config.contextLength(), config.contextLength(), 16).crossEntropy(), loss -> {
                    if (corpus == prepared && !hasLoss(key)) {
                        record(config, snapshot.step(), loss, String.format(Locale.ROOT, "all %,d val. tokens",
                                validation.length));
                    }
                });
    }

    private boolean hasLoss(String key) {
        return ladder.get(key).map(Rung::hasLoss).orElse(false);
    }

    private void record(ModelConfig config, int trainedSteps, double loss, String how) {
        if (config instanceof LowRankConfig lowRank) {
            Rung rung = ladder.get(Rung.lowRankKey(lowRank.rank()))
                    .orElse(Rung.lowRankPending(lowRank.rank(), config.vocabSize()));
            ladder.put(rung.withResult(config.parameterCount(), loss, String.format(Locale.ROOT,
                    "%,d steps, dropout %s; %s", trainedSteps, lowRank.dropout(), how)));
        } else if (config instanceof BigramConfig) {
            ladder.get("bigram").ifPresent(rung -> ladder.put(rung.withResult(config.parameterCount(), loss,
                    String.format(Locale.ROOT, "%,d steps; %s", trainedSteps, how))));
        } else {
            return;
        }
        onChange.run();
    }

    private boolean matches(PreparedCorpus other) {
        if (prepared == null || other == null) return false;
        return other == prepared || (other.corpus().sha256().equals(prepared.corpus().sha256())
                && other.tokenizer().state().equals(prepared.tokenizer().state())
                && other.split().equals(prepared.split()));
    }

    /** The window's last run may have finished before this lab opened. */
    private void catchUpOnEarlierRuns() {
        TrainingSession session = workspace.training();
        TrainingSession.Setup setup = session.setup();
        if (setup != null && session.state() == TrainingSession.State.FINISHED) {
            session.history().stream().filter(e -> e instanceof TrainingEvent.Finished)
                    .map(e -> ((TrainingEvent.Finished) e).summary()).reduce((a, b) -> b)
                    .ifPresent(summary -> recordRun(setup, summary));
        }
        consider(workspace.trainedModelProperty().get());
    }

    private void computeReferences(PreparedCorpus corpus, Path checkpoint) {
        CompletableFuture<Baselines> baselines = CompletableFuture.supplyAsync(() -> Baselines.of(corpus),
                workspace.threads().shared("lowrank-lab"));
        CompletableFuture<GptReference.Result> gpt = baselines.thenApplyAsync(counted -> {
            try {
                return GptReference.evaluate(checkpoint, corpus);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, workspace.threads().shared("lowrank-lab"));
        CompletableFuture<Void> counted = workspace.deliver("Could not count the unigram and bigram", baselines, b -> {
            if (corpus != prepared) return;
            ladder.get("unigram").ifPresent(r -> ladder.put(r.withResult(r.parameters(), b.unigram(),
                    "add-1 counts; all val. tokens")));
            ladder.get("counting").ifPresent(r -> ladder.put(Double.isFinite(b.countingBigram())
                    ? r.withResult(r.parameters(), b.countingBigram(), "add-1 counts; all val. tokens")
                    : r.withResult(r.parameters(), Double.NaN, "V × V counts too large to hold here")));
            onChange.run();
        }).thenAccept(b -> {});
        CompletableFuture<Void> scored = workspace.deliver("Could not evaluate the GPT checkpoint", gpt, result -> {
            if (corpus != prepared) return;
            ladder.get("gpt").ifPresent(r -> ladder.put(r.withResult(result.parameters(), result.loss(), result.note())));
            onChange.run();
        }).thenAccept(r -> {});
        references = CompletableFuture.allOf(counted, scored).handle((ok, error) -> null);
    }
}
