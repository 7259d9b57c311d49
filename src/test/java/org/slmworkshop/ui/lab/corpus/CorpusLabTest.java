package org.slmworkshop.ui.lab.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenPiece;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.CorpusChoice;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class CorpusLabTest {
    @TempDir
    static Path folder;
    static Path corpusFile;

    private Workspace workspace;
    private CorpusLab lab;

    @BeforeAll
    static void writeCorpus() throws IOException {
        System.setProperty("slm.home", folder.resolve("home").toString());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            text.append("The cat sat on the mat, and the dog sat by the door. ");
            if (i % 7 == 0) text.append("Nell and Kit walked home together.\n\n");
        }
        corpusFile = folder.resolve("little.txt");
        Files.writeString(corpusFile, text);
    }

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new CorpusLab(workspace);
        Scene scene = new Scene((Parent) lab.view(), 900, 800);
        scene.getStylesheets().add(CorpusLabTest.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private static LabSettings settings(String corpus, String tokenizer, Integer vocab) {
        return new LabSettings(Lab.CORPUS, corpus, tokenizer, vocab, null, null, null, null, null, null, null, null, null);
    }

    private void open(FxRobot robot, String corpus, String tokenizer, Integer vocab) throws TimeoutException {
        robot.interact(() -> lab.apply(settings(corpus, tokenizer, vocab)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lab.prepared() != null
                && lab.prepared().tokenizer().kind().equals(tokenizer) && lab.lastLoad().isDone());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** The spans on screen, read on the FX thread (they are replaced as the sample is re-tokenized). */
    private static List<TokenPiece> spans(FxRobot robot) {
        return onFx(() -> robot.lookup("." + TokenSpans.SPAN_CLASS).queryAll().stream()
                .map(node -> (TokenPiece) node.getUserData()).toList());
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void statisticsAreTheEnginesNumbers(FxRobot robot) throws TimeoutException {
        open(robot, corpusFile.toString(), "char", null);
        PreparedCorpus expected = PreparedCorpus.prepare(CorpusCatalog.load(corpusFile.toString()), SplitSpec.DEFAULT,
                TokenizerSpec.defaults("char"));
        int train = expected.data().trainTokens().length;
        int validation = expected.data().validationTokens().length;
        assertEquals(Numbers.count(expected.tokenizer().vocabSize()), text(robot, "#stat-vocab"));
        assertEquals(Numbers.count(train + validation), text(robot, "#stat-tokens"));
        assertTrue(text(robot, "#stat-train-tokens").startsWith(Numbers.count(train) + " "));
        assertTrue(text(robot, "#stat-validation-tokens").startsWith(Numbers.count(validation) + " "));
        assertEquals(Numbers.count(expected.corpus().documents().size()), text(robot, "#stat-documents"));
        assertEquals(Numbers.count(expected.corpus().charCount()), text(robot, "#stat-characters"));
        assertEquals(String.format("%.3f nats", Math.log(expected.tokenizer().vocabSize())), text(robot, "#stat-uniform"));
        long bigramBytes = 4L * expected.tokenizer().vocabSize() * expected.tokenizer().vocabSize();
        assertEquals(Numbers.bytes(bigramBytes), text(robot, "#stat-bigram-memory"));
    }

    @Test
    void theCatWithTheCharTokenizerIsSevenSpansWithTheirIds(FxRobot robot) throws TimeoutException {
        open(robot, corpusFile.toString(), "char", null);
        robot.interact(() -> robot.lookup("#token-input").queryAs(TextArea.class).setText("the cat"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> spans(robot).size() == 7);
        int[] ids = lab.prepared().tokenizer().encode("the cat").ids();
        assertArrayEquals(ids, spans(robot).stream().mapToInt(TokenPiece::id).toArray());
        assertEquals(List.of("t", "h", "e", " ", "c", "a", "t"), spans(robot).stream().map(TokenPiece::text).toList());
        assertTrue(robot.lookup("#count-char").queryButton().getText().startsWith("char: 7 tokens"));
        assertTrue(robot.lookup("#count-word").queryButton().getText().startsWith("word: 2 tokens"));
    }

    @Test
    void wordsOutsideASmallVocabularyShowAsRedUnknowns(FxRobot robot) throws TimeoutException {
        open(robot, corpusFile.toString(), "word", 10);
        assertTrue(lab.prepared().tokenizer().vocabSize() <= 10);
        robot.interact(() -> robot.lookup("#token-input").queryAs(TextArea.class).setText("the cat met Quilp"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> spans(robot).size() == 4);
        List<Node> unknown = onFx(() -> List.copyOf(robot.lookup(".token-unknown").queryAll()));
        assertTrue(unknown.stream().anyMatch(node -> ((TokenPiece) node.getUserData()).text().equals(" Quilp")));
        assertTrue(text(robot, "#sample-unknowns").contains("<unk>"));
    }

    @Test
    void clickingACountSwitchesTheTokenizer(FxRobot robot) throws TimeoutException {
        open(robot, corpusFile.toString(), "char", null);
        robot.clickOn("#count-bpe");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lab.prepared().tokenizer().kind().equals("bpe"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Numbers.count(lab.prepared().tokenizer().vocabSize()), text(robot, "#stat-vocab"));
    }

    @Test
    void anEmptyOrBinaryFileShowsWhyAndKeepsThePreviousCorpus(FxRobot robot) throws Exception {
        open(robot, corpusFile.toString(), "char", null);
        PreparedCorpus before = lab.prepared();
        Path empty = Files.createFile(folder.resolve("empty.txt"));
        Path binary = Files.write(folder.resolve("image.txt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2});
        for (Path bad : List.of(empty, binary)) {
            robot.interact(() -> lab.importCorpus(bad));
            lab.lastLoad().get(30, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            String reason = bad.equals(empty) ? "is empty" : "looks binary";
            Label error = robot.lookup("#corpus-error").queryAs(Label.class);
            assertTrue(error.isVisible());
            assertTrue(error.getText().contains(bad.getFileName().toString()) && error.getText().contains(reason), error.getText());
            assertTrue(workspace.notifier().lastMessageProperty().get().contains(reason),
                    workspace.notifier().lastMessageProperty().get());
            assertSame(before, lab.prepared());
            ComboBox<?> choice = robot.lookup("#corpus-choice").queryComboBox();
            assertEquals(corpusFile.toAbsolutePath().normalize().toString(), ((CorpusChoice) choice.getValue()).key());
            assertEquals(corpusFile.toAbsolutePath().normalize().toString(), workspace.settings().lastCorpus());
        }
    }
}
