package org.slmworkshop.ui.lab.corpus;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.CorpusChoice;
import org.slmworkshop.ui.lab.CorpusPicker;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.util.Messages;

/**
 * Lessons 1 and 2: pick or import a corpus, choose a tokenizer, read the corpus's numbers and watch
 * any text become tokens. Corpora are prepared through the workspace, so the other labs reuse them.
 */
public final class CorpusLab implements LabView {
    /** About this many characters of the corpus open the sample box. */
    static final int SAMPLE_LENGTH = 300;

    /** A corpus ready to show. */
    private record Loaded(CorpusChoice choice, PreparedCorpus prepared, CorpusStatistics stats, String sample) {}

    private final Workspace workspace;
    private final CorpusPicker picker = new CorpusPicker(CorpusPicker.Style.LABELLED, this::request);
    private final TokenizerPicker tokenizerPicker = new TokenizerPicker();
    private final StatisticsView statistics = new StatisticsView();
    private final TokenPreview preview;
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Label status = new Label();
    private final ScrollPane root;
    private Loaded shown;
    private long generation;
    private boolean applying;
    private CompletableFuture<Void> lastLoad = CompletableFuture.completedFuture(null);

    public CorpusLab(Workspace workspace) {
        this.workspace = workspace;
        preview = new TokenPreview(workspace.notifier(), workspace.threads().shared("corpus-lab"), tokenizerPicker::specFor, tokenizerPicker::selectKind);
        tokenizerPicker.specProperty().addListener((obs, old, spec) -> {
            if (!applying && spec != null && picker.confirmed() != null) load(picker.confirmed(), spec);
        });

        progress.setId("corpus-progress");
        progress.setPrefSize(18, 18);
        progress.setVisible(false);
        status.setId("corpus-status");
        status.getStyleClass().add("muted");
        status.setMinWidth(0);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox tokenizerRow = new HBox(10, tokenizerPicker, gap, progress, status);
        tokenizerRow.setAlignment(Pos.CENTER_LEFT);

        Label statisticsTitle = new Label("Statistics");
        statisticsTitle.getStyleClass().add("section-title");
        VBox content = new VBox(12, picker, tokenizerRow, statisticsTitle, statistics, preview);
        content.getStyleClass().add("corpus-lab-content");
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        root.getStyleClass().add("corpus-lab");
        root.setId("corpus-lab");
        root.getStylesheets().add(Objects.requireNonNull(CorpusLab.class.getResource("/css/corpus.css")).toExternalForm());
    }

    @Override
    public Node view() {
        return root;
    }

    /** Opens the lesson's corpus (or the last one used, or the default) with its tokenizer and vocabulary. */
    @Override
    public void apply(LabSettings settings) {
        String key = workspace.corpusFor(settings);
        TokenizerSpec spec = Workspace.tokenizerFor(settings, key);
        applying = true;
        try {
            tokenizerPicker.select(spec);
        } finally {
            applying = false;
        }
        load(picker.choiceFor(key), tokenizerPicker.spec());
    }

    /** Loads a file or folder as the learner's corpus; a bad one leaves the current corpus in place. */
    public CompletableFuture<Void> importCorpus(Path path) {
        request(CorpusChoice.imported(path));
        return lastLoad;
    }

    /** Completes when the latest corpus or tokenizer change has been shown or refused. */
    public CompletableFuture<Void> lastLoad() {
        return lastLoad;
    }

    /** The corpus on screen, prepared; null before the first one loads. */
    public PreparedCorpus prepared() {
        return shown == null ? null : shown.prepared();
    }

    private void request(CorpusChoice choice) {
        load(choice, tokenizerPicker.spec());
    }

    private void load(CorpusChoice choice, TokenizerSpec spec) {
        long ticket = ++generation;
        CompletableFuture<Void> done = new CompletableFuture<>();
        lastLoad = done;
        progress.setVisible(true);
        status.setText("Preparing " + shortName(choice) + " with the " + spec.kind() + " tokenizer…");
        CompletableFuture<Loaded> loading = workspace.prepare(choice.key(), spec, SplitSpec.DEFAULT)
                .thenApplyAsync(prepared -> new Loaded(choice, prepared, CorpusStatistics.of(prepared),
                        sampleOf(prepared.corpus())), workspace.threads().shared("corpus-lab"));
        workspace.deliver("Could not use " + shortName(choice), loading, loaded -> {
            if (ticket == generation) show(loaded);
            done.complete(null);
        }).exceptionally(error -> {
            Platform.runLater(() -> {
                if (ticket == generation) refuse(choice, Messages.describe(unwrap(error)));
                done.complete(null);
            });
            return null;
        });
    }

    private void show(Loaded loaded) {
        boolean newText = shown == null || !shown.prepared().corpus().sha256().equals(loaded.prepared().corpus().sha256());
        shown = loaded;
        picker.confirm(loaded.choice());
        workspace.updateSettings(s -> s.withCorpus(loaded.choice().key()));
        progress.setVisible(false);
        status.setText("");
        statistics.show(loaded.stats(), loaded.prepared().tokenizer());
        if (newText) preview.use(loaded.prepared().tokenizer(), loaded.stats(), loaded.sample());
        else preview.use(loaded.prepared().tokenizer(), loaded.stats());
    }

    private void refuse(CorpusChoice choice, String message) {
        progress.setVisible(false);
        status.setText("");
        picker.reject(choice, message);
    }

    private static String shortName(CorpusChoice choice) {
        return CorpusPicker.shortName(choice);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** The corpus's first ~300 characters, cut after a word. */
    static String sampleOf(Corpus corpus) {
        StringBuilder sample = new StringBuilder();
        for (String document : corpus.documents()) {
            if (sample.length() > 0) sample.append(Corpus.DOCUMENT_SEPARATOR);
            sample.append(document, 0, Math.min(document.length(), SAMPLE_LENGTH + 40 - sample.length()));
            if (sample.length() >= SAMPLE_LENGTH) break;
        }
        if (sample.length() <= SAMPLE_LENGTH) return sample.toString();
        int cut = SAMPLE_LENGTH;
        while (cut > SAMPLE_LENGTH / 2 && !Character.isWhitespace(sample.charAt(cut))) cut--;
        if (Character.isHighSurrogate(sample.charAt(cut - 1))) cut--;
        return sample.substring(0, cut);
    }
}
