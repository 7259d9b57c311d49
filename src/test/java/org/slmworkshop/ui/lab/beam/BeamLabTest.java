package org.slmworkshop.ui.lab.beam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.generate.Beam;
import org.slmworkshop.generate.BeamTree;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.util.Rng;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The beam lab on lesson 7's toy bigram and on a small GPT: what it draws is what the engine's search returns. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class BeamLabTest {
    private static final double P_BEAM = 0.36, P_GREEDY = 0.18;   // worked out on paper in BeamToyExample

    private Workspace workspace;
    private BeamLab lab;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new BeamLab(workspace);
        Scene scene = new Scene(new StackPane(lab.view()), 820, 760);
        scene.getStylesheets().add(BeamLab.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void dispose() {
        lab.dispose();
        workspace.shutdown();
    }

    private static LabSettings lessonSettings(String prompt, int width, int maxTokens) {
        return new LabSettings(Lab.BEAM, null, null, null, null, Map.of(), null, prompt,
                Map.of("beamWidth", width, "maxTokens", maxTokens), null, null, List.of(), null);
    }

    private BeamEngine.Result openOnToy(FxRobot robot) throws Exception {
        robot.interact(() -> lab.apply(lessonSettings("It was a", 3, 5)));
        return shownWhen(r -> r.request().source().equals(BeamToyExample.SOURCE));
    }

    private BeamEngine.Result shownWhen(Predicate<BeamEngine.Result> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(() -> lab.shown() != null && condition.test(lab.shown())
                && lab.treeView().drawn()));   // the tree is drawn a few dozen nodes a frame
        WaitForAsyncUtils.waitForFxEvents();
        return onFx(lab::shown);
    }

    private static <T> T onFx(Callable<T> query) throws Exception {
        return WaitForAsyncUtils.asyncFx(query).get(30, TimeUnit.SECONDS);
    }

    private List<BeamNodeView> drawn() throws Exception {
        return onFx(() -> {
            lab.view().applyCss();
            return lab.treeView().nodeViews();
        });
    }

    /** What the drawing says a leaf's path is: its tokens and their log-probabilities, walking the drawn parents. */
    private record DrawnPath(int[] tokens, double logProbability, boolean finished, String label) {}

    private static List<DrawnPath> drawnKeptLeaves(List<BeamNodeView> views, BeamTree tree) {
        List<DrawnPath> leaves = new ArrayList<>();
        for (BeamNodeView view : views) {
            BeamTree.Node node = view.cell().node();
            boolean finished = view.getStyleClass().contains("finished");
            boolean keptAtLastStep = view.getStyleClass().contains("kept") && node.step() == tree.steps();
            if (!finished && !keptAtLastStep) continue;
            List<Integer> tokens = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            double sum = 0;
            for (BeamNodeView v = view; v.cell().parent() >= 0; v = views.get(v.cell().parent())) {
                tokens.add(0, v.cell().node().token());
                labels.add(0, v.tokenText());
                sum += v.cell().node().logProbability();
            }
            if (finished) tokens.remove(tokens.size() - 1);   // a beam's tokens leave out its <eot>
            leaves.add(new DrawnPath(tokens.stream().mapToInt(Integer::intValue).toArray(), sum, finished,
                    String.join(" ", labels)));
        }
        return leaves;
    }

    /** The drawn kept leaves, in the beams' order (by score, as the search ranks them), are the returned beams. */
    private static void assertDrawnLeavesAreTheBeams(List<Beam> beams, List<DrawnPath> leaves) {
        assertEquals(beams.size(), leaves.size(), "one drawn leaf per returned beam");
        List<DrawnPath> unmatched = new ArrayList<>(leaves);
        for (Beam beam : beams) {
            DrawnPath match = unmatched.stream().filter(l -> java.util.Arrays.equals(l.tokens(), beam.tokens())
                    && l.finished() == beam.finished()).findFirst().orElseThrow(() -> new AssertionError(
                    "no drawn leaf for the beam " + java.util.Arrays.toString(beam.tokens())));
            assertEquals(beam.logProbability(), match.logProbability(), 1e-9, "the drawn path's log p add up to the beam's");
            unmatched.remove(match);
        }
    }

    @Test
    void onTheToyExampleTheDrawnKeptLeavesAreTheBeamsTheSearchReturns(FxRobot robot) throws Exception {
        BeamEngine.Result result = openOnToy(robot);
        Generator generator = new Generator(BeamToyExample.model(), BeamToyExample.tokenizer());
        List<Beam> beams = generator.beamSearch(generator.prompt("a"), DecodingSettings.beam(2, false), 2);
        assertEquals(4, beams.size(), "c <eot> and b <eot> finished, b a and b c left live at the budget");
        assertEquals(Math.log(P_BEAM), beams.get(0).logProbability(), 1e-5);

        List<BeamNodeView> views = drawn();
        assertEquals(result.tree().nodes().size(), views.size(), "every node is drawn, pruned ones too");
        assertDrawnLeavesAreTheBeams(beams, drawnKeptLeaves(views, result.tree()));
        assertEquals(List.of("c <eot>", "b a", "b <eot>", "b c"),
                beams.stream().map(b -> labelOf(views, result.tree(), b)).toList());
    }

    private static String labelOf(List<BeamNodeView> views, BeamTree tree, Beam beam) {
        return drawnKeptLeaves(views, tree).stream().filter(l -> java.util.Arrays.equals(l.tokens(), beam.tokens())
                && l.finished() == beam.finished()).findFirst().orElseThrow().label();
    }

    @Test
    void theBestBeamIsCEotAtP036AndGreedysBAAtP018IsListedBesideIt(FxRobot robot) throws Exception {
        openOnToy(robot);
        assertEquals("c <eot>", robot.lookup("#beam-label-1").queryAs(Label.class).getText());
        assertEquals("b a", robot.lookup("#beam-greedy-label").queryAs(Label.class).getText());
        String verdict = robot.lookup("#beam-verdict").queryAs(Label.class).getText();
        assertTrue(verdict.contains("2.0× as likely") && verdict.contains("0.36") && verdict.contains("0.18"), verdict);
        BeamNodeView best = drawn().stream().filter(v -> v.getStyleClass().contains("best-beam")).findFirst().orElseThrow();
        assertEquals("<eot>", best.tokenText());
        assertEquals(Math.log(P_BEAM), best.cell().node().cumulativeLogProbability(), 1e-5);
        assertTrue(best.getStyleClass().contains("finished"));
    }

    @Test
    void greedysPathIsMarkedOnItsNodesAndNowhereElse(FxRobot robot) throws Exception {
        BeamEngine.Result result = openOnToy(robot);
        List<BeamNodeView> greedy = drawn().stream().filter(v -> v.getStyleClass().contains("greedy")).toList();
        assertEquals(List.of("b", "a"), greedy.stream().map(BeamNodeView::tokenText).toList());
        assertEquals(List.of(1, 5), greedy.stream().map(v -> v.cell().node().id()).toList(), "BeamTreeTest's greedy nodes");
        assertEquals(result.tree().greedy().steps().stream().map(BeamTree.GreedyStep::node).toList(),
                greedy.stream().map(v -> v.cell().node().id()).toList());
        assertEquals(Math.log(P_GREEDY), greedy.get(1).cell().node().cumulativeLogProbability(), 1e-5);
        assertTrue(greedy.stream().noneMatch(v -> v.getStyleClass().contains("pruned")), "the search kept both");
    }

    @Test
    void prunedNodesAreDrawnFadedNotHidden(FxRobot robot) throws Exception {
        openOnToy(robot);
        List<BeamNodeView> views = drawn();
        List<BeamNodeView> pruned = views.stream().filter(v -> v.getStyleClass().contains("pruned")).toList();
        // a → <eot> (0.1), c → a (0.04) and c → <unk> (never)
        assertEquals(List.of("<eot>", "a", "<unk>"), pruned.stream().map(BeamNodeView::tokenText).toList());
        for (BeamNodeView view : pruned) {
            assertEquals(BeamTree.Status.PRUNED, view.cell().node().status());
            assertTrue(view.isVisible());
            // faded by colour (45% over the surface), not by opacity, which would render each node offscreen
            assertEquals(javafx.scene.paint.Color.web("#94979e"), view.tokenFill(), view.tokenText());
        }
        for (BeamNodeView view : views) {
            assertEquals(1.0, view.getOpacity(), 0, view.tokenText());
            if (!view.getStyleClass().contains("pruned")) {
                assertEquals(javafx.scene.paint.Color.web("#111827"), view.tokenFill(), view.tokenText());
            }
        }
    }

    @Test
    void greedyPastTheSearchIsDrawnOutsideTheTree(FxRobot robot) throws Exception {
        openOnToy(robot);
        Spinner<Integer> maxTokens = robot.lookup("#beam-max-tokens").queryAs(Spinner.class);
        robot.interact(() -> maxTokens.getValueFactory().setValue(5));
        BeamEngine.Result result = shownWhen(r -> r.request().setup().maxTokens() == 5);
        assertEquals(2, result.tree().steps(), "two beams finished at step 2");
        List<BeamNodeView> outside = drawn().stream().filter(v -> v.getStyleClass().contains("outside")).toList();
        assertEquals(List.of("b", "a", "b"), outside.stream().map(BeamNodeView::tokenText).toList());
        assertTrue(outside.stream().allMatch(v -> v.getStyleClass().contains("greedy")));
        assertEquals(List.of(3, 4, 5), outside.stream().map(v -> v.cell().column()).toList());
        assertEquals("b a (b) (a) (b)", robot.lookup("#beam-greedy-label").queryAs(Label.class).getText());
    }

    @Test
    void hoveringANodeTellsItsPathProbabilityAndTheTextSoFar(FxRobot robot) throws Exception {
        openOnToy(robot);
        BeamNodeView best = drawn().stream().filter(v -> v.getStyleClass().contains("best-beam")).findFirst().orElseThrow();
        robot.interact(() -> best.getOnMouseEntered().handle(null));
        String hover = robot.lookup("#beam-hover").queryAs(Label.class).getText();
        assertTrue(hover.contains("path Σ log p −1.022 (p 0.36)"), hover);
        assertTrue(hover.contains("“ac”, then <eot>"), hover);
        assertTrue(hover.contains("returned as beam 1"), hover);
    }

    @Test
    void aPromptOutsideTheVocabularyIsExplainedInTheLab(FxRobot robot) throws Exception {
        openOnToy(robot);
        TextField prompt = robot.lookup("#beam-prompt").queryAs(TextField.class);
        robot.interact(() -> {
            prompt.setText("xyz");
            prompt.getOnAction().handle(null);
        });
        shownWhen(r -> r.request().setup().prompt().equals("xyz"));
        String note = robot.lookup("#beam-prompt-note").queryAs(Label.class).getText();
        assertTrue(note.contains("<unk>") && note.contains("\"xyz\"") && note.contains("only a, b and c"), note);
    }

    @Test
    void withoutAModelTheLabSaysSoAndOnAGptItDrawsTheBeamsTheSearchReturns(FxRobot robot) throws Exception {
        openOnToy(robot);
        robot.interact(() -> lab.showToy(false));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> lab.shown() == null));
        String status = robot.lookup("#beam-status").queryAs(Label.class).getText();
        assertTrue(status.startsWith("No model to search yet"), status);

        Tokenizer tokenizer = BeamToyExample.tokenizer();
        LanguageModel gpt = Models.create(new GptConfig(tokenizer.vocabSize(), 8, 16, 2, 1, 0.0, false, true), new Rng(5));
        robot.interact(() -> workspace.trainedModelProperty().set(new ModelSnapshot(gpt, tokenizer, null, "random GPT", 0, false)));
        BeamEngine.Result result = shownWhen(r -> r.request().source().equals("random GPT"));
        assertEquals("It was a", result.request().setup().prompt(), "the lesson's prompt, kept for its model");
        assertEquals(3, result.request().setup().beamWidth());
        assertEquals(5, result.request().setup().maxTokens());
        Generator generator = new Generator(gpt, tokenizer);
        List<Beam> beams = generator.beamSearch(generator.prompt("It was a"), DecodingSettings.beam(3, false), 5);
        assertDrawnLeavesAreTheBeams(beams, drawnKeptLeaves(drawn(), result.tree()));

        // the same model a little further into a run, published live: the search is redrawn in place, node for node
        List<BeamNodeView> before = drawn();
        List<String> ownBefore = onFx(() -> before.stream().map(BeamNodeView::ownText).toList());
        LanguageModel later = ModelSnapshot.copyOf(gpt);
        float[] weights = later.store().values().toHost();
        for (int i = 0; i < weights.length; i++) weights[i] += 0.002f * (float) Math.sin(i);
        later.store().values().copyFrom(weights);
        robot.interact(() -> workspace.trainedModelProperty().set(new ModelSnapshot(later, tokenizer, null, "random GPT", 1, true)));
        BeamEngine.Result moved = shownWhen(r -> r.tree() != result.tree() && r.request().source().equals("random GPT"));
        List<BeamNodeView> after = drawn();
        assertEquals(result.layout().cells().size(), moved.layout().cells().size(), "the nudge keeps the tree's shape");
        for (int i = 0; i < before.size(); i++) assertSame(before.get(i), after.get(i), "node " + i + " was drawn anew");
        Generator laterGenerator = new Generator(later, tokenizer);
        List<Beam> laterBeams = laterGenerator.beamSearch(generator.prompt("It was a"), DecodingSettings.beam(3, false), 5);
        assertDrawnLeavesAreTheBeams(laterBeams, drawnKeptLeaves(after, moved.tree()));
        int rewritten = 0;
        for (BeamNodeView view : after) {
            BeamTree.Node node = view.cell().node();
            assertSame(moved.layout().cells().get(view.cell().index()), view.cell());
            if (node == null || node.status() == BeamTree.Status.ROOT) continue;
            assertTrue(view.ownText().startsWith(BeamFormat.logProbability(node.logProbability())),
                    view.ownText() + " does not show the new log p " + node.logProbability());
            if (!view.ownText().equals(ownBefore.get(view.cell().index()))) rewritten++;
        }
        assertTrue(rewritten > 3, "only " + rewritten + " nodes show new numbers");

        // the widest tree the lab draws, a few dozen nodes a frame: in the end every node is there
        Spinner<Integer> width = robot.lookup("#beam-width").queryAs(Spinner.class);
        Spinner<Integer> maxTokens = robot.lookup("#beam-max-tokens").queryAs(Spinner.class);
        robot.interact(() -> {
            width.getValueFactory().setValue(BeamSetup.MAX_WIDTH);
            maxTokens.getValueFactory().setValue(BeamSetup.MAX_TOKENS);
        });
        BeamEngine.Result wide = shownWhen(r -> r.request().setup().beamWidth() == BeamSetup.MAX_WIDTH
                && r.request().setup().maxTokens() == BeamSetup.MAX_TOKENS);
        assertTrue(wide.layout().cells().size() > 3 * BeamTreeView.NODES_PER_FRAME, "drawn over several frames");
        assertEquals(wide.layout().cells().size(), drawn().size());
        // a few cells in sight a frame, more out of sight (where a new node counts six changed ones), and the progress
        // line changes every frame: JavaFX repaints the whole window when a frame's only changes are out of sight
        List<BeamTreeView.Frame> frames = onFx(() -> lab.treeView().frames());
        assertEquals(wide.layout().cells().size(), frames.stream().mapToInt(f -> f.inSight() + f.outOfSight()).sum());
        assertTrue(frames.stream().allMatch(BeamTreeView.Frame::onScreen), frames.toString());
        int mostNew = BeamTreeView.NODES_PER_FRAME + BeamTreeView.HIDDEN_COST / BeamTreeView.NEW_NODE_COST;
        assertTrue(frames.stream().allMatch(f -> f.inSight() <= BeamTreeView.NODES_PER_FRAME && f.created() <= mostNew
                && f.outOfSight() <= BeamTreeView.HIDDEN_COST), frames.toString());
        for (int i = 0; i < frames.size() - 1; i++) {
            String line = frames.get(i).progress();
            assertFalse(line.isEmpty() || (i > 0 && line.equals(frames.get(i - 1).progress())), frames.toString());
        }
        assertEquals("", frames.get(frames.size() - 1).progress(), "the progress line is cleared when the tree is drawn");
        assertTrue(frames.stream().anyMatch(f -> f.outOfSight() > 0), "the widest tree does not fit: " + frames);
        List<Beam> wideBeams = laterGenerator.beamSearch(generator.prompt("It was a"),
                DecodingSettings.beam(BeamSetup.MAX_WIDTH, false), BeamSetup.MAX_TOKENS);
        assertDrawnLeavesAreTheBeams(wideBeams, drawnKeptLeaves(drawn(), wide.tree()));

        robot.interact(() -> lab.showToy(true));
        BeamEngine.Result toy = shownWhen(r -> r.request().source().equals(BeamToyExample.SOURCE));
        assertEquals(BeamSetup.TOY, toy.request().setup(), "back to the worked example's own settings");
        // the small tree drawn into the wide one's nodes: no node, edge or outline of the wide tree is left over
        assertEquals(toy.layout().cells().size(), drawn().size());
        assertEquals(toy.layout().cells().size() - 1, onFx(() -> lab.treeView().edgeCount()));
        assertEquals(toy.layout().cells().stream().filter(c -> c.greedy() && c.parent() >= 0).count(),
                (long) onFx(() -> lab.treeView().outlineCount()));
        for (BeamNodeView view : drawn()) assertSame(toy.layout().cells().get(view.cell().index()), view.cell());
    }

    @Test
    void disposeStopsTheLabsThread(FxRobot robot) throws Exception {
        openOnToy(robot);
        assertFalse(lab.engineShutDown());
        robot.interact(lab::dispose);
        assertTrue(lab.engineShutDown());
    }

    @Test
    void theLayoutPutsEachStepInItsColumnWithoutOverlaps() {
        Tokenizer tokenizer = BeamToyExample.tokenizer();
        List<Generator> generators = List.of(new Generator(BeamToyExample.model(), tokenizer), new Generator(
                Models.create(new GptConfig(tokenizer.vocabSize(), 8, 16, 2, 1, 0.0, false, true), new Rng(5)), tokenizer));
        for (Generator generator : generators) for (int width = 1; width <= BeamSetup.MAX_WIDTH; width++) {
            BeamTree tree = generator.beamTree(generator.prompt("a"), DecodingSettings.beam(width, false), BeamSetup.MAX_TOKENS);
            BeamTreeLayout layout = BeamTreeLayout.of(tree);
            assertEquals(tree.nodes().size() + tree.greedy().steps().stream().filter(s -> s.node() == null).count(),
                    layout.cells().size(), "width " + width);
            for (BeamTreeLayout.Cell cell : layout.cells()) {
                if (cell.parent() < 0) {
                    assertNull(cell.beyond());
                    continue;
                }
                BeamTreeLayout.Cell parent = layout.cells().get(cell.parent());
                assertEquals(parent.column() + 1, cell.column(), "a child sits one column right of its parent");
                if (cell.node() != null) assertEquals(cell.node().step(), cell.column());
                assertEquals(cell.node() != null && cell.node().status() == BeamTree.Status.PRUNED
                        ? BeamTreeLayout.PRUNED_SIZE : 1, cell.size(), 0, "pruned nodes are drawn smaller");
                for (BeamTreeLayout.Cell other : layout.cells()) {
                    if (other != cell && other.column() == cell.column()) {
                        assertTrue(other.row() >= cell.row() + cell.size() || cell.row() >= other.row() + other.size(),
                                "no two nodes overlap, width " + width);
                    }
                }
            }
        }
    }
}
