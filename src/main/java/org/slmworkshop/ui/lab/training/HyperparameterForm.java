package org.slmworkshop.ui.lab.training;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.css.PseudoClass;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.SVGPath;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Memory;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.CorpusChoice;
import org.slmworkshop.ui.lab.CorpusPicker;
import org.slmworkshop.ui.lab.training.FormFields.NumberField;
import org.slmworkshop.util.Messages;

/**
 * The left column of the training lab: corpus, tokenizer, model and optimiser settings, with
 * the vocabulary size, parameter count and memory estimate kept up to date as values change.
 * {@link #planProperty()} holds a plan the engine accepts, or null while something is wrong.
 */
final class HyperparameterForm {
    private final Workspace workspace;
    private final CorpusPicker corpus;
    private final ChoiceBox<String> tokenizer = new ChoiceBox<>(FXCollections.observableArrayList(TokenizerSpec.KINDS));
    private final CheckBox fullVocabulary = new CheckBox("full GPT-2 vocabulary");
    private final ChoiceBox<String> model = new ChoiceBox<>(FXCollections.observableArrayList(
            RunPlan.BIGRAM, RunPlan.LOWRANK, RunPlan.GPT));
    private final Spinner<Integer> context = FormFields.integer("train-context", 1, 4096, 64, 8);
    private final Spinner<Integer> layers = FormFields.integer("train-layers", 1, 64, 4, 1);
    private final Spinner<Integer> heads = FormFields.integer("train-heads", 1, 64, 4, 1);
    private final Spinner<Integer> dim = FormFields.integer("train-dim", 1, 8192, 128, 16);
    private final Spinner<Integer> rank = FormFields.integer("train-rank", 1, 8192, 64, 4);
    private final NumberField dropout = new NumberField("train-dropout", false);
    private final CheckBox bias = new CheckBox();
    private final CheckBox tied = new CheckBox();
    private final Spinner<Integer> steps = FormFields.integer("train-steps", 1, 10_000_000, RunPlan.DEFAULT_STEPS, 100);
    private final Spinner<Integer> batch = FormFields.integer("train-batch", 1, 4096, 12, 1);
    private final NumberField lr = new NumberField("train-lr", false);
    private final NumberField minLr = new NumberField("train-min-lr", true);
    private final ChoiceBox<Schedule> schedule = new ChoiceBox<>(FXCollections.observableArrayList(Schedule.values()));
    private final NumberField warmup = new NumberField("train-warmup", true);
    private final NumberField weightDecay = new NumberField("train-weight-decay", false);
    private final NumberField labelSmoothing = new NumberField("train-label-smoothing", false);
    private final ChoiceBox<TrainingConfig.Batching> batching =
            new ChoiceBox<>(FXCollections.observableArrayList(TrainingConfig.Batching.values()));
    private final NumberField seed = new NumberField("train-seed", false);
    private final ModelSizeReadout readout = new ModelSizeReadout();
    private final ReadOnlyObjectWrapper<RunPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final javafx.beans.property.ReadOnlyIntegerWrapper vocab =
            new javafx.beans.property.ReadOnlyIntegerWrapper(this, "vocab");
    private final VBox view;
    private final List<HBox> gptRows;
    private final HBox rankRow;
    private final HBox dropoutRow;
    private final HBox fullVocabularyRow;
    private static final PseudoClass LOCKED = PseudoClass.getPseudoClass("locked");
    private static final String HELP = "slm-help-tooltip";
    private static final String LOCK_TIP = "slm-lock-tooltip";
    private final Set<String> locked = new LinkedHashSet<>();
    private String lockedBy;
    private TokenizerSpec lessonTokenizer = TokenizerSpec.defaults("char");
    private boolean filling;
    /** Nothing is tokenized before the lesson's settings arrive. */
    private boolean shown;
    /** The corpus the form describes: the picker's confirmed one, or one the learner just asked for. */
    private CorpusChoice requested;
    private String vocabKey;
    private int probes;
    private long available = -1;

