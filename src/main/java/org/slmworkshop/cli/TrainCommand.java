package org.slmworkshop.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slmworkshop.kernels.Backends;
import org.slmworkshop.kernels.KernelProfile;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.CheckpointSaver;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.Memory;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.ResumeExperiment;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.RunSnapshots;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.StepHook;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingException;
import org.slmworkshop.train.TrainingSummary;
import org.slmworkshop.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", sortOptions = false,
        description = "Train a bigram, low-rank or GPT model and save a checkpoint.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "gpt", description = "bigram, lowrank or gpt (default ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    BackendOption backend;

    @Option(names = "--steps", required = true, description = "Total steps of the run (a resumed run continues up to this count).")
    int steps;

    @Option(names = "--seed", defaultValue = "1337", description = "Fixes initialisation, batches and dropout.")
    long seed;

    @Option(names = "--out", description = "Where to save the checkpoint (written atomically).")
    Path out;

    @Option(names = "--resume", description = "Continue from this checkpoint (its model, tokenizer, optimizer and RNG state).")
    Path resume;

    @Option(names = "--reset-optimizer",
            description = "With --resume: keep the weights, schedule and random state but start AdamW afresh (zero moments,"
                    + " step count 0), to see what a weights-only resume does.")
    boolean resetOptimizer;

    @Option(names = "--save-every", paramLabel = "N",
            description = "Also save --out every N steps, so a killed run loses at most N steps (needs --out).")
    Integer saveEvery;

    @Option(names = "--save-best", negatable = true,
            description = "At each new lowest validation loss, save a second checkpoint beside --out: "
                    + "for --out run.ckpt it is run.best.ckpt (default: on with --out).")
    Boolean saveBest;

    @Option(names = "--snapshots", arity = "0..1", paramLabel = "MB", fallbackValue = "256",
            description = "Keep the weights at each evaluation in --out, within MB megabytes (default 256; thinned"
                    + " out evenly when full), so 'sample --at-step N' can scrub back through the run.")
    Integer snapshotsMb;

    @Option(names = "--json", description = "One JSON object per event per line, then a summary line.")
    boolean json;

    @Option(names = {"--context", "--block-size"}, defaultValue = "64", description = "Window length / block size.")
    int context;

    @Option(names = "--batch", defaultValue = "12")
    int batch;

    @Option(names = "--layers", defaultValue = "4")
    int layers;

    @Option(names = "--heads", defaultValue = "4")
    int heads;

    @Option(names = {"--dim", "--width"}, defaultValue = "128", description = "d_model of the GPT.")
    int width;

    @Option(names = "--rank", defaultValue = "64", description = "d of the low-rank model.")
    int rank;

    @Option(names = "--row-updates", paramLabel = "auto|dense|sparse", defaultValue = "auto",
            converter = RowUpdatesConverter.class,
            description = "Bigram only: dense steps all V×V entries every step; sparse steps only the rows of the batch's"
                    + " tokens (PyTorch's SparseAdam; much faster and smaller for a large V); auto is sparse above"
                    + " V = " + BigramConfig.SPARSE_ABOVE + " (default).")
    BigramConfig.RowUpdates rowUpdates;

    @Option(names = "--dropout", description = "Default 0.0 for gpt, 0.1 for lowrank.")
    Double dropout;

    @Option(names = "--bias", description = "Biases in Linear and LayerNorm layers (nanoGPT's default: off).")
    boolean bias;

    @Option(names = "--untied", description = "A separate output head instead of reusing the token embeddings.")
    boolean untied;

    @Option(names = "--lr", description = "Peak learning rate (default 1e-3 gpt, 1e-2 lowrank, 3e-2 bigram).")
    Double learningRate;

    @Option(names = "--min-lr", description = "Learning rate at the end of cosine decay (default lr/10).")
    Double minLearningRate;

    @Option(names = "--schedule", defaultValue = "cosine", description = "constant, cosine or inverse-sqrt.")
    String schedule;

    @Option(names = "--warmup", description = "Warm-up steps (default min(100, steps/10)).")
    Integer warmup;

    @Option(names = "--decay-steps", description = "Step where cosine decay reaches min-lr (default: steps).")
    Integer decaySteps;

    @Option(names = "--beta1", defaultValue = "0.9")
    double beta1;

    @Option(names = "--beta2", defaultValue = "0.99")
    double beta2;

    @Option(names = "--weight-decay", description = "AdamW decay (default 0.1 gpt, 0 otherwise).")
    Double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", description = "Gradient-norm clip (0 disables).")
    double clip;

    @Option(names = "--label-smoothing", defaultValue = "0")
    double labelSmoothing;

    @Option(names = "--batching", defaultValue = "windows", description = "windows (random windows) or documents (padded, masked).")
    String batching;

    @Option(names = "--eval-every", description = "Evaluate every N steps (default steps/10).")
    Integer evalEvery;

    @Option(names = "--eval-batches", defaultValue = "20")
    int evalBatches;

    @Option(names = "--stride", defaultValue = "0", description = "Sliding-window perplexity stride (0: half the context).")
    int stride;

    @Override
    public Integer call() {
        checkSaveOptions();
        backend.chooseAndUse();   // before the first model: a model keeps the backend it was created on
        KernelProfile profile = null;
        if (KernelProfile.requested()) {
            Backends.use(KernelProfile.wrap(Backends.standard()));
            profile = KernelProfile.of(Backends.standard());
        }
        EventPrinter printer = new EventPrinter(System.out, json);
        Trainer trainer;
        PreparedCorpus prepared;
        if (resume != null) {
            Checkpoints.Loaded checkpoint = Checkpoints.load(resume);
            Corpus corpus = dataOptions.corpus == null ? checkpoint.loadCorpus() : dataOptions.loadCorpus();
            if (!corpus.sha256().equals(checkpoint.corpusSha256())) {
                throw new TrainingException("Checkpoint " + resume + " was trained on corpus '" + checkpoint.corpusId()
                        + "' (sha256 " + checkpoint.corpusSha256().substring(0, 12) + "…), but " + corpus.id()
                        + " has sha256 " + corpus.sha256().substring(0, 12) + "…; resume on the same text.");
            }
            prepared = PreparedCorpus.prepare(corpus, checkpoint.split(), Tokenizers.restore(checkpoint.tokenizerState()));
            boolean reset = resetOptimizer || checkpoint.weightsOnly();   // a weights-only file has no moments to restore
            trainer = reset ? ResumeExperiment.weightsOnly(checkpoint, prepared.data(), steps)
                    : Trainer.resume(checkpoint, prepared.data(), steps);
            if (!json) System.out.printf("Resuming %s from step %d of %s%s%n", checkpoint.model().config().kind(),
                    checkpoint.state().step(), resume, checkpoint.weightsOnly()
                            ? " with AdamW's moments at zero: it holds weights only (" + checkpoint.precision().id()
                                    + "), no optimizer state, so this is --reset-optimizer"
                            : resetOptimizer ? " with AdamW's moments reset (weights only)" : "");
        } else {
            Corpus corpus = dataOptions.loadCorpus();
            prepared = PreparedCorpus.prepare(corpus, dataOptions.split(seed), dataOptions.tokenizerSpec(corpus));
            ModelConfig config = modelConfig(prepared.tokenizer().vocabSize());
            prepared.requireWindow(config.contextLength());
            Memory.require(config, batch);
            LanguageModel languageModel = Models.create(config, new Rng(seed));
            trainer = new Trainer(languageModel, prepared.data(), trainingConfig());
            if (!json) {
                System.out.printf("Corpus %s: %,d characters; %s tokenizer, V = %,d; %,d train and %,d validation tokens"
                                + " (%,d unknown in validation)%n", corpus.id(), corpus.charCount(),
                        prepared.tokenizer().kind(), prepared.tokenizer().vocabSize(),
                        prepared.data().trainTokens().length, prepared.data().validationTokens().length,
                        prepared.validationUnknowns());
                if (config instanceof BigramConfig bigram && bigram.sparseRows()) {
                    System.out.printf("Sparse row updates: each step moves only the rows of the batch's tokens in the"
                            + " %,d × %,d table (--row-updates dense steps all of it)%n", bigram.vocabSize(), bigram.vocabSize());
                }
            }
        }
        CheckpointSaver saver = out == null ? null
                : new CheckpointSaver(out, saveEvery == null ? 0 : saveEvery, saveBest == null || saveBest, prepared, printer);
        if (saver != null && resume != null) saver.continueFrom(trainer.state());
        RunSnapshots snapshots = snapshotsMb == null ? null : new RunSnapshots((long) snapshotsMb << 20);
        if (snapshots != null) {
            if (resume != null) snapshots.addAll(Checkpoints.readSnapshots(resume));   // the run so far
            snapshots.take(trainer);
            saver.keepingSnapshots(snapshots);
        }
        StepHook hook = saver == null ? StepHook.NONE : snapshots == null ? saver : (t, evaluation) -> {
            snapshots.afterStep(t, evaluation);   // first, so a save at this step keeps this step's weights
            saver.afterStep(t, evaluation);
        };
        RunControl control = new RunControl();
        CountDownLatch finished = new CountDownLatch(1);
        Thread interrupt = new Thread(() -> {
            control.cancel();
            try {
                finished.await(5, TimeUnit.MINUTES);   // let the run finish its step, evaluate and save
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupt);
        try {
            Consumer<TrainingEvent> listener = printer;
            int[] profiled = new int[1];
            if (profile != null) listener = profiled(printer, profile, profiled);
            TrainingSummary summary = trainer.run(listener, control, hook);
            if (profile != null) {
                System.err.printf("kernel time over the last %d training steps (the first tenth is warm-up and not counted;"
                        + " evaluations during the run are included):%n", profiled[0]);
                profile.print(System.err, profiled[0]);
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("vocab", prepared.tokenizer().vocabSize());
            extra.put("cancelled", summary.stopped());
            if (out != null) {
                Checkpoints.save(out, trainer, prepared, snapshots);
                extra.put("checkpoint", out.toString());
                if (snapshots != null) {
                    extra.put("snapshot_steps", snapshots.steps());
                    if (!json) System.out.println(describe(snapshots));
                }
                if (!json) {
                    System.out.printf("Saved checkpoint %s (%s)%s%n", out, Memory.human(size(out)), summary.stopped()
                            ? String.format(" at step %d, where the run was stopped; continue with --resume %s --steps %d",
                                    summary.steps(), out, steps) : "");
                }
                saver.best().ifPresent(best -> {
                    extra.put("best_checkpoint", best.path().toString());
                    extra.put("best_step", best.step());
                    extra.put("best_val_loss", best.validationLoss());
                    if (!json) System.out.printf("Best validation loss %.4f at step %d: %s%n", best.validationLoss(),
                            best.step(), best.path());
                });
            }
            printer.summary(summary, extra);
            return control.isCancelled() ? 130 : 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running: we are exiting after a Ctrl-C
            }
        }
    }

    /**
     * The printer, plus: the profile restarts after the first tenth of the run's steps (JIT warm-up), and
     * {@code counted[0]} becomes the number of steps measured since.
     */
    private Consumer<TrainingEvent> profiled(EventPrinter printer, KernelProfile profile, int[] counted) {
        int warmup = Math.max(1, steps / 10);
        return event -> {
            if (event instanceof TrainingEvent.Step step) {
                if (step.step() == warmup) {
                    profile.reset();
                    counted[0] = 0;
                } else {
                    counted[0]++;
                }
                if (step.step() == steps) profile.stop();   // the final evaluation does not count
            }
            printer.accept(event);
        };
    }

    private void checkSaveOptions() {
        if (resetOptimizer && resume == null) {
            throw new IllegalArgumentException("--reset-optimizer needs --resume: it starts AdamW afresh on a checkpoint's weights.");
        }
        if (saveEvery != null && saveEvery < 1) {
            throw new IllegalArgumentException("--save-every must be at least 1 (steps between saves), got " + saveEvery);
        }
        if (saveEvery != null && out == null) {
            throw new IllegalArgumentException("--save-every needs --out: it saves that file every " + saveEvery + " steps.");
        }
        if (snapshotsMb != null && out == null) {
            throw new IllegalArgumentException("--snapshots needs --out: the snapshots are kept in that checkpoint.");
        }
        if (snapshotsMb != null && snapshotsMb < 1) {
            throw new IllegalArgumentException("--snapshots takes a budget of at least 1 MB, got " + snapshotsMb);
        }
        if (Boolean.TRUE.equals(saveBest) && out == null) {
            throw new IllegalArgumentException("--save-best needs --out: the best checkpoint goes beside it (run.ckpt -> run.best.ckpt).");
        }
    }

    private static String describe(RunSnapshots snapshots) {
        if (snapshots.isEmpty()) {
            return "Kept no snapshots: one copy of this model's weights is larger than --snapshots allows";
        }
        List<Integer> steps = snapshots.steps();
        return String.format("Kept %d snapshot%s (%s of %s) at step%s %s; sample one with --at-step N", steps.size(),
                steps.size() == 1 ? "" : "s", Memory.human(snapshots.bytes()), Memory.human(snapshots.budgetBytes()),
                steps.size() == 1 ? "" : "s", steps.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private ModelConfig modelConfig(int vocab) {
        return switch (model) {
            case "bigram" -> new BigramConfig(vocab, context, rowUpdates);
            case "lowrank" -> new LowRankConfig(vocab, rank, dropout == null ? ModelConfig.defaultDropout(model) : dropout, context);
            case "gpt" -> new GptConfig(vocab, context, width, heads, layers,
                    dropout == null ? ModelConfig.defaultDropout(model) : dropout, bias, !untied);
            default -> throw new IllegalArgumentException("--model must be bigram, lowrank or gpt, got " + model);
        };
    }

    private TrainingConfig trainingConfig() {
        double lr = learningRate != null ? learningRate : TrainingConfig.defaultLearningRate(model);
        double decay = weightDecay != null ? weightDecay : TrainingConfig.defaultWeightDecay(model);
        TrainingConfig.Batching mode = switch (batching.toLowerCase()) {
            case "windows" -> TrainingConfig.Batching.WINDOWS;
            case "documents" -> TrainingConfig.Batching.DOCUMENTS;
            default -> throw new IllegalArgumentException("--batching must be windows or documents, got " + batching);
        };
        return new TrainingConfig(steps, batch, lr, minLearningRate != null ? minLearningRate : lr / 10,
                warmup != null ? warmup : TrainingConfig.defaultWarmup(steps), decaySteps != null ? decaySteps : steps,
                Schedule.parse(schedule), beta1, beta2, decay, clip, labelSmoothing, mode,
                evalEvery != null ? evalEvery : TrainingConfig.defaultEvalEvery(steps), evalBatches, stride, seed);
    }

    /** Turns a wrong value into picocli's one-line "Invalid value for option '--row-updates': …". */
    static final class RowUpdatesConverter implements picocli.CommandLine.ITypeConverter<BigramConfig.RowUpdates> {
        @Override
        public BigramConfig.RowUpdates convert(String value) {
            try {
                return BigramConfig.RowUpdates.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected auto, dense or sparse, got '" + value + "'");
            }
        }
    }
}
