package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slmworkshop.generate.ToyModels.A;
import static org.slmworkshop.generate.ToyModels.B;
import static org.slmworkshop.generate.ToyModels.C;
import static org.slmworkshop.generate.ToyModels.EOT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.generate.BeamTree.Node;
import org.slmworkshop.generate.BeamTree.Status;
import org.slmworkshop.generate.Sample.StopReason;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.util.Json;

/** The recorded beam search: the same beams, a tree whose paths add up, and greedy's path laid over it. */
class BeamTreeTest {
    private final Tokenizer abc = ToyModels.abc();

    @Test
    void theGreedyTrapTreeShowsBeamFindingCEotWhereGreedyTakesBA() {
        Generator generator = new Generator(ToyModels.greedyTrap(), abc);
        BeamTree tree = generator.beamTree(generator.prompt("a"), DecodingSettings.beam(2, false), 2);
        assertEquals(2, tree.steps());
        assertEquals(BeamTree.Stop.WIDTH_FINISHED, tree.stop(), "c<eot> and b<eot> finished at step 2");

        // worked out on paper (ToyModels.greedyTrap): each node's token, own p, path p and fate, in ranking order
        record Expected(int step, String parentLabel, int token, double p, double pathP, Status status) {}
        List<Expected> expected = List.of(
                new Expected(1, "a", B, 0.5, 0.5, Status.KEPT),
                new Expected(1, "a", C, 0.4, 0.4, Status.KEPT),
                new Expected(1, "a", EOT, 0.1, 0.1, Status.PRUNED),
                new Expected(2, "c", EOT, 0.9, 0.36, Status.FINISHED),
                new Expected(2, "b", A, 0.36, 0.18, Status.KEPT),
                new Expected(2, "b", EOT, 0.34, 0.17, Status.FINISHED),
                new Expected(2, "b", C, 0.30, 0.15, Status.KEPT),
                new Expected(2, "c", A, 0.1, 0.04, Status.PRUNED));
        assertEquals(Status.ROOT, tree.root().status());
        assertEquals("a", tree.root().label());
        // c's third-best token is one of the "never" ones (<unk>, lowest id on the tie): ranked last and pruned
        assertEquals(1 + expected.size() + 1, tree.nodes().size());
        for (int i = 0; i < expected.size(); i++) {
            Expected e = expected.get(i);
            Node node = tree.nodes().get(i + 1);
            String where = "node " + node.id();
            assertEquals(e.step(), node.step(), where);
            assertEquals(e.parentLabel(), tree.nodes().get(node.parent()).label(), where);
            assertEquals(e.token(), node.token(), where);
            assertEquals(Math.log(e.p()), node.logProbability(), 1e-5, where);
            assertEquals(Math.log(e.pathP()), node.cumulativeLogProbability(), 1e-5, where);
            assertEquals(node.cumulativeLogProbability(), node.rankLogProbability(), 0, "no penalty: ranked by the model");
            assertEquals(e.status(), node.status(), where);
        }
        Node never = tree.nodes().get(9);
        assertEquals(Tokenizer.UNKNOWN_ID, never.token());
        assertEquals(Status.PRUNED, never.status());

        // the best beam ends at c <eot> with p = 0.36
        BeamTree.FinalBeam best = tree.beams().get(0);
        assertEquals(4, best.node());
        assertEquals(List.of("c", "<eot>"), tree.path(best.node()).stream().map(Node::label).toList());
        assertArrayEquals(new int[] {C}, best.beam().tokens());
        assertEquals(Math.log(0.36), best.beam().logProbability(), 1e-5);
        assertEquals(1, tree.nodes().get(4).beam());

        // greedy takes b a with p = 0.18: on the tree, kept both times, and beaten by a factor of 2
        BeamTree.GreedyPath greedy = tree.greedy();
        assertArrayEquals(new int[] {B, A}, greedy.tokens());
        assertEquals("ba", greedy.text());
        assertFalse(greedy.finished());
        assertEquals(Math.log(0.18), greedy.logProbability(), 1e-5);
        assertEquals(Arrays.asList(1, 5), greedy.steps().stream().map(BeamTree.GreedyStep::node).toList());
        assertEquals(List.of(1, 5), tree.nodes().stream().filter(Node::greedy).map(Node::id).toList());
        assertNull(greedy.prunedAtStep(), "the search kept greedy's b and b a, but ranked c <eot> above them");
        assertEquals(Math.log(2), best.beam().logProbability() - greedy.logProbability(), 1e-5);
        Sample decoded = generator.generate(generator.prompt("a"), DecodingSettings.greedy(), 2, 0, TokenListener.NONE);
        assertArrayEquals(decoded.tokens(), greedy.tokens(), "the greedy path is what greedy decoding does");
        assertEquals(decoded.logProbability(), greedy.logProbability(), 1e-12);
    }