    HyperparameterForm(Workspace workspace) {
        this.workspace = workspace;
        this.corpus = new CorpusPicker(CorpusPicker.Style.FORM_ROW, this::requestCorpus);
        corpus.setListId("train-corpus");
        tokenizer.setId("train-tokenizer");
        fullVocabulary.setId("train-full-vocab");
        fullVocabulary.setWrapText(true);
        model.setId("train-model");
        bias.setId("train-bias");
        tied.setId("train-tied");
        schedule.setId("train-schedule");
        batching.setId("train-batching");
        model.setConverter(named(k -> switch (k) {
            case RunPlan.BIGRAM -> "Bigram";
            case RunPlan.LOWRANK -> "Low rank";
            default -> "GPT";
        }));
        schedule.setConverter(named(s -> s.name().toLowerCase().replace('_', '-')));
        batching.setConverter(named(b -> b == TrainingConfig.Batching.WINDOWS ? "random windows" : "whole documents"));
        minLr.setPromptText("lr / 10");
        warmup.setPromptText("auto");

        HBox contextRow = FormFields.row("Context", "Window length T: how many tokens the model reads at once.", context);
        gptRows = List.of(
                FormFields.row("Layers", "Transformer blocks stacked on top of each other.", layers),
                FormFields.row("Heads", "Attention heads per block; they must divide the width.", heads),
                FormFields.row("Width", "d_model, the size of every token's vector.", dim),
                FormFields.row("Bias", "Biases in Linear and LayerNorm layers (nanoGPT leaves them out).", bias),
                FormFields.row("Tied head", "The output head reuses the token embedding matrix (GPT-2 does).", tied));
        rankRow = FormFields.row("Rank d", "Inner size of the V × d × V factorisation.", rank);
        fullVocabularyRow = FormFields.row("", "No compaction: all of GPT-2's 50,257 tokens, not only those the training text uses "
                + "(with the app's <unk>, V = 50,258). A bigram over it does not fit in memory: lesson 4a's memory guard.",
                fullVocabulary);
        dropoutRow = FormFields.row("Dropout", "Fraction of activations zeroed while training.", dropout);
        VBox sections = new VBox(4,
                header("Data"),
                FormFields.row("Corpus", null, corpus),
                FormFields.row("Tokenizer", "char: one token per character; word: whole words; bpe: GPT-2's byte pairs.", tokenizer),
                fullVocabularyRow,
                header("Model"),
                FormFields.row("Model", "Bigram: a V × V table. Low rank: V × d × V. GPT: a small transformer.", model),
                contextRow,
                gptRows.get(0), gptRows.get(1), gptRows.get(2), rankRow, dropoutRow, gptRows.get(3), gptRows.get(4),
                header("Training"),
                FormFields.row("Steps", "Total optimizer steps of the run.", steps),
                FormFields.row("Batch", "Windows per step.", batch),
                FormFields.row("Learning rate", "Peak learning rate of AdamW.", lr),
                FormFields.row("Min. rate", "Where the cosine ends; blank: lr / 10.", minLr),
                FormFields.row("Schedule", null, schedule),
                FormFields.row("Warm-up", "Steps of linear warm-up; blank: min(100, steps / 10).", warmup),
                FormFields.row("Weight decay", "AdamW's decoupled weight decay.", weightDecay),
                FormFields.row("Label smooth.", "Label smoothing ε (0: off).", labelSmoothing),
                FormFields.row("Batches of", null, batching),
                FormFields.row("Seed", "Fixes initialisation, batches and dropout.", seed));
        sections.getStyleClass().add("form-sections");
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("form-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        view = new VBox(scroll, readout);
        view.getStyleClass().add("training-form");
        view.setId("train-form");

        fill(RunPlan.defaults(CorpusCatalog.standard().defaultEntry().id(), TokenizerSpec.defaults("char"), RunPlan.GPT));
        listen();
        modelChanged(null, model.getValue());
        workspace.submit("Reading the memory limit", Memory::available, bytes -> {
            available = bytes;
            refresh();
        });
    }

    private static Label header(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-section");
        return label;
    }

    private static <T> StringConverter<T> named(java.util.function.Function<T, String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : name.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private void listen() {
        corpus.confirmedProperty().addListener((obs, old, now) -> refresh());
        tokenizer.valueProperty().addListener((obs, old, kind) -> {
            fullVocabularyRow.setVisible("bpe".equals(kind));
            refresh();
        });
        fullVocabulary.selectedProperty().addListener((obs, old, now) -> refresh());
        model.valueProperty().addListener((obs, old, kind) -> modelChanged(old, kind));
        for (Spinner<Integer> spinner : List.of(context, layers, heads, dim, rank, steps, batch)) {
            spinner.valueProperty().addListener((obs, old, now) -> refresh());
        }
        for (NumberField field : List.of(dropout, lr, minLr, warmup, weightDecay, labelSmoothing, seed)) {
            field.textProperty().addListener((obs, old, now) -> refresh());
        }
        for (CheckBox box : List.of(bias, tied)) box.selectedProperty().addListener((obs, old, now) -> refresh());
        schedule.valueProperty().addListener((obs, old, now) -> refresh());
        batching.valueProperty().addListener((obs, old, now) -> refresh());
    }

    /** A new model kind brings its own defaults, unless the learner already changed them. */
    private void modelChanged(String old, String kind) {
        if (kind == null) return;
        boolean gpt = RunPlan.GPT.equals(kind);
        gptRows.forEach(row -> row.setVisible(gpt));
        rankRow.setVisible(RunPlan.LOWRANK.equals(kind));
        dropoutRow.setVisible(!RunPlan.BIGRAM.equals(kind));
        if (!filling && old != null) {
            filling = true;
            replaceDefault(lr, TrainingConfig.defaultLearningRate(old), TrainingConfig.defaultLearningRate(kind));
            replaceDefault(dropout, org.slmworkshop.model.ModelConfig.defaultDropout(old), org.slmworkshop.model.ModelConfig.defaultDropout(kind));
            replaceDefault(weightDecay, TrainingConfig.defaultWeightDecay(old), TrainingConfig.defaultWeightDecay(kind));
            filling = false;
        }
        refresh();
    }

    private static void replaceDefault(NumberField field, double oldDefault, double newDefault) {
        if (field.value() != null && field.value() == oldDefault) field.show(newDefault);
    }

    /** Each lockable setting's control, by the name a lesson's {@code locked:} list uses. */
    private Map<String, Node> lockableControls() {
        Map<String, Node> controls = new LinkedHashMap<>();
        controls.put("corpus", corpus);
        controls.put("tokenizer", tokenizer);
        controls.put("model", model);
        controls.put("context", context);
        controls.put("layers", layers);
        controls.put("heads", heads);
        controls.put("dim", dim);
        controls.put("rank", rank);
        controls.put("dropout", dropout);
        controls.put("bias", bias);
        controls.put("steps", steps);
        controls.put("batch", batch);
        controls.put("lr", lr);
        controls.put("minLr", minLr);
        controls.put("schedule", schedule);
        controls.put("warmup", warmup);
        controls.put("weightDecay", weightDecay);
        controls.put("labelSmoothing", labelSmoothing);
        controls.put("batching", batching);
        controls.put("seed", seed);
        return controls;
    }

    /**
     * Locks {@code names} (the rest unlocked): their controls are disabled, and their labels show a lock and
     * say which lesson locked them, so a whole class trains the same model.
     */
    void lock(Collection<String> names, String lessonLabel) {
        locked.clear();
        lockableControls().forEach((name, control) -> {
            boolean lock = names.contains(name);
            if (lock) locked.add(name);
            control.setDisable(lock);
            HBox row = (HBox) control.getParent();
            Label label = (Label) row.getChildren().get(0);
            row.pseudoClassStateChanged(LOCKED, lock);
            if (!label.getProperties().containsKey(HELP)) label.getProperties().put(HELP, label.getTooltip());
            Tooltip tip = (Tooltip) row.getProperties().get(LOCK_TIP);
            if (tip != null) Tooltip.uninstall(row, tip);
            if (lock) {
                tip = new Tooltip("Locked by " + lessonLabel + ", so the whole class trains the same model.");
                label.setGraphic(lockIcon());
                label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);   // the padlock never cuts the name short
                label.setTooltip(tip);
                Tooltip.install(row, tip);
                row.getProperties().put(LOCK_TIP, tip);
            } else {
                label.setGraphic(null);
                label.setMinWidth(javafx.scene.layout.Region.USE_COMPUTED_SIZE);
                label.setTooltip((Tooltip) label.getProperties().get(HELP));
                row.getProperties().remove(LOCK_TIP);
            }
        });
        lockedBy = names.isEmpty() ? null : lessonLabel;
    }

    private static Node lockIcon() {
        SVGPath padlock = new SVGPath();
        padlock.setContent("M3 6V4.5a3.5 3.5 0 0 1 7 0V6h1v7H2V6h1zm1.6 0h3.8V4.5a1.9 1.9 0 0 0-3.8 0V6z");
        padlock.getStyleClass().add("lock-icon");
        return padlock;
    }

    /** The settings the lesson locked (names as in {@code locked:}). */
    Set<String> locked() {
        return Set.copyOf(locked);
    }

    /** Who locked them: "lesson 6: The GPT", or null when nothing is locked. */
    String lockedBy() {
        return lockedBy;
    }

    /** Fills every control from {@code runPlan}; the lesson's tokenizer settings are kept for its kind. */
    void show(RunPlan runPlan) {
        fill(runPlan);
        shown = true;
        refresh();
    }

    private void fill(RunPlan runPlan) {
        filling = true;
        try {
            lessonTokenizer = runPlan.tokenizer();
            requested = corpus.choiceFor(runPlan.corpus());
            corpus.confirm(requested);
            tokenizer.setValue(runPlan.tokenizer().kind());
            fullVocabulary.setSelected(runPlan.tokenizer().fullVocabulary());
            fullVocabularyRow.setVisible("bpe".equals(runPlan.tokenizer().kind()));
            model.setValue(runPlan.model());
            context.getValueFactory().setValue(runPlan.context());
            layers.getValueFactory().setValue(runPlan.layers());
            heads.getValueFactory().setValue(runPlan.heads());
            dim.getValueFactory().setValue(runPlan.dim());
            rank.getValueFactory().setValue(runPlan.rank());
            dropout.show(runPlan.dropout());
            bias.setSelected(runPlan.bias());
            tied.setSelected(runPlan.tied());
            steps.getValueFactory().setValue(runPlan.steps());
            batch.getValueFactory().setValue(runPlan.batch());
            lr.show(runPlan.lr());
            minLr.show(runPlan.minLr());
            schedule.setValue(runPlan.schedule());
            warmup.setText(runPlan.warmup() == null ? "" : String.valueOf(runPlan.warmup()));
            weightDecay.show(runPlan.weightDecay());
            labelSmoothing.show(runPlan.labelSmoothing());
            batching.setValue(runPlan.batching());
            seed.setText(String.valueOf(runPlan.seed()));
        } finally {
            filling = false;
        }
    }

    /** The plan the controls describe; throws with a readable message when one of them is not a value. */
    private RunPlan read() {
        if (requested == null) throw new IllegalArgumentException("Choose a corpus.");
        String chosen = requested.key();
        String kind = tokenizer.getValue();
        TokenizerSpec spec = kind.equals(lessonTokenizer.kind()) ? lessonTokenizer : TokenizerSpec.defaults(kind);
        if (kind.equals("bpe") && fullVocabulary.isSelected() != spec.fullVocabulary()) {
            spec = fullVocabulary.isSelected() ? new TokenizerSpec("bpe", 0, TokenizerSpec.DEFAULT_BPE_ENCODING, true)
                    : TokenizerSpec.defaults("bpe");
        }
        return new RunPlan(chosen, spec, model.getValue(), context.getValue(), layers.getValue(),
                heads.getValue(), dim.getValue(), rank.getValue(), number(dropout, "Dropout"), bias.isSelected(),
                tied.isSelected(), steps.getValue(), batch.getValue(), number(lr, "The learning rate"),
                optional(minLr, "The minimum learning rate"), schedule.getValue(), wholeOrNull(warmup, "Warm-up"),
                number(weightDecay, "Weight decay"), number(labelSmoothing, "Label smoothing"), batching.getValue(),
                (long) whole(seed, "The seed"));
    }

    private static double number(NumberField field, String name) {
        if (field.value() == null) throw new IllegalArgumentException(name + " must be a number, got '" + field.getText() + "'.");
        return field.value();
    }

    private static Double optional(NumberField field, String name) {
        if (!field.isValid()) throw new IllegalArgumentException(name + " must be a number or blank, got '" + field.getText() + "'.");
        return field.value();
    }

    private static double whole(NumberField field, String name) {
        double value = number(field, name);
        if (value != Math.rint(value)) throw new IllegalArgumentException(name + " must be a whole number, got " + field.getText() + ".");
        return value;
    }

    private static Integer wholeOrNull(NumberField field, String name) {
        Double value = optional(field, name);
        if (value == null) return null;
        if (value != Math.rint(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be a whole number of steps, got " + field.getText() + ".");
        }
        return value.intValue();
    }

    private void refresh() {
        if (filling || !shown) return;
        RunPlan current;
        try {
            current = read();
        } catch (IllegalArgumentException e) {
            plan.set(null);
            readout.showProblem(e.getMessage());
            readout.show(vocab.get(), tokenizer.getValue(), null, batch.getValue(), available);
            return;
        }
        probeVocabulary(current);
        int v = vocab.get();
        String problem = current.problem(v);
        readout.showProblem(problem == null ? null : capitalised(problem) + ".");
        plan.set(problem == null ? current : null);
        readout.show(v, current.tokenizer().kind(), problem == null && v > 0 ? current.modelConfig(v) : null,
                current.batch(), available);
    }

    private static String capitalised(String message) {
        String trimmed = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
        return trimmed.isEmpty() ? trimmed : Character.toUpperCase(trimmed.charAt(0)) + trimmed.substring(1);
    }

    /** The learner picked or imported a corpus: it is used once it tokenizes (see {@link #probeVocabulary}). */
    void requestCorpus(CorpusChoice choice) {
        requested = choice;
        corpus.clearError();
        refresh();
    }

    /** Tokenizes the chosen corpus in the background (once per corpus and tokenizer) to learn V. */
    private void probeVocabulary(RunPlan current) {
        String key = current.corpus() + "|" + current.tokenizer();
        if (key.equals(vocabKey)) return;
        vocabKey = key;
        vocab.set(0);
        int probe = ++probes;
        readout.showPreparing("tokenizing " + RunPlan.corpusLabel(current.corpus()) + "…");
        CompletableFuture<PreparedCorpus> prepared = prepare(current);
        prepared.whenComplete((ready, error) -> Platform.runLater(() -> {
            if (probe != probes) return;
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                readout.showVocabularyError(Messages.describe(cause));
                CorpusChoice failed = requested;
                if (failed != null && failed.key().equals(current.corpus())) {
                    corpus.reject(failed, Messages.describe(cause));   // back to the corpus that worked, the reason below
                    if (corpus.confirmed() != null && !corpus.confirmed().equals(failed)) {
                        requested = corpus.confirmed();
                        vocabKey = null;
                        refresh();
                    }
                }
                return;
            }
            if (requested != null && requested.key().equals(current.corpus()) && !requested.equals(corpus.confirmed())) {
                corpus.confirm(requested);   // a file or folder that tokenized: kept in the list and remembered
                if (requested.imported()) workspace.updateSettings(s -> s.withCorpus(current.corpus()));
            }
            vocab.set(ready.tokenizer().vocabSize());
            refresh();
        }));
    }

    /** The corpus the plan names, split as the CLI splits it and tokenized: shared with the other labs. */
    CompletableFuture<PreparedCorpus> prepare(RunPlan runPlan) {
        return workspace.prepare(runPlan.corpus(), runPlan.tokenizer(), SplitSpec.DEFAULT);
    }

    ReadOnlyObjectProperty<RunPlan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    CorpusPicker corpusPicker() {
        return corpus;
    }

    /** V of the chosen corpus and tokenizer, or 0 while it is being worked out. */
    javafx.beans.property.ReadOnlyIntegerProperty vocabProperty() {
        return vocab.getReadOnlyProperty();
    }

    /** Why Start cannot run now, or null. */
    String problem() {
        return readout.problemText();
    }

    boolean isMemoryWarningShown() {
        return readout.isWarningShown();
    }

    Node view() {
        return view;
    }
}
