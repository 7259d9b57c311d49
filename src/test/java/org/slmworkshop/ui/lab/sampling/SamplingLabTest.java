package org.slmworkshop.ui.lab.sampling;

import org.slmworkshop.ui.IsolatedSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.generate.Comparison;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.LogitTransforms;
import org.slmworkshop.generate.NextTokenDistribution;
import org.slmworkshop.generate.Sample;
import org.slmworkshop.generate.SampleExport;
import org.slmworkshop.generate.SampleExporter;
import org.slmworkshop.generate.SettingsSpec;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The sampling lab on a tiny trained GPT: columns, sliders, bars, divergence, export and errors, checked against the engine. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class SamplingLabTest {
    private static final String PROMPT = "It was a ";
    private static final int MAX_TOKENS = 40;
    private static final long SEED = 7;
    private static final List<String> COMPARE = List.of("greedy", "temperature=0.8", "top-k=10", "top-p=0.9,temperature=0.9",
            "beam=3");
    private static final int GREEDY = 0, TEMPERATURE = 1, TOP_K = 2, TOP_P = 3, BEAM = 4;

    private Workspace workspace;
    private SamplingLab lab;

    @BeforeAll
    static void prepare() throws Exception {
        TinyGpt.snapshot();   // trained once, before any FX work
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

    private static LabSettings settings(String checkpoint, List<String> compare) {
        return new LabSettings(Lab.SAMPLING, null, null, null, null, Map.of(), checkpoint, PROMPT,
                Map.of("maxTokens", MAX_TOKENS, "seed", SEED, "compare", compare), null, null, List.of(), null);
    }

    /** Follows the tiny GPT as if it had just been trained in this window, and waits for the first comparison. */
    private SamplingEngine.Generated openOnTinyGpt(FxRobot robot) throws Exception {
        robot.interact(() -> {
            workspace.trainedModelProperty().set(TinyGpt.snapshot());
            lab.apply(settings(null, COMPARE));
        });
        return nextComparison(null);
    }

    private SamplingEngine.Generated nextComparison(SamplingEngine.Generated previous) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> onFx(() -> lab.shown() != null && lab.shown() != previous));
        return onFx(lab::shown);
    }

    private NextTokenBars barsFor(Knobs knobs) throws Exception {
        DecodingSettings expected = knobs.sampler();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> onFx(() -> lab.chart().shown() != null && lab.chart().shown().settings().equals(expected)));
        return onFx(() -> lab.chart().shown());
    }

    private static <T> T onFx(Callable<T> query) throws Exception {
        return WaitForAsyncUtils.asyncFx(query).get(30, TimeUnit.SECONDS);
    }

    /** A press, a move and a release, as a mouse drag does it. */
    private static void slide(FxRobot robot, Knob knob, double value) {
        Slider slider = robot.lookup("#" + knob.sliderId).queryAs(Slider.class);
        robot.interact(() -> {
            slider.setValueChanging(true);
            slider.setValue(value);
            slider.setValueChanging(false);
        });
    }

    private List<String> columnTexts() throws Exception {
        return onFx(() -> lab.board().views().stream().map(SampleColumnView::continuation).toList());
    }

    private List<String> columnLabels() throws Exception {
        return onFx(() -> lab.board().columns().stream().map(Column::label).toList());
    }

    /** The greedy decode computed straight from the model: argmax of the logits over the cropped window, token by token. */
    private static String argmaxDecode(LanguageModel model, Tokenizer tokenizer, String prompt, int maxTokens) {
        List<Integer> sequence = new ArrayList<>();
        for (int id : tokenizer.encode(prompt).ids()) sequence.add(id);
        List<Integer> generated = new ArrayList<>();
        int context = model.config().contextLength();
        for (int step = 0; step < maxTokens; step++) {
            int used = Math.min(context, sequence.size());
            int[] window = sequence.subList(sequence.size() - used, sequence.size()).stream().mapToInt(Integer::intValue).toArray();
            float[] row = model.logits(window, 1, used)[used - 1];
            double[] scores = new double[row.length];
            for (int i = 0; i < row.length; i++) scores[i] = row[i];
            int next = LogitTransforms.argmax(scores);
            if (next == tokenizer.endOfTextId()) break;
            generated.add(next);
            sequence.add(next);
        }
        return tokenizer.decode(generated.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void the_greedy_column_equals_the_argmax_decode_of_the_model(FxRobot robot) throws Exception {
        SamplingEngine.Generated generated = openOnTinyGpt(robot);
        ModelSnapshot model = TinyGpt.snapshot();
        String expected = argmaxDecode(model.model(), model.tokenizer(), PROMPT, MAX_TOKENS);
        assertEquals(MAX_TOKENS, expected.length(), "char tokens: one character each, no <eot> in this text");
        assertEquals(expected, generated.comparison().samples().get(GREEDY).text());
        assertEquals(expected, columnTexts().get(GREEDY), "the column shows the greedy text");
        assertEquals(COMPARE.stream().map(SettingsSpec::parse).map(DecodingSettings::label).toList(), columnLabels());
        assertTrue(onFx(() -> lab.firstSampleMillis()) > 0, "the time to the first sample is measured");
    }

    @Test
    void the_same_seed_gives_identical_columns_and_another_seed_new_samples(FxRobot robot) throws Exception {
        SamplingEngine.Generated first = openOnTinyGpt(robot);
        List<String> texts = columnTexts();
        Spinner<?> seed = robot.lookup("#sampling-seed").queryAs(Spinner.class);
        robot.interact(() -> ((Spinner<Integer>) seed).getValueFactory().setValue((int) SEED + 1));
        SamplingEngine.Generated other = nextComparison(first);
        assertEquals(SEED + 1, other.comparison().seed());
        assertEquals(texts.get(GREEDY), columnTexts().get(GREEDY), "greedy draws nothing");
        assertNotEquals(texts.get(TEMPERATURE), columnTexts().get(TEMPERATURE), "another seed, another sample");
        robot.interact(() -> ((Spinner<Integer>) seed).getValueFactory().setValue((int) SEED));
        nextComparison(other);
        assertEquals(texts, columnTexts(), "back to the first seed: the very same columns");
    }

    @Test
    void temperature_reshapes_the_bars_and_regenerates_every_sampled_column(FxRobot robot) throws Exception {
        SamplingEngine.Generated before = openOnTinyGpt(robot);
        List<String> texts = columnTexts();
        slide(robot, Knob.TOP_K, 0);
        slide(robot, Knob.TOP_P, 1.0);
        slide(robot, Knob.TEMPERATURE, 0.3);
        Knobs knobs = onFx(() -> lab.knobPanel().knobs());
        NextTokenBars bars = barsFor(knobs);
        assertEquals(bars.vocabSize(), bars.kept(), "no cut is on: every token keeps a chance");
        double largestChange = 0;
        for (int i = 0; i < bars.size(); i++) largestChange = Math.max(largestChange, Math.abs(bars.after()[i] - bars.before()[i]));
        assertTrue(largestChange > 0.01, "T = 0.3 sharpens the distribution; largest change " + largestChange);
        assertTrue(bars.after()[0] > bars.before()[0], "the favourite gains");

        SamplingEngine.Generated after = nextComparisonMatching(before, g -> g.comparison().samples().get(TEMPERATURE)
                .settings().temperature() == 0.3);
        List<String> labels = columnLabels();
        assertEquals("temperature=0.3", labels.get(TEMPERATURE));
        assertEquals("temperature=0.3", labels.get(TOP_K), "top-k off, at the slider's temperature");
        assertEquals("temperature=0.3", labels.get(TOP_P));
        assertEquals("greedy", labels.get(GREEDY), "greedy ignores the temperature");
        assertEquals(texts.get(GREEDY), columnTexts().get(GREEDY));
        assertNotEquals(texts.get(TEMPERATURE), columnTexts().get(TEMPERATURE));
        assertEquals(0.3, after.comparison().samples().get(TOP_P).settings().temperature());
    }

    private SamplingEngine.Generated nextComparisonMatching(SamplingEngine.Generated previous,
                                                            Predicate<SamplingEngine.Generated> wanted) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> onFx(() -> lab.shown() != previous && wanted.test(lab.shown())));
        return onFx(lab::shown);
    }

    @Test
    void top_k_of_three_leaves_exactly_three_bars_and_sets_the_top_k_column(FxRobot robot) throws Exception {
        SamplingEngine.Generated before = openOnTinyGpt(robot);
        slide(robot, Knob.TOP_P, 1.0);
        slide(robot, Knob.MIN_P, 0.0);
        slide(robot, Knob.TOP_K, 3);
        NextTokenBars bars = barsFor(onFx(() -> lab.knobPanel().knobs()));
        assertEquals(3, bars.kept());
        assertEquals(3, Arrays.stream(bars.after()).filter(p -> p > 0).count(), "exactly three bars after the cut");
        for (int i = 0; i < 3; i++) assertTrue(bars.after()[i] > 0, "the model's three likeliest survive");
        for (int i = 3; i < bars.size(); i++) assertTrue(bars.cut(i), "the rest are drawn as cut");
        SamplingEngine.Generated after = nextComparisonMatching(before,
                g -> Integer.valueOf(3).equals(g.comparison().samples().get(TOP_K).settings().topK()));
        assertEquals("top-k=3", columnLabels().get(TOP_K), "the top-k column keeps its own temperature until that slider moves");
        assertEquals(null, after.comparison().samples().get(TEMPERATURE).settings().topK(), "the temperature column has no cut");
    }

    @Test
    void the_bars_are_the_engines_distribution_and_follow_a_drag_before_the_release(FxRobot robot) throws Exception {
        SamplingEngine.Generated generated = openOnTinyGpt(robot);
        Slider topP = robot.lookup("#" + Knob.TOP_P.sliderId).queryAs(Slider.class);
        robot.interact(() -> {
            topP.setValueChanging(true);
            topP.setValue(0.5);
        });
        Knobs dragging = onFx(() -> lab.knobPanel().knobs());
        NextTokenBars bars = barsFor(dragging);
        assertEquals(generated, onFx(lab::shown), "no regeneration while the slider is held");
        assertEquals("temperature=0.9,top-p=0.9", columnLabels().get(TOP_P), "columns change on release only");

        ModelSnapshot model = TinyGpt.snapshot();
        Generator generator = new Generator(ModelSnapshot.copyOf(model.model()), model.tokenizer());
        NextTokenDistribution engine = generator.distribution(generator.prompt(PROMPT), dragging.sampler(), 40);
        int last = engine.stages().size() - 1;
        int compared = 0;
        for (NextTokenDistribution.TokenRow row : engine.tokens()) {
            for (int i = 0; i < bars.size(); i++) {
                if (bars.ids()[i] != row.id()) continue;
                assertEquals(row.probabilityAt(0), bars.before()[i], 1e-6, "before, token " + row.label());
                assertEquals(row.probabilityAt(last), bars.after()[i], 1e-6, "after, token " + row.label());
                compared++;
            }
        }
        assertTrue(compared >= 10, "compared " + compared + " bars with the engine");
        assertEquals(engine.keptCounts().get(last).intValue(), bars.kept());

        robot.interact(() -> topP.setValueChanging(false));
        SamplingEngine.Generated released = nextComparison(generated);
        assertEquals(0.5, released.comparison().samples().get(TOP_P).settings().topP());
        assertEquals(1.0, released.comparison().samples().get(TOP_K).settings().topP(), "the top-k column does not follow top-p");
    }

    @Test
    void min_p_repetition_penalty_and_beam_width_reach_the_columns_that_use_them(FxRobot robot) throws Exception {
        SamplingEngine.Generated first = openOnTinyGpt(robot);
        slide(robot, Knob.MIN_P, 0.2);
        NextTokenBars bars = barsFor(onFx(() -> lab.knobPanel().knobs()));
        double largest = Arrays.stream(bars.after()).max().orElseThrow();
        for (int i = 0; i < bars.size(); i++) {
            if (bars.after()[i] > 0) assertTrue(bars.after()[i] >= 0.2 * largest - 1e-12, "min-p keeps only near the top");
        }
        WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS);
        assertEquals(first, onFx(lab::shown), "no column uses min-p, so nothing regenerates");

        robot.interact(() -> robot.lookup("#sampling-add-column").queryAs(ColumnMenu.class).getItems().stream()
                .filter(item -> "sampling-add-min-p".equals(item.getId())).findFirst().orElseThrow().fire());
        SamplingEngine.Generated withMinP = nextComparisonMatching(first, g -> g.comparison().samples().size() == 6);
        assertEquals(0.2, withMinP.comparison().samples().get(5).settings().minP(), "a new min-p column takes the slider's value");

        slide(robot, Knob.REPETITION_PENALTY, 1.8);
        SamplingEngine.Generated penalised = nextComparisonMatching(withMinP,
                g -> g.comparison().samples().stream().allMatch(s -> s.settings().repetitionPenalty() == 1.8));
        assertEquals("greedy,repetition-penalty=1.8", columnLabels().get(GREEDY), "every column follows the penalty");
        assertNotEquals(first.comparison().samples().get(GREEDY).text(), penalised.comparison().samples().get(GREEDY).text(),
                "the penalty changes even the greedy text");

        slide(robot, Knob.BEAM_WIDTH, 2);
        SamplingEngine.Generated narrower = nextComparisonMatching(penalised,
                g -> g.comparison().samples().get(BEAM).settings().beamWidth() == 2);
        assertTrue(narrower.comparison().samples().get(BEAM).label().startsWith("beam=2"));
    }

    @Test
    void each_column_marks_the_step_where_it_leaves_greedy(FxRobot robot) throws Exception {
        SamplingEngine.Generated generated = openOnTinyGpt(robot);
        ModelSnapshot model = TinyGpt.snapshot();
        Generator generator = new Generator(ModelSnapshot.copyOf(model.model()), model.tokenizer());
        Comparison engine = generator.compare(generator.prompt(PROMPT), COMPARE.stream().map(SettingsSpec::parse).toList(),
                MAX_TOKENS, SEED, TokenListener.NONE);
        String greedy = engine.samples().get(GREEDY).text();
        for (int column = 1; column < COMPARE.size(); column++) {
            Integer step = ColumnBoard.divergenceStep(engine, GREEDY, column);
            int index = column;
            String label = onFx(() -> lab.board().views().get(index).divergenceText());
            String shownText = columnTexts().get(column);
            assertEquals(engine.samples().get(column).text(), shownText, "same seed, same sample as the engine's own run");
            if (step == null) {
                assertEquals("identical to greedy", label);
                continue;
            }
            assertEquals("diverges from greedy at token " + step, label);
            String shared = onFx(() -> lab.board().views().get(index).sharedWithReference());
            assertEquals(greedy.substring(0, step - 1), shared, "the text before the divergence is drawn as shared");
            assertTrue(shownText.startsWith(shared) && shownText.charAt(step - 1) != greedy.charAt(step - 1));
        }
        assertEquals(engine.divergences(), generated.comparison().divergences());
    }

    @Test
    void export_writes_the_columns_to_a_file_that_reads_back(FxRobot robot) throws Exception {
        openOnTinyGpt(robot);
        Path json = Path.of(System.getProperty("slm.home")).resolve("exports").resolve("samples.json");
        Path written = onFx(() -> lab.exportTo(json)).get(30, TimeUnit.SECONDS);
        assertEquals(json, written);
        SampleExport back = SampleExporter.readJson(json);
        assertEquals(PROMPT, back.prompt());
        assertEquals(SEED, back.seed());
        assertEquals(columnTexts(), back.samples().stream().map(Sample::text).toList());
        assertEquals(columnLabels(), back.samples().stream().map(Sample::label).toList());
        assertEquals("gpt", back.model().kind());
        Path markdown = Path.of(System.getProperty("slm.home")).resolve("exports").resolve("samples.md");
        onFx(() -> lab.exportTo(markdown)).get(30, TimeUnit.SECONDS);
        String text = Files.readString(markdown);
        for (String column : columnTexts()) assertTrue(text.contains(PROMPT + column), "markdown holds " + column);
        try (var files = Files.list(json.getParent())) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".tmp")), "written through a temp file and a rename");
        }
    }

    @Test
    void a_missing_checkpoint_is_reported_in_words(FxRobot robot) throws Exception {
        robot.interact(() -> lab.apply(settings("datasets/checkpoints/no-such-model.ckpt", COMPARE)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !workspace.notifier().lastMessageProperty().get().isEmpty());
        String message = workspace.notifier().lastMessageProperty().get();
        assertTrue(message.contains("no-such-model.ckpt") && message.contains("not found"), message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
        assertEquals(null, onFx(lab::shown));
    }

    @Test
    void a_model_still_training_regenerates_the_columns_at_most_every_few_seconds(FxRobot robot) throws Exception {
        SamplingEngine.Generated first = openOnTinyGpt(robot);
        int started = onFx(lab::generationsStarted);
        ModelSnapshot trained = TinyGpt.snapshot();
        for (int step = 1; step <= 10; step++) {   // a run publishes a copy twice a second; here ten in one second
            ModelSnapshot live = new ModelSnapshot(trained.model(), trained.tokenizer(), null, "trained here", step, true);
            robot.interact(() -> workspace.trainedModelProperty().set(live));
            WaitForAsyncUtils.sleep(100, TimeUnit.MILLISECONDS);
        }
        assertEquals(started, onFx(lab::generationsStarted), "no regeneration per copy while the run trains");
        ModelSnapshot finished = new ModelSnapshot(trained.model(), trained.tokenizer(), null, "trained here", 11, false);
        robot.interact(() -> workspace.trainedModelProperty().set(finished));
        SamplingEngine.Generated last = nextComparison(first);
        assertEquals(finished, last.source(), "the finished run regenerates at once");
        assertEquals(started + 1, onFx(lab::generationsStarted));
    }

    @Test
    void with_nothing_trained_the_lab_points_to_the_training_tab(FxRobot robot) throws Exception {
        int[] clicks = {0};
        robot.interact(() -> {
            lab.setOnTrainItYourself(() -> clicks[0]++);
            lab.apply(settings(null, COMPARE));
        });
        assertTrue(robot.lookup("#sampling-train-hint").query().isVisible());
        robot.interact(() -> robot.lookup("#sampling-train-it-yourself").queryAs(Hyperlink.class).fire());
        assertEquals(1, clicks[0]);
        robot.interact(() -> workspace.trainedModelProperty().set(TinyGpt.snapshot()));
        assertFalse(robot.lookup("#sampling-train-hint").query().isVisible(), "a trained model hides the hint");
        assertNotNull(nextComparison(null));
    }
}