    @Test
    void theTreeOfTheGreedyTrapReadsAsAnIndentedTree() {
        Generator generator = new Generator(ToyModels.greedyTrap(), abc);
        String text = BeamTreeText.render(generator.beamTree(generator.prompt("a"), DecodingSettings.beam(2, false), 2));
        List<String> lines = text.lines().toList();
        assertEquals("beam search (beam=2) from \"a\": 2 steps, stopped: 2 beams finished", lines.get(0));
        List<String> tree = List.of(
                "\"a\"",
                "├─ b       -0.693  Σ   -0.693  p 0.500     kept *",
                "│  ├─ a       -1.022  Σ   -1.715  p 0.180     kept * → beam 2",
                "│  ├─ <eot>   -1.079  Σ   -1.772  p 0.170     finished → beam 3",
                "│  └─ c       -1.204  Σ   -1.897  p 0.150     kept → beam 4",
                "├─ c       -0.916  Σ   -0.916  p 0.400     kept",
                "│  ├─ <eot>   -0.105  Σ   -1.022  p 0.360     finished → beam 1",
                "│  ├─ [a       -2.303  Σ   -3.219  p 0.0400]",
                "│  └─ [<unk>  -100.000  Σ -100.916  p 1.49e-44]",
                "└─ [<eot>   -2.303  Σ   -2.303  p 0.100]");
        assertEquals(tree, lines.subList(2, 2 + tree.size()));
        assertTrue(lines.contains("  1. c <eot>                  Σ   -1.022  p 0.360     score -1.022"), text);
        assertTrue(lines.contains("greedy: b a  Σ -1.715  p 0.180  (unfinished)"), text);
        assertTrue(lines.contains("  the search never pruned greedy's choice"), text);
    }

    @Test
    void greedyPastTheTreeIsShownInParenthesesAndAPrunedGreedyChoiceIsNamed() {
        Generator generator = new Generator(ToyModels.greedyTrap(), abc);
        BeamTree tree = generator.beamTree(generator.prompt("a"), DecodingSettings.beam(2, false), 6);
        assertEquals(2, tree.steps(), "two beams finished at step 2, within the budget of 6");
        assertArrayEquals(new int[] {B, A, B, A, B, A}, tree.greedy().tokens());
        assertEquals(Arrays.asList(1, 5, null, null, null, null),
                tree.greedy().steps().stream().map(BeamTree.GreedyStep::node).toList());
        assertTrue(BeamTreeText.render(tree).contains("greedy: b a (b) (a) (b) (a)"), BeamTreeText.render(tree));

        // from a: b 0.55, c 0.45; from b: a 0.35, c 0.33, <eot> 0.32; from c: a 0.55, b 0.45. Greedy takes
        // b then a (0.1925), but width 2 keeps c a (0.2475) and c b (0.2025) at step 2 and prunes it
        double n = ToyModels.ALMOST_NEVER;
        double[][] rows = {
                {n, n, 0, n, n},
                {n, n, 0, n, n},
                {n, n, n, Math.log(0.55), Math.log(0.45)},
                {n, Math.log(0.32), Math.log(0.35), n, Math.log(0.33)},
                {n, n, Math.log(0.55), Math.log(0.45), n}};
        Generator pruning = new Generator(ToyModels.bigram(rows, 8), abc);
        BeamTree pruned = pruning.beamTree(pruning.prompt("a"), DecodingSettings.beam(2, false), 3);
        assertEquals(2, pruned.greedy().prunedAtStep(), "c a (0.2475) and c b (0.2025) beat greedy's b a (0.1925)");
        Node greedyChoice = pruned.nodes().get(pruned.greedy().steps().get(1).node());
        assertEquals(Status.PRUNED, greedyChoice.status());
        assertEquals(Math.log(0.55 * 0.35), greedyChoice.cumulativeLogProbability(), 1e-5);
        assertNull(pruned.greedy().steps().get(2).node(), "nothing grows from a pruned node");
        String text = BeamTreeText.render(pruned);
        assertTrue(text.contains("the search pruned greedy's choice at step 2"), text);
        assertTrue(text.contains("│  ├─ [a       -1.050  Σ   -1.648  p 0.193] *"), text);
    }

