package org.slmworkshop.ui.lab.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.CountingBigram;
import org.slmworkshop.model.CountingUnigram;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.util.Rng;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class LowRankLabTest {
    @TempDir
    static Path folder;
    static Path corpusFile;

    private Workspace workspace;
    private LowRankLab lab;

    @BeforeAll
    static void writeCorpus() throws IOException {
        System.setProperty("slm.home", folder.resolve("home").toString());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) text.append("the cat sat on the mat; the dog lay by the warm door. ");
        corpusFile = folder.resolve("tiny.txt");
        Files.writeString(corpusFile, text);
    }

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new LowRankLab(workspace);
        Scene scene = new Scene((Parent) lab.view(), 900, 800);
        scene.getStylesheets().add(LowRankLabTest.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    /** A tiny ladder: short windows and a handful of steps keep every run well under a second. */
    private void open(FxRobot robot, List<Integer> ranks, int steps) throws TimeoutException {
        LabSettings settings = new LabSettings(Lab.LOWRANK, corpusFile.toString(), "char", null, "lowrank",
                Map.of("steps", steps, "context", 8, "batch", 4, "evalBatches", 2), null, null, null, null, null, ranks, null);
        robot.interact(() -> lab.apply(settings));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rung("counting").map(Rung::hasLoss).orElse(false)
                && lab.references().isDone());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Optional<Rung> rung(String key) {
        return lab.rungs().stream().filter(r -> r.key().equals(key)).findFirst();
    }

    private static PreparedCorpus engineCorpus() {
        return PreparedCorpus.prepare(org.slmworkshop.text.CorpusCatalog.load(corpusFile.toString()), SplitSpec.DEFAULT,
                TokenizerSpec.defaults("char"));
    }

    @Test
    void theLadderHoldsUniformAtLnVExactlyAndTheCountedModelsValues(FxRobot robot) throws TimeoutException {
        open(robot, List.of(2, 4), 5);
        PreparedCorpus corpus = engineCorpus();
        int vocab = corpus.tokenizer().vocabSize();
        List<int[]> train = List.of(corpus.data().trainTokens());
        List<int[]> validation = List.of(corpus.data().validationTokens());
        assertEquals(Math.log(vocab), rung("uniform").orElseThrow().loss(), 0.0);
        assertEquals(CountingUnigram.fit(train, vocab, 1.0).crossEntropy(validation), rung("unigram").orElseThrow().loss(), 1e-12);
        assertEquals(CountingBigram.fit(train, vocab, 1.0).crossEntropy(validation), rung("counting").orElseThrow().loss(), 1e-12);
        assertEquals((long) vocab * vocab, rung("counting").orElseThrow().parameters());
        assertEquals(2L * vocab * 4, rung("lowrank-4").orElseThrow().parameters());
        assertFalse(rung("lowrank-4").orElseThrow().hasLoss());
        Rung gpt = rung("gpt").orElseThrow();
        assertFalse(gpt.hasLoss(), "the shipped GPT was trained on dickens, not on this file");
        assertTrue(gpt.note().contains("dickens"), gpt.note());
        assertEquals(List.of("uniform", "unigram", "lowrank-2", "lowrank-4", "bigram", "counting", "gpt"),
                lab.rungs().stream().map(Rung::key).toList());
    }

    @Test
    void trainingATinyRankAddsItsRungWithTheRunsValidationLoss(FxRobot robot) throws TimeoutException {
        open(robot, List.of(4), 5);
        robot.interact(() -> robot.lookup("#rank").queryAs(Spinner.class).getValueFactory().setValue(3));
        robot.clickOn("#train-rank");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rung("lowrank-3").map(Rung::hasLoss).orElse(false));
        TrainingEvent.Finished finished = (TrainingEvent.Finished) workspace.training().history().stream()
                .filter(e -> e instanceof TrainingEvent.Finished).findFirst().orElseThrow();
        Rung rank3 = rung("lowrank-3").orElseThrow();
        assertEquals(finished.summary().validationLoss(), rank3.loss(), 0.0);
        assertEquals(finished.summary().parameters(), rank3.parameters());
        assertEquals(5, finished.step());
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#ladder-status").queryAs(Label.class).getText();
        assertTrue(status.startsWith("rank 3: finished"), status);
    }

    @Test
    void theLadderTrainsEachRankInTurn(FxRobot robot) throws TimeoutException {
        open(robot, List.of(2, 5), 4);
        robot.clickOn("#train-ladder");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> rung("lowrank-2").map(Rung::hasLoss).orElse(false)
                && rung("lowrank-5").map(Rung::hasLoss).orElse(false));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !workspace.training().state().isActive());
        assertEquals("low rank d = 5", workspace.training().titleProperty().get());
    }

    @Test
    void stoppingEndsTheLadderWithoutARungForTheStoppedRank(FxRobot robot) throws TimeoutException {
        open(robot, List.of(2, 5), 1_000_000);
        robot.clickOn("#train-ladder");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> workspace.training().history().stream()
                .anyMatch(e -> e instanceof TrainingEvent.Step));
        robot.clickOn("#stop-ladder");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup("#ladder-status").queryAs(Label.class).getText().contains("stopped"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(rung("lowrank-2").orElseThrow().hasLoss());
        assertFalse(rung("lowrank-5").orElseThrow().hasLoss());
        assertEquals(TrainingSession.State.CANCELLED, workspace.training().state());
    }

    @Test
    void aBigramTrainedElsewhereInTheWindowBecomesTheLearnedBigramRung(FxRobot robot) throws Exception {
        open(robot, List.of(4), 5);
        PreparedCorpus corpus = workspace.prepare(corpusFile.toString(), TokenizerSpec.defaults("char"), SplitSpec.DEFAULT)
                .get(30, TimeUnit.SECONDS);
        RunSettings settings = RunSettings.from(Map.of("steps", 6, "context", 8, "batch", 4, "evalBatches", 2));
        robot.interact(() -> workspace.training().start("bigram from the training lab", () -> new TrainingSession.Setup(
                new Trainer(Models.create(new BigramConfig(corpus.tokenizer().vocabSize(), 8), new Rng(1)), corpus.data(),
                        settings.training("bigram")), corpus, "bigram from the training lab")));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rung("bigram").map(Rung::hasLoss).orElse(false));
        TrainingEvent.Finished finished = (TrainingEvent.Finished) workspace.training().history().stream()
                .filter(e -> e instanceof TrainingEvent.Finished).findFirst().orElseThrow();
        assertEquals(finished.summary().validationLoss(), rung("bigram").orElseThrow().loss(), 0.0);
    }
}
