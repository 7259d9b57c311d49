package org.slmworkshop.ui.lab.beam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slmworkshop.generate.BeamTree;

/**
 * Where each node of a beam tree goes: one column per step, left to right, and in each column the
 * nodes in their parents' order, siblings in ranking order from their parent's row down, pushed
 * lower where the column is taken. Edges therefore never cross, and a parent's best child, the
 * one most often kept, sits straight right of it, so a beam reads as a line. A pruned node takes
 * less than half a slot: most nodes of a wide search are pruned, and they should not crowd out
 * the beams. Greedy's steps that lie outside the tree (after a pruned
 * choice, or past the step the search stopped at) get cells of their own, so its whole path shows.
 * Plain data, computed off the FX thread.
 */
record BeamTreeLayout(List<Cell> cells, int columns, double rows) {
    static final double PRUNED_SIZE = 0.45;

    /**
     * One drawn node.
     *
     * @param node   the tree's node, or null for a greedy step outside the tree
     * @param beyond the greedy step, when {@code node} is null
     * @param parent the parent's index in {@link #cells}, -1 for the root
     * @param row    where its top is, in slots from 0
     * @param size   its height in slots: 1, or {@link #PRUNED_SIZE}
     */
    record Cell(int index, BeamTree.Node node, BeamTree.GreedyStep beyond, int parent, int column, double row,
                double size) {
        boolean greedy() {
            return node == null || node.greedy();
        }
    }

    BeamTreeLayout {
        cells = List.copyOf(cells);
    }

    static BeamTreeLayout of(BeamTree tree) {
        record Pending(BeamTree.Node node, BeamTree.GreedyStep beyond, int parent) {}
        List<BeamTree.GreedyStep> greedy = tree.greedy().steps();
        int columns = 1 + Math.max(tree.steps(), greedy.size());
        int[] cellOfNode = new int[tree.nodes().size()];
        Arrays.fill(cellOfNode, -1);
        int[] cellOfGreedyStep = new int[greedy.size()];
        List<BeamTree.Node> nodes = tree.nodes();
        List<Pending> placed = new ArrayList<>();
        double[] rows = new double[nodes.size() + greedy.size()];
        double[] sizes = new double[rows.length];
        int[] cellColumns = new int[rows.length];

        placed.add(new Pending(tree.root(), null, -1));
        cellOfNode[0] = 0;
        sizes[0] = 1;
        Map<Integer, List<BeamTree.Node>> byStep = new HashMap<>();
        for (BeamTree.Node node : nodes) if (node.step() > 0) byStep.computeIfAbsent(node.step(), s -> new ArrayList<>()).add(node);

        for (int column = 1; column < columns; column++) {
            List<Pending> here = new ArrayList<>();
            for (BeamTree.Node node : byStep.getOrDefault(column, List.of())) here.add(new Pending(node, null, cellOfNode[node.parent()]));
            int greedyIndex = column - 1;
            if (greedyIndex < greedy.size() && greedy.get(greedyIndex).node() == null) {
                int parent = greedyIndex == 0 ? 0 : cellOfGreedyStep[greedyIndex - 1];
                here.add(new Pending(null, greedy.get(greedyIndex), parent));
            }
            here.sort(Comparator.<Pending>comparingDouble(p -> rows[p.parent()])
                    .thenComparingInt(p -> p.node() == null ? 1 : 0)
                    .thenComparingInt(p -> p.node() == null ? 0 : p.node().id()));
            Map<Integer, Double> siblingsAbove = new HashMap<>();   // by parent: the sizes of its children placed so far
            double free = Double.NEGATIVE_INFINITY;                  // the first free row of the column
            int ghost = -1;
            for (Pending p : here) {
                double size = p.node() != null && p.node().status() == BeamTree.Status.PRUNED ? PRUNED_SIZE : 1;
                double desired = rows[p.parent()] + siblingsAbove.getOrDefault(p.parent(), 0.0);
                siblingsAbove.merge(p.parent(), size, Double::sum);
                double row = Math.max(desired, free);
                free = row + size;
                int cell = placed.size();
                placed.add(p);
                rows[cell] = row;
                sizes[cell] = size;
                cellColumns[cell] = column;
                if (p.node() != null) cellOfNode[p.node().id()] = cell;
                else ghost = cell;
            }
            if (greedyIndex < greedy.size()) {
                BeamTree.GreedyStep step = greedy.get(greedyIndex);
                cellOfGreedyStep[greedyIndex] = step.node() != null ? cellOfNode[step.node()] : ghost;
            }
        }
        double min = 0, max = 1;
        for (int i = 0; i < placed.size(); i++) {
            min = Math.min(min, rows[i]);
            max = Math.max(max, rows[i] + sizes[i]);
        }
        List<Cell> cells = new ArrayList<>(placed.size());
        for (int i = 0; i < placed.size(); i++) {
            Pending p = placed.get(i);
            cells.add(new Cell(i, p.node(), p.beyond(), p.parent(), cellColumns[i], rows[i] - min, sizes[i]));
        }
        return new BeamTreeLayout(cells, columns, max - min);
    }
}