    @Test
    void recordingLeavesTheBeamsUnchangedAndTheKeptLeavesAreTheReturnedBeams() {
        List<Generator> generators = new ArrayList<>();
        for (long seed = 0; seed < 4; seed++) generators.add(new Generator(ToyModels.random(seed, 16), abc));
        generators.add(new Generator(GeneratorTest.tinyGpt(8), abc));
        generators.add(new Generator(ToyModels.greedyTrap(), abc));
        List<DecodingSettings> settings = List.of(DecodingSettings.beam(1, false), DecodingSettings.beam(2, false),
                DecodingSettings.beam(3, true), DecodingSettings.beam(4, false).withRepetitionPenalty(1.4));
        int checked = 0;
        for (Generator generator : generators) {
            for (DecodingSettings setting : settings) {
                for (String promptText : List.of("a", "cab")) {
                    Prompt prompt = generator.prompt(promptText);
                    List<Beam> beams = generator.beamSearch(prompt, setting, 9);
                    BeamTree tree = generator.beamTree(prompt, setting, 9);
                    String where = "model " + generators.indexOf(generator) + ", " + setting.label() + " from " + promptText;
                    assertSameBeams(beams, tree.returnedBeams(), where);
                    assertKeptLeavesAreTheBeams(tree, beams, setting, where);
                    assertGreedyIsGreedyDecoding(generator, prompt, setting, tree, where);
                    checked++;
                }
            }
        }
        assertEquals(6 * 4 * 2, checked);
    }

    @Test
    void aCapOnPrunedNodesKeepsEveryKeptNodeAndCountsWhatItLeftOut() {
        Generator generator = new Generator(ToyModels.random(3, 16), abc);
        BeamSearch search = new BeamSearch(Scorers.forModel(generator.model()), abc);
        DecodingSettings settings = DecodingSettings.beam(3, false);
        int[] prompt = generator.prompt("ab").ids();
        BeamTree full = search.tree(prompt, "ab", settings, 12);
        BeamTree capped = search.tree(prompt, "ab", settings, 12, 5);
        long pruned = full.nodes().stream().filter(n -> n.status() == Status.PRUNED).count();
        assertTrue(pruned > 5);
        assertEquals(5, capped.nodes().stream().filter(n -> n.status() == Status.PRUNED).count());
        assertEquals(pruned - 5, capped.prunedNotRecorded());
        assertEquals(full.nodes().stream().filter(Node::kept).count(), capped.nodes().stream().filter(Node::kept).count());
        assertSameBeams(full.returnedBeams(), capped.returnedBeams(), "capped");
        assertKeptLeavesAreTheBeams(capped, capped.returnedBeams(), settings, "capped");
    }

    @Test
    void theTreeIsJsonThatReadsBack() throws Exception {
        Generator generator = new Generator(ToyModels.greedyTrap(), abc);
        BeamTree tree = generator.beamTree(generator.prompt("a"), DecodingSettings.beam(2, false), 2);
        String json = Json.line(tree);
        JsonNode root = Json.MAPPER.readTree(json);
        assertEquals("<eot>", root.get("nodes").get(4).get("label").asText());
        assertEquals("FINISHED", root.get("nodes").get(4).get("status").asText());
        assertEquals(1, root.get("nodes").get(4).get("beam").asInt());
        assertTrue(root.get("nodes").get(3).get("beam").isNull());
        assertEquals(4, root.get("beams").get(0).get("node").asInt());
        assertEquals(Math.log(0.36), root.get("beams").get(0).get("beam").get("logProbability").asDouble(), 1e-5);
        assertEquals("[3,2]", root.get("greedy").get("tokens").toString());
        assertEquals("WIDTH_FINISHED", root.get("stop").asText());
        BeamTree back = Json.MAPPER.readValue(json, BeamTree.class);
        assertEquals(tree.nodes(), back.nodes());
        assertEquals(tree.greedy().steps(), back.greedy().steps());
    }

