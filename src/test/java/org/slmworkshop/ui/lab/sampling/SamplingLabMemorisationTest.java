package org.slmworkshop.ui.lab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.MemorisationReport;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The memorisation meter in the sampling lab: a training text is planted with a stretch of the tiny GPT's
 * own greedy text between characters the model never writes, so the one copied span is known exactly.
 */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class SamplingLabMemorisationTest {
    private static final String PROMPT = "It was a ";
    private static final int MAX_TOKENS = 40;
    private static final long SEED = 7;
    private static final List<String> COMPARE = List.of("greedy", "temperature=0.8", "beam=3");
    private static final int GREEDY = 0;
    private static final int PLANTED_START = 6, PLANTED_LENGTH = 30;

    private static String greedy;     // the tiny GPT's greedy continuation of PROMPT
    private static String planted;    // greedy.substring(PLANTED_START, PLANTED_START + PLANTED_LENGTH)

    private Workspace workspace;
    private SamplingLab lab;

    @BeforeAll
    static void plant() {
        ModelSnapshot tiny = TinyGpt.snapshot();
        Generator generator = new Generator(ModelSnapshot.copyOf(tiny.model()), tiny.tokenizer());
        greedy = generator.generate(generator.prompt(PROMPT), DecodingSettings.greedy(), MAX_TOKENS, SEED, TokenListener.NONE).text();
        planted = greedy.substring(PLANTED_START, PLANTED_START + PLANTED_LENGTH);
        assertEquals(greedy.indexOf(planted), greedy.lastIndexOf(planted), "the planted stretch occurs once in the greedy text");
        assertFalse(greedy.contains("#"), "the planted stretch is fenced by a character the model never writes");
    }

    /** The planted stretch between fences of '#', with 90% of the text (the training split) holding it. */
    private static String plantedText(String unique) {
        return "#".repeat(40) + planted + "#".repeat(200) + unique;
    }

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new SamplingLab(workspace);
        Scene scene = new Scene(new StackPane(lab.view()), 820, 760);
        scene.getStylesheets().add(SamplingLab.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void dispose() {
        lab.dispose();
        workspace.shutdown();
    }

    private static LabSettings settings(String checkpoint) {
        return new LabSettings(Lab.SAMPLING, null, null, null, null, Map.of(), checkpoint, PROMPT,
                Map.of("maxTokens", MAX_TOKENS, "seed", SEED, "compare", COMPARE), null, null, List.of(), null);
    }

    private static <T> T onFx(Callable<T> query) throws Exception {
        return WaitForAsyncUtils.asyncFx(query).get(30, TimeUnit.SECONDS);
    }

    private MemorisationReport reading(Predicate<MemorisationReport> wanted) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> onFx(() -> {
            MemorisationReport report = lab.memorisation().report();
            return report != null && wanted.test(report);
        }));
        return onFx(() -> lab.memorisation().report());
    }

    private SampleColumnView greedyColumn() throws Exception {
        return onFx(() -> lab.board().views().get(GREEDY));
    }

    /** A checkpoint of the tiny GPT that says it was trained on {@code corpus}. */
    private static Path checkpointOn(Corpus corpus, Path file) {
        ModelSnapshot tiny = TinyGpt.snapshot();
        PreparedCorpus prepared = PreparedCorpus.prepare(corpus, SplitSpec.DEFAULT, tiny.tokenizer());
        TrainingConfig training = new TrainingConfig(80, 8, 1e-2, 1e-3, 5, 80, Schedule.COSINE, 0.9, 0.99, 0.0, 1.0, 0.0,
                TrainingConfig.Batching.WINDOWS, 0, 1, TinyGpt.CONTEXT, 42);
        Checkpoints.save(file, new Trainer(ModelSnapshot.copyOf(tiny.model()), prepared.data(), training), prepared);
        return file;
    }

    @Test
    void a_column_holding_a_planted_training_passage_shades_exactly_that_span_and_reports_its_length(
            FxRobot robot, @TempDir Path folder) throws Exception {
        Path text = Files.writeString(folder.resolve("planted.txt"), plantedText("checkpoint " + System.nanoTime()));
        Path checkpoint = checkpointOn(CorpusCatalog.load(text.toString()), folder.resolve("planted.ckpt"));
        List<String> notes = new CopyOnWriteArrayList<>();
        robot.interact(() -> {
            lab.memorisation().note().textProperty().addListener((obs, old, now) -> notes.add(now));
            lab.apply(settings(checkpoint.toString()));
        });
        MemorisationReport report = reading(r -> true);

        assertTrue(report.measured(), "measured against the checkpoint's own training text: " + report.reason());
        assertEquals("planted", report.corpusId());
        assertEquals(greedy, onFx(() -> lab.shown().comparison().samples().get(GREEDY).text()));
        SampleColumnView column = greedyColumn();
        assertEquals(List.of(new ShadedTextFlow.Range(PLANTED_START, PLANTED_START + PLANTED_LENGTH)), onFx(column::copiedRanges),
                "exactly the planted stretch is shaded");
        assertEquals("copied: longest 30 chars, 75% of text", onFx(column::copiedLine));
        String tooltip = onFx(() -> column.copiedTooltip().getText());
        assertTrue(tooltip.contains("Longest: 30 characters") && tooltip.contains("\"" + planted.replace("\n", "⏎") + "\""), tooltip);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("Indexing the training text of 'planted'")),
                "the note said the index was being built: " + notes);
        assertEquals("", onFx(() -> lab.memorisation().note().getText()), "and is gone once measured");

        // the shade lies behind the copied text and nowhere else, once the flow has been laid out (a later pulse
        // on a busy machine: the shade follows the text's layout)
        Callable<Boolean> shadeCoversTheCopiedTextOnly = () -> {
            ShadedTextFlow flow = column.textFlow();
            List<Text> copied = flow.getChildren().stream().filter(n -> n instanceof Text t && t.getStyleClass().contains("copied-text"))
                    .map(Text.class::cast).toList();
            assertEquals(planted, copied.stream().map(Text::getText).reduce("", String::concat));
            for (Text piece : copied) {
                Bounds bounds = piece.getBoundsInParent();
                Point2D middle = flow.shade().parentToLocal(bounds.getCenterX(), bounds.getMinY() + 4);
                if (!flow.shade().contains(middle)) return false;
            }
            Text promptPiece = (Text) flow.getChildren().get(1);
            Bounds prompt = promptPiece.getBoundsInParent();
            return !flow.shade().contains(flow.shade().parentToLocal(prompt.getMinX() + 2, prompt.getMinY() + 4));
        };
        boolean covered = false;
        for (long until = System.nanoTime() + 5_000_000_000L; !covered && System.nanoTime() < until; Thread.sleep(50)) {
            covered = onFx(shadeCoversTheCopiedTextOnly);
        }
        assertTrue(covered, "the shading covers the copied characters and not the prompt");
    }

    @Test
    void changing_the_minimum_span_measures_again_without_regenerating(FxRobot robot) throws Exception {
        ModelSnapshot tiny = TinyGpt.snapshot();
        Corpus corpus = Corpus.of("planted-live", "Planted", "test", List.of(plantedText("live " + System.nanoTime())));
        PreparedCorpus prepared = PreparedCorpus.prepare(corpus, SplitSpec.DEFAULT, TokenizerSpec.defaults("char"));
        ModelSnapshot trainedHere = new ModelSnapshot(tiny.model(), tiny.tokenizer(), prepared, "trained here", 80, false);
        robot.interact(() -> {
            workspace.trainedModelProperty().set(trainedHere);
            lab.apply(settings(null));
        });
        MemorisationReport first = reading(r -> r.minSpan() == 24);
        assertTrue(first.measured());
        assertEquals("planted-live", first.corpusId(), "a model trained in this window is measured against its own corpus");
        SamplingEngine.Generated shown = onFx(lab::shown);
        int generations = onFx(lab::generationsStarted);
        SampleColumnView column = greedyColumn();
        assertEquals(List.of(new ShadedTextFlow.Range(PLANTED_START, PLANTED_START + PLANTED_LENGTH)), onFx(column::copiedRanges));

        robot.interact(() -> lab.memorisation().minimum().getValueFactory().setValue(31));
        MemorisationReport stricter = reading(r -> r.minSpan() == 31);
        assertTrue(stricter.samples().get(GREEDY).spans().isEmpty(), "a 30-character copy is below a minimum of 31");
        assertEquals(30, stricter.samples().get(GREEDY).longestMatch());
        assertEquals("no copying ≥ 31 chars", onFx(column::copiedLine));
        assertEquals(List.of(), onFx(column::copiedRanges), "nothing shaded");
        assertTrue(onFx(() -> column.copiedTooltip().getText()).contains("the longest shared stretch is 30 characters"));

        robot.interact(() -> lab.memorisation().minimum().getValueFactory().setValue(30));
        reading(r -> r.minSpan() == 30);
        assertEquals(List.of(new ShadedTextFlow.Range(PLANTED_START, PLANTED_START + PLANTED_LENGTH)), onFx(column::copiedRanges));
        assertEquals("copied: longest 30 chars, 75% of text", onFx(column::copiedLine));
        assertSame(shown, onFx(lab::shown), "the same columns, measured again");
        assertEquals(generations, onFx(lab::generationsStarted), "no new generation");
    }

    @Test
    void a_checkpoint_whose_training_text_is_gone_says_so_in_one_line(FxRobot robot, @TempDir Path folder) throws Exception {
        Path gone = folder.resolve("gone.txt");
        Corpus corpus = Corpus.of("gone.txt", "gone.txt", gone.toString(), List.of(plantedText("gone")));
        Path checkpoint = checkpointOn(corpus, folder.resolve("gone.ckpt"));
        assertFalse(Files.exists(gone));
        robot.interact(() -> lab.apply(settings(checkpoint.toString())));
        MemorisationReport report = reading(r -> true);

        assertFalse(report.measured());
        assertEquals("Copying not measured: its training text " + gone + " is not found.",
                onFx(() -> lab.memorisation().note().getText()));
        assertTrue(onFx(() -> lab.memorisation().note().isManaged()), "the line takes its place above the columns");
        for (SampleColumnView column : onFx(() -> lab.board().views())) {
            assertEquals("", onFx(column::copiedLine), "no per-column line");
            assertEquals(List.of(), onFx(column::copiedRanges), "no shading");
        }
        assertNotNull(onFx(lab::shown), "the samples are there all the same");
        assertEquals("", workspace.notifier().lastMessageProperty().get(), "no error notification");
    }
}
