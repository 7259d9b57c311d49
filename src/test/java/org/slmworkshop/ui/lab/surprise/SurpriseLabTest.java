package org.slmworkshop.ui.lab.surprise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Spinner;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.model.CountingBigram;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.Perplexity;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.TokenLosses;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.TokenText;
import org.slmworkshop.util.Rng;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The surprise lab on Macbeth: the counted bigram (A) against a small GPT trained for a few seconds (B),
 * its numbers checked against the engine's sliding-window evaluation.
 */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class SurpriseLabTest {
    private static final int GPT_CONTEXT = 32;
    private static PreparedCorpus macbeth;
    private static ModelSnapshot gpt;

    private Workspace workspace;
    private SurpriseLab lab;

    @BeforeAll
    static void train() {
        macbeth = PreparedCorpus.prepare(CorpusCatalog.load("macbeth"), SplitSpec.DEFAULT, TokenizerSpec.defaults("char"));
        GptConfig config = new GptConfig(macbeth.tokenizer().vocabSize(), GPT_CONTEXT, 32, 2, 1, 0.0, false, true);
        LanguageModel model = Models.create(config, new Rng(1));
        TrainingConfig training = new TrainingConfig(60, 8, 1e-2, 1e-3, 5, 60, Schedule.COSINE, 0.9, 0.99, 0.0, 1.0, 0.0,
                TrainingConfig.Batching.WINDOWS, 0, 1, GPT_CONTEXT, 42);
        new Trainer(model, macbeth.data(), training).run(event -> { }, new RunControl());
        gpt = new ModelSnapshot(model, macbeth.tokenizer(), macbeth, "small test GPT", 60, false);
    }

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new SurpriseLab(workspace);
        Scene scene = new Scene(new StackPane(lab.view()), 900, 760);
        scene.getStylesheets().add(SurpriseLab.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void dispose() {
        lab.dispose();
        workspace.shutdown();
    }

    private static LabSettings settings(String corpus, String checkpoint) {
        return new LabSettings(Lab.SURPRISE, corpus, "char", null, "bigram", Map.of(), checkpoint, null, Map.of(), null, null,
                List.of(), null);
    }

    /** The counted bigram as A and the small GPT, as if trained in this window, as B; waits for both scores. */
    private void openOnMacbeth(FxRobot robot) throws Exception {
        robot.interact(() -> {
            workspace.trainedModelProperty().set(gpt);
            lab.apply(settings("macbeth", null));
        });
        awaitScores(null);
    }

    /** Waits until both columns show scores of the passage on screen (of {@code text}, when given). */
    private void awaitScores(String text) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> onFx(() -> {
            PassageBar.Passage passage = lab.passageBar().passage();
            Scored a = lab.column("A").shown(), b = lab.column("B").shown();
            return passage != null && a != null && b != null && a.text().equals(passage.text())
                    && b.text().equals(passage.text()) && (text == null || passage.text().equals(text));
        }));
    }

    private static <T> T onFx(Callable<T> query) throws Exception {
        return WaitForAsyncUtils.asyncFx(query).get(30, TimeUnit.SECONDS);
    }

    private Scored shown(String column) throws Exception {
        return onFx(() -> lab.column(column).shown());
    }

    /** The values the tokens are coloured by, in order, the unscored first token left out. */
    private double[] colouredLosses(String column) throws Exception {
        return onFx(() -> {
            TokenFlow flow = lab.column(column).flow();
            double[] values = new double[flow.size() - 1];
            for (int p = 1; p < flow.size(); p++) values[p - 1] = flow.valueAt(p);
            return values;
        });
    }

    @Test
    void theShownCrossEntropyIsTheMeanOfTheColouredLossesAndTheSlidingWindowCrossEntropyOfEval(FxRobot robot)
            throws Exception {
        openOnMacbeth(robot);
        int[] validation = macbeth.data().validationTokens();
        for (String column : List.of("A", "B")) {
            Scored scored = shown(column);
            LanguageModel model = scored.model().model();
            int context = model.config().contextLength();
            int stride = Math.min(32, context);
            assertEquals(stride, scored.stride(), column);
            int[] ids = scored.model().tokenizer().encode(scored.text()).ids();
            assertEquals(PassageBar.DEFAULT_LENGTH, ids.length, column + ": the first 400 validation tokens");
            assertTrue(Arrays.equals(Arrays.copyOf(validation, ids.length), ids), column + ": the passage is the split's start");

            double[] losses = colouredLosses(column);
            assertEquals(ids.length - 1, losses.length, column + ": a coloured token per scored token");
            double mean = Arrays.stream(losses).average().orElseThrow();
            double shownCrossEntropy = scored.losses().crossEntropy();
            assertEquals(mean, shownCrossEntropy, 1e-12, column);
            String label = onFx(() -> lab.column(column).crossEntropyLabel().getText());
            assertTrue(label.contains(ModelColumn.format(shownCrossEntropy)), label);
            assertTrue(label.contains(String.format(Locale.ROOT, "perplexity %.2f", Math.exp(mean))), label);

            double engine = TokenLosses.of(model, scored.model().tokenizer(), ids, context, stride, 16).crossEntropy();
            double perplexity = Perplexity.slidingWindow(model, ids, context, stride, 16).crossEntropy();
            assertEquals(engine, shownCrossEntropy, 1e-6, column + ": TokenLosses on the same text");
            assertEquals(perplexity, shownCrossEntropy, 1e-6, column + ": Perplexity.slidingWindow on the same text");
            // what eval --tokens 399 lists for the whole split: the first 399 targets are scored exactly as here
            List<TokenLosses.TokenLoss> evalListed = TokenLosses.of(model, scored.model().tokenizer(), validation, context,
                    stride, 16).tokens().subList(0, losses.length);
            for (int i = 0; i < losses.length; i++) {
                assertEquals(evalListed.get(i).loss(), losses[i], 1e-6, column + " position " + (i + 1));
                assertEquals(evalListed.get(i).contextLength(), scored.losses().tokens().get(i).contextLength());
            }
        }
    }

    @Test
    void theCountedBigramsLossesAreMinusLogOfItsCountsAndTheTwoModelsDiffer(FxRobot robot) throws Exception {
        openOnMacbeth(robot);
        Scored a = shown("A"), b = shown("B");
        assertEquals("bigram", a.model().kind());
        CountingBigram counts = CountingBigram.fit(List.of(macbeth.data().trainTokens()), macbeth.tokenizer().vocabSize(), 1.0);
        int[] ids = macbeth.tokenizer().encode(a.text()).ids();
        for (TokenLosses.TokenLoss token : a.losses().tokens()) {
            // float logits of log p, so to float precision: −ln p(next | previous) = −ln (count + 1) / (row + V)
            double p = counts.probability(ids[token.position() - 1], ids[token.position()]);
            assertEquals(-Math.log(p), token.loss(), 1e-4, "position " + token.position());
        }
        assertEquals(counts.crossEntropy(List.of(ids)), a.losses().crossEntropy(), 1e-5, "the counted bigram's cross-entropy");

        String labelA = onFx(() -> lab.column("A").crossEntropyLabel().getText());
        String labelB = onFx(() -> lab.column("B").crossEntropyLabel().getText());
        assertNotEquals(labelA, labelB);
        assertTrue(Math.abs(a.losses().crossEntropy() - b.losses().crossEntropy()) > 0.01,
                a.losses().crossEntropy() + " vs " + b.losses().crossEntropy());

        robot.clickOn("#surprise-difference");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(a.alignsWith(b));
        double mean = 0, extent = 0;
        int widest = 1;
        for (int p = 1; p < a.tokenCount(); p++) {
            double d = a.at(p).loss() - b.at(p).loss();
            mean += d / (a.tokenCount() - 1);
            if (Math.abs(d) > extent) {
                extent = Math.abs(d);
                widest = p;
            }
        }
        assertEquals(a.losses().crossEntropy() - b.losses().crossEntropy(), mean, 1e-9, "mean of A − B is CE A − CE B");
        String summary = onFx(() -> lab.differenceView().summary().getText());
        assertTrue(summary.contains(String.format(Locale.ROOT, "%.4f nats", mean)), summary);
        int at = widest;
        double d = a.at(at).loss() - b.at(at).loss();
        Color expected = d > 0 ? Color.web("#2166ac") : Color.web("#b2182b");
        assertEquals(expected, onFx(() -> lab.differenceView().flow().colourAt(at)), "the widest gap gets an end of the ramp");
    }

    @Test
    void theMostSurprisingTokenIsColouredWithTheTopOfTheScale(FxRobot robot) throws Exception {
        openOnMacbeth(robot);
        String top = null;
        int topPosition = -1;
        double max = -1, min = Double.MAX_VALUE;
        int minPosition = -1;
        String minColumn = null;
        for (String column : List.of("A", "B")) {
            for (TokenLosses.TokenLoss token : shown(column).losses().tokens()) {
                if (token.loss() > max) {
                    max = token.loss();
                    top = column;
                    topPosition = token.position();
                }
                if (token.loss() < min) {
                    min = token.loss();
                    minColumn = column;
                    minPosition = token.position();
                }
            }
        }
        String column = top, lowColumn = minColumn;
        int position = topPosition, lowPosition = minPosition;
        Color topColour = ColourRamp.surprise(1).top();
        assertEquals(Color.web("#800026"), topColour);
        assertEquals(topColour, onFx(() -> lab.column(column).flow().colourAt(position)), "the largest loss, " + max);
        assertEquals(max, onFx(() -> lab.legend().ramp().max()), 1e-12, "the legend's top is that loss");
        assertNull(onFx(() -> lab.column(column).flow().colourAt(0)), "token 0 is not scored and not coloured");
        Color low = onFx(() -> lab.column(lowColumn).flow().colourAt(lowPosition));
        assertEquals(ColourRamp.surprise(max).colour(min), low, "the smallest loss, " + min + ", at its place on the ramp");
        assertTrue(low.getRed() + low.getGreen() + low.getBlue() > 2.5, "and close to white: " + low);
        assertTrue(onFx(() -> lab.column(column).flow().onDark(position)), "white text on the darkest colour");
        assertTrue(onFx(() -> !lab.column(lowColumn).flow().onDark(lowPosition)), "dark text on the lightest");
    }

    @Test
    void theStrideSetsTheWindowsAndTheContextEachTokenWasScoredWith(FxRobot robot) throws Exception {
        openOnMacbeth(robot);
        Scored before = shown("B");
        robot.interact(() -> lab.passageBar().setStride(8));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(() -> lab.column("B").shown() != null
                && lab.column("B").shown().stride() == 8 && lab.column("A").shown().stride() == 8));
        Scored b = shown("B");
        assertEquals(before.text(), b.text());
        int[] ids = b.model().tokenizer().encode(b.text()).ids();
        assertEquals(Perplexity.windows(ids.length, GPT_CONTEXT, 8), b.losses().windows());
        for (TokenLosses.TokenLoss token : b.losses().tokens()) {
            if (token.window() > 0) {
                assertTrue(token.contextLength() >= GPT_CONTEXT - 8 + 1 && token.contextLength() <= GPT_CONTEXT,
                        "position " + token.position() + ": " + token.contextLength());
            }
        }
        assertEquals(Perplexity.slidingWindow(b.model().model(), ids, GPT_CONTEXT, 8, 16).crossEntropy(),
                b.losses().crossEntropy(), 1e-6);
    }

    @Test
    void hoveringATokenTellsItsLossProbabilityAndContextForBothModels(FxRobot robot) throws Exception {
        openOnMacbeth(robot);
        int position = 150;
        javafx.geometry.Point2D onScreen = onFx(() -> {
            TokenFlow flow = lab.column("B").flow();
            return flow.localToScreen(flow.centreOf(position));
        });
        robot.moveTo(onScreen);
        WaitForAsyncUtils.waitForFxEvents();
        String readout = onFx(() -> lab.readout().getText());
        for (String column : List.of("A", "B")) {
            TokenLosses.TokenLoss token = shown(column).at(position);
            assertTrue(readout.contains(String.format(Locale.ROOT, "%s loss %.3f nats", column, token.loss())), readout);
            assertTrue(readout.contains(String.format(Locale.ROOT, "p = %.3f", Math.exp(-token.loss())))
                    || Math.exp(-token.loss()) < 0.01, readout);
            assertTrue(readout.contains("scored with " + token.contextLength() + " tokens of context"), readout);
        }
        assertTrue(readout.startsWith("'" + TokenText.dotted(shown("B").at(position).piece()) + "' (token " + position + ")"),
                readout);
        int context = shown("B").at(position).contextLength();
        assertEquals(context, onFx(() -> lab.column("B").flow().markedContext()), "the tokens its prediction saw are marked");
        assertEquals(shown("A").at(position).contextLength(), onFx(() -> lab.column("A").flow().markedContext()),
                "and in the other column, the context its own windows gave it");
    }

    @Test
    void textThatCannotBeScoredGetsAClearMessageAndTypedTextIsScored(FxRobot robot) throws Exception {
        openOnMacbeth(robot);
        robot.interact(() -> lab.passageBar().useOwnText("x"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> lab.column("B").shown() == null
                && lookupDetails("B").contains("need at least 2 tokens")));
        assertTrue(onFx(() -> lookupDetails("A")).contains("This passage cannot be scored: need at least 2 tokens to evaluate"));

        String typed = "Macbeth. So foule and faire a day I haue not seene.";
        robot.interact(() -> lab.passageBar().useOwnText(typed));
        awaitScores(typed);
        Scored b = shown("B");
        int[] ids = b.model().tokenizer().encode(typed).ids();
        assertEquals(Perplexity.slidingWindow(b.model().model(), ids, GPT_CONTEXT, 32, 16).crossEntropy(),
                b.losses().crossEntropy(), 1e-6);
        assertTrue(onFx(() -> !lookupDetails("B").contains("cannot")));
    }

    @Test
    void aModelStillTrainingIsFollowedAndItsLatestCopyIsShown(FxRobot robot) throws Exception {
        openOnMacbeth(robot);
        ModelSnapshot last = null;
        for (int step = 1; step <= 6; step++) {
            ModelSnapshot copy = new ModelSnapshot(ModelSnapshot.copyOf(gpt.model()), gpt.tokenizer(), gpt.prepared(),
                    "trained here, step " + step, step, true);
            robot.interact(() -> workspace.trainedModelProperty().set(copy));
            last = copy;
            Thread.sleep(150);   // a run publishes a copy twice a second
        }
        ModelSnapshot latest = last;
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> lab.column("B").shown().model() == latest));
        assertEquals(gpt.model().config(), shown("B").model().model().config());
        assertEquals(shown("A").text(), shown("B").text());
        assertTrue(onFx(() -> lab.view().lookup("#surprise-model-state-B") instanceof javafx.scene.control.Label label
                && label.getText().startsWith("trained here, step 6")));
    }

    private String lookupDetails(String column) {
        return ((javafx.scene.control.Label) lab.view().lookup("#surprise-details-" + column)).getText();
    }

    @Test
    void lessonEightOpensTheSurpriseLabOnTheShippedGptAndItBeatsTheCountedBigram(FxRobot robot) throws Exception {
        Lesson lesson = Lessons.load(Path.of("lessons")).lessons().stream().filter(l -> l.id().equals("08-evaluation"))
                .findFirst().orElseThrow();
        LabSettings settings = lesson.labs().stream().filter(l -> l.lab() == Lab.SURPRISE).findFirst().orElseThrow();
        assertNotNull(settings.checkpoint());
        robot.interact(() -> lab.apply(settings));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> onFx(() -> lab.column("A").shown() != null
                && lab.column("B").shown() != null));
        Scored bigram = shown("A"), shipped = shown("B");
        assertEquals("gpt", shipped.model().kind());
        assertTrue(shipped.losses().crossEntropy() < bigram.losses().crossEntropy() - 0.3,
                "the loss ladder: " + bigram.losses().crossEntropy() + " → " + shipped.losses().crossEntropy());
        int stride = onFx(() -> ((Spinner<?>) lab.view().lookup("#surprise-stride")).getValue()) instanceof Integer s ? s : -1;
        assertEquals(32, stride, "half the context, as eval's default");
    }
}