    private static void assertSameBeams(List<Beam> expected, List<Beam> actual, String where) {
        assertEquals(expected.size(), actual.size(), where);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).tokens(), actual.get(i).tokens(), where + ", beam " + i);
            assertEquals(expected.get(i).logProbability(), actual.get(i).logProbability(), 0, where);
            assertEquals(expected.get(i).score(), actual.get(i).score(), 0, where);
            assertEquals(expected.get(i).finished(), actual.get(i).finished(), where);
        }
    }

    /**
     * From the nodes alone: the finished nodes and the kept nodes of the last step are the leaves the
     * search ended with; walking each back to the root gives a returned beam's tokens, and its own
     * log-probabilities add up to the beam's.
     */
    private static void assertKeptLeavesAreTheBeams(BeamTree tree, List<Beam> beams, DecodingSettings settings,
                                                    String where) {
        List<Node> leaves = tree.nodes().stream().filter(n -> n.status() == Status.FINISHED
                || (n.status() == Status.KEPT && n.step() == tree.steps())).toList();
        assertEquals(beams.size(), leaves.size(), where);
        List<Beam> fromTree = new ArrayList<>();
        for (Node leaf : leaves) {
            List<Node> path = tree.path(leaf.id());
            assertEquals(leaf.step(), path.size(), where);
            double sum = 0;
            for (Node node : path) sum += node.logProbability();
            assertEquals(leaf.cumulativeLogProbability(), sum, 1e-9, where + ": the path's log-probabilities add up");
            boolean finished = leaf.status() == Status.FINISHED;
            int[] tokens = path.stream().limit(finished ? path.size() - 1 : path.size()).mapToInt(Node::token).toArray();
            double score = settings.lengthNormalised() ? leaf.rankLogProbability() / Math.max(1, path.size())
                    : leaf.rankLogProbability();
            fromTree.add(new Beam(tokens, "", sum, score, finished));
        }
        Comparator<Beam> byScore = Comparator.comparingDouble(Beam::score);
        List<Beam> sortedBeams = beams.stream().sorted(byScore).toList();
        List<Beam> sortedLeaves = fromTree.stream().sorted(byScore).toList();
        for (int i = 0; i < beams.size(); i++) {
            Beam beam = sortedBeams.get(i), leaf = sortedLeaves.get(i);
            assertArrayEquals(beam.tokens(), leaf.tokens(), where);
            assertEquals(beam.logProbability(), leaf.logProbability(), 1e-9, where);
            assertEquals(beam.score(), leaf.score(), 1e-9, where);
            assertEquals(beam.finished(), leaf.finished(), where);
        }
        for (Node node : tree.nodes()) {
            if (node.status() != Status.KEPT || node.step() == tree.steps() || tree.prunedNotRecorded() > 0) continue;
            long children = tree.children(node.id()).size();
            assertTrue(children >= 1 && children <= settings.beamWidth() + 1, where + ": a live beam's W + 1 best tokens");
        }
        for (int step = 1; step <= tree.steps(); step++) {
            int s = step;
            assertTrue(tree.nodes().stream().filter(n -> n.step() == s && n.status() == Status.KEPT).count()
                    <= settings.beamWidth(), where);
        }
    }

    private static void assertGreedyIsGreedyDecoding(Generator generator, Prompt prompt, DecodingSettings settings,
                                                     BeamTree tree, String where) {
        DecodingSettings greedySettings = DecodingSettings.greedy().withRepetitionPenalty(settings.repetitionPenalty());
        Sample greedy = generator.generate(prompt, greedySettings, 9, 0, TokenListener.NONE);
        assertArrayEquals(greedy.tokens(), tree.greedy().tokens(), where);
        assertEquals(greedy.logProbability(), tree.greedy().logProbability(), 1e-9, where);
        assertEquals(greedy.stopReason() == StopReason.END_OF_TEXT, tree.greedy().finished(), where);
        List<BeamTree.GreedyStep> steps = tree.greedy().steps();
        for (int i = 0; i < steps.size(); i++) {
            Integer node = steps.get(i).node();
            if (node == null) continue;
            int parent = i == 0 ? 0 : steps.get(i - 1).node();
            assertEquals(parent, tree.nodes().get(node).parent(), where + ": greedy's nodes form one path from the root");
            assertEquals(steps.get(i).token(), tree.nodes().get(node).token(), where);
            // the beams are scored in one batched call, greedy alone: past the GPT's context that differs in float rounding
            assertEquals(steps.get(i).cumulativeLogProbability(), tree.nodes().get(node).cumulativeLogProbability(), 1e-6, where);
        }
        if (settings.beamWidth() == 1) {
            assertNull(tree.greedy().prunedAtStep(), where + ": width 1 is greedy");
        }
    }
}
