package org.slmworkshop.ui.lab.training;

import java.nio.file.Path;
import java.util.List;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.LossPoint;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.ResumeExperiment;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingException;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.TrainingSession;

/**
 * A checkpoint opened in the training lab: what it remembers (model, step, corpus, loss history)
 * and a model copy the other labs may read. Resuming reads the file again, so the opened model
 * stays as it was saved however often the learner resumes from it.
 *
 * @param plannedSteps the step total of the run that saved it
 * @param weightsOnly  a shipped, slimmed checkpoint: no AdamW state, so a resume starts the moments at zero
 * @param precision    how the file stores the weights (float16 for most shipped models)
 */
record OpenedCheckpoint(Path path, String kind, long parameters, int vocabSize, int step, int plannedSteps,
                        String corpusId, String corpusSha256, List<LossPoint> history, ModelSnapshot snapshot,
                        boolean weightsOnly, Checkpoints.Precision precision) {

    /** Reads a checkpoint (background thread); a damaged file gives the engine's message. */
    static OpenedCheckpoint open(Path path) {
        Checkpoints.Loaded loaded = Checkpoints.load(path);
        int step = loaded.state().step();
        ModelSnapshot snapshot = new ModelSnapshot(loaded.model(), Tokenizers.restore(loaded.tokenizerState()), null,
                path.getFileName().toString(), step, false);
        return new OpenedCheckpoint(path, loaded.model().config().kind(), loaded.model().parameterCount(),
                loaded.model().config().vocabSize(), step, loaded.trainingConfig().steps(), loaded.corpusId(),
                loaded.corpusSha256(), loaded.state().history(), snapshot, loaded.weightsOnly(), loaded.precision());
    }

    String name() {
        return path.getFileName().toString();
    }

    /**
     * A trainer that continues the saved run up to {@code totalSteps}, as {@code train --resume}
     * does: same corpus (checked by SHA-256), same split and tokenizer, optimizer and random state
     * restored, and the saved history for the chart. A weights-only checkpoint has no optimizer state, so it
     * continues as {@code train --resume --reset-optimizer} does: AdamW's moments start at zero. Runs on the
     * training thread.
     */
    TrainingSession.Setup resume(int totalSteps, String title) {
        Checkpoints.Loaded loaded = Checkpoints.load(path);
        Corpus corpus = loaded.loadCorpus();
        if (!corpus.sha256().equals(loaded.corpusSha256())) {
            throw new TrainingException("The checkpoint " + name() + " was trained on '" + loaded.corpusId()
                    + "' (SHA-256 " + loaded.corpusSha256().substring(0, 12) + "…), but that text now has SHA-256 "
                    + corpus.sha256().substring(0, 12) + "…: it changed since, so the run cannot continue on the same text.");
        }
        PreparedCorpus prepared = PreparedCorpus.prepare(corpus, loaded.split(), Tokenizers.restore(loaded.tokenizerState()));
        Trainer trainer = loaded.weightsOnly() ? ResumeExperiment.weightsOnly(loaded, prepared.data(), totalSteps)
                : Trainer.resume(loaded, prepared.data(), totalSteps);
        return new TrainingSession.Setup(trainer, prepared, title, loaded.state().history());
    }
}
