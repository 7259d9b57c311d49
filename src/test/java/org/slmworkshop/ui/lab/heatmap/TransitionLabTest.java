package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.IsolatedSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.CountingBigram;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.Fx;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class TransitionLabTest {
    private Workspace workspace;
    private TransitionLab lab;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new TransitionLab(workspace);
        stage.setScene(new Scene(new StackPane(lab.view()), 760, 820));
        stage.show();
    }

    @AfterEach
    void shutdown() {
        Fx.run(() -> {
            lab.dispose();
            workspace.shutdown();
        });
    }

    private static LabSettings settings(String corpus, int topN) {
        return new LabSettings(Lab.TRANSITION, corpus, "char", null, "bigram", Map.of(), null, null, Map.of(), null,
                null, List.of(), topN);
    }

    private void applyAndWait(LabSettings settings) {
        Fx.run(() -> lab.apply(settings));
        Fx.waitUntil("the first heatmap", 60, () -> !lab.heatmap().data().isEmpty() && !lab.busyProperty().get());
    }

    private static int indexOf(List<String> labels, String label) {
        int index = labels.indexOf(label);
        assertTrue(index >= 0, "'" + label + "' among the shown tokens " + labels);
        return index;
    }

    private static int id(Tokenizer tokenizer, String text) {
        int[] ids = tokenizer.encode(text).ids();
        assertEquals(1, ids.length);
        return ids[0];
    }

    @Test
    void the_counted_cell_for_t_then_h_is_the_counting_bigrams_probability(FxRobot robot) {
        applyAndWait(settings("dickens", 30));
        PreparedCorpus prepared = workspace.prepare("dickens", "char").join();
        CountingBigram counts = CountingBigram.fit(List.of(prepared.data().trainTokens()),
                prepared.tokenizer().vocabSize(), 1.0);
        double expected = counts.probability(id(prepared.tokenizer(), "t"), id(prepared.tokenizer(), "h"));

        HeatmapData data = Fx.get(() -> lab.heatmap().data());
        assertEquals(30, data.rows());
        int row = indexOf(data.rowLabels(), "h");        // rows: next token
        int column = indexOf(data.columnLabels(), "t");  // columns: previous token
        assertEquals(expected, Fx.get(() -> lab.heatmap().cellAt(row, column)).value(), 1e-12);
        assertEquals("␣", data.rowLabels().get(0), "the most frequent character, a space, comes first");

        Fx.run(() -> lab.heatmap().hover(row, column));
        String readout = Fx.get(() -> lab.heatmap().readout().getText());
        assertTrue(readout.startsWith("p(next = 'h' | previous = 't') = " + TransitionLab.probability(expected)), readout);
        String metric = robot.lookup("#transition-metric").queryAs(Label.class).getText();
        assertTrue(metric.contains(String.format(java.util.Locale.ROOT, "%.3f",
                counts.crossEntropy(List.of(prepared.data().validationTokens())))), metric);
    }

    @Test
    void top_n_controls_how_many_tokens_are_shown() {
        applyAndWait(settings("macbeth", 30));
        Fx.run(() -> robotSpinner().getValueFactory().setValue(12));
        Fx.waitUntil("12 tokens", 20, () -> lab.heatmap().data().rows() == 12 && !lab.busyProperty().get());
        assertEquals(12, Fx.get(() -> lab.heatmap().data().columns()));
    }

    @SuppressWarnings("unchecked")
    private Spinner<Integer> robotSpinner() {
        return (Spinner<Integer>) lab.view().lookup("#transition-top-n");
    }

    @Test
    void learned_minus_counted_is_zero_for_a_bigram_built_from_the_counts_own_log_probabilities(FxRobot robot) {
        applyAndWait(settings("macbeth", 40));
        PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
        CountingBigram counts = CountingBigram.fit(List.of(prepared.data().trainTokens()),
                prepared.tokenizer().vocabSize(), 1.0);
        Fx.run(() -> workspace.trainedModelProperty().set(new ModelSnapshot(counts.toModel(64), prepared.tokenizer(),
                prepared, "the counts as a bigram", 0, false)));
        robot.clickOn("#view-difference");
        Fx.waitUntil("the difference view", 20, () -> lab.selectedView() == TransitionLab.View.DIFFERENCE
                && lab.heatmap().colourScale().min() < 0 && !lab.busyProperty().get());
        HeatmapData difference = Fx.get(() -> lab.heatmap().data());
        assertEquals(40, difference.rows());
        assertTrue(difference.maxAbs() < 1e-6, "largest |learned − counted| " + difference.maxAbs());

        robot.clickOn("#view-learned");
        Fx.waitUntil("the learned view", 20, () -> lab.heatmap().colourScale().min() >= 0 && !lab.busyProperty().get());
        String metric = robot.lookup("#transition-metric").queryAs(Label.class).getText();
        String countedLoss = String.format(java.util.Locale.ROOT, "%.3f",
                counts.crossEntropy(List.of(prepared.data().validationTokens())));
        assertTrue(metric.contains("validation cross-entropy " + countedLoss + " nats (counted: " + countedLoss), metric);
    }

    @Test
    void pointing_at_a_difference_cell_shows_the_engines_full_split_gradient_for_that_logit(FxRobot robot) {
        applyAndWait(settings("macbeth", 30));
        PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
        int vocab = prepared.tokenizer().vocabSize();
        int[] train = prepared.data().trainTokens();
        org.slmworkshop.model.BigramModel untrained = new org.slmworkshop.model.BigramModel(
                new org.slmworkshop.model.BigramConfig(vocab, 64), new org.slmworkshop.util.Rng(0));
        // the engine's own gradient over the whole split: one sequence of every consecutive pair
        int pairs = train.length - 1;
        float[] mask = new float[pairs];
        java.util.Arrays.fill(mask, 1f);
        var all = new org.slmworkshop.text.TokenBatch(1, pairs, java.util.Arrays.copyOf(train, pairs),
                java.util.Arrays.copyOfRange(train, 1, train.length), mask);
        untrained.store().zeroGradients();
        untrained.lossAndGradients(all, 0.0, new org.slmworkshop.util.Rng(0));
        float[] gradient = untrained.store().get("transition.logits").gradient().toHost();   // (V, V): row previous
        int t = id(prepared.tokenizer(), "t");
        int h = id(prepared.tokenizer(), "h");
        double expected = gradient[t * vocab + h];
        assertTrue(expected < -1e-3, "h after t is under-predicted by the uniform model: " + expected);

        Fx.run(() -> workspace.trainedModelProperty().set(new ModelSnapshot(untrained, prepared.tokenizer(),
                prepared, "an untrained bigram", 0, false)));
        robot.clickOn("#view-difference");
        Fx.waitUntil("the difference view", 20, () -> lab.selectedView() == TransitionLab.View.DIFFERENCE
                && lab.heatmap().colourScale().min() < 0 && !lab.busyProperty().get());
        HeatmapData data = Fx.get(() -> lab.heatmap().data());
        int row = indexOf(data.rowLabels(), "h");
        int column = indexOf(data.columnLabels(), "t");
        Fx.run(() -> lab.heatmap().hover(row, column));
        String readout = Fx.get(() -> lab.heatmap().readout().getText());
        assertTrue(readout.contains("∂L/∂Z = (n_β T − n_αβ)/M = ("), readout);
        double shown = Double.parseDouble(readout.substring(readout.lastIndexOf("= ") + 2).trim());
        assertEquals(expected, shown, Math.abs(expected) * 1e-3, readout);
    }

    @Test
    void the_gradient_view_draws_the_closed_form_which_equals_the_engines_backprop_and_follows_the_model(FxRobot robot) {
        applyAndWait(settings("macbeth", 30));
        PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
        int vocab = prepared.tokenizer().vocabSize();
        int[] train = prepared.data().trainTokens();
        org.slmworkshop.model.BigramModel untrained = new org.slmworkshop.model.BigramModel(
                new org.slmworkshop.model.BigramConfig(vocab, 64), new org.slmworkshop.util.Rng(0));
        Fx.run(() -> workspace.trainedModelProperty().set(new ModelSnapshot(untrained, prepared.tokenizer(),
                prepared, "an untrained bigram", 0, false)));
        robot.clickOn("#view-gradient");
        Fx.waitUntil("the gradient view", 20, () -> lab.selectedView() == TransitionLab.View.GRADIENT
                && lab.heatmap().colourScale().min() < 0 && !lab.busyProperty().get());
        HeatmapData uniform = Fx.get(() -> lab.heatmap().data());
        int[] shown = java.util.Arrays.copyOf(TransitionMatrices.byFrequency(train, vocab), 30);
        for (int i = 0; i < 30; i++) {
            assertEquals(org.slmworkshop.ui.lab.TokenText.label(prepared.tokenizer(), shown[i]), uniform.rowLabels().get(i));
        }
        // all logits zero: T = 1/V, so each cell is (n_β/V − n_αβ)/M, row α = next, column β = previous
        CountingBigram counts = CountingBigram.fit(List.of(train), vocab, 0.0);
        double predictions = train.length - 1;
        for (int row = 0; row < 30; row++) {
            for (int column = 0; column < 30; column++) {
                double rowTotal = 0;
                for (int next = 0; next < vocab; next++) rowTotal += counts.count(shown[column], next);
                double expected = (rowTotal / vocab - counts.count(shown[column], shown[row])) / predictions;
                assertEquals(expected, uniform.value(row, column), 1e-12, uniform.rowLabels().get(row) + " after "
                        + uniform.columnLabels().get(column));
            }
        }

        // a bigram part-way through training: the map follows it, and equals the engine's own gradient
        org.slmworkshop.model.BigramModel partly = new org.slmworkshop.model.BigramModel(
                new org.slmworkshop.model.BigramConfig(vocab, 64), new org.slmworkshop.util.Rng(0));
        java.util.Random random = new java.util.Random(5);
        float[] logits = new float[vocab * vocab];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) random.nextGaussian();
        partly.setTransitionLogits(logits);
        Fx.run(() -> workspace.trainedModelProperty().set(new ModelSnapshot(partly, prepared.tokenizer(),
                prepared, "a partly trained bigram", 100, false)));
        Fx.waitUntil("the new gradient", 20, () -> !lab.busyProperty().get()
                && lab.heatmap().data().value(0, 0) != uniform.value(0, 0));
        HeatmapData data = Fx.get(() -> lab.heatmap().data());
        int pairs = train.length - 1;
        float[] mask = new float[pairs];
        java.util.Arrays.fill(mask, 1f);
        partly.store().zeroGradients();
        partly.lossAndGradients(new org.slmworkshop.text.TokenBatch(1, pairs, java.util.Arrays.copyOf(train, pairs),
                java.util.Arrays.copyOfRange(train, 1, train.length), mask), 0.0, new org.slmworkshop.util.Rng(0));
        float[] engine = partly.store().get("transition.logits").gradient().toHost();   // (V, V): row previous
        double largest = 0;
        double largestError = 0;
        for (int row = 0; row < 30; row++) {
            for (int column = 0; column < 30; column++) {
                double backprop = engine[shown[column] * vocab + shown[row]];
                largestError = Math.max(largestError, Math.abs(backprop - data.value(row, column)));
                largest = Math.max(largest, Math.abs(backprop));
            }
        }
        System.out.printf("gradient view: largest |dL/dZ| %.6g, largest |heatmap - backprop| %.3g%n", largest, largestError);
        assertTrue(largest > 1e-3, "a gradient worth comparing: " + largest);
        // the engine sums about 90,000 float32 terms into each cell, so it agrees to about 2e-6, not to double precision
        assertTrue(largestError < 1e-5, "heatmap against the engine's backprop: " + largestError);

        int row = indexOf(data.rowLabels(), "h");
        int column = indexOf(data.columnLabels(), "t");
        Fx.run(() -> lab.heatmap().hover(row, column));
        String readout = Fx.get(() -> lab.heatmap().readout().getText());
        assertTrue(readout.contains("∂L/∂Z = (n_β T − n_αβ)/M = ("), readout);
        double fromReadout = Double.parseDouble(readout.substring(readout.lastIndexOf("= ") + 2).trim());
        assertEquals(data.value(row, column), fromReadout, Math.abs(fromReadout) * 1e-3, readout);
        String metric = robot.lookup("#transition-metric").queryAs(Label.class).getText();
        assertTrue(metric.contains(String.format(java.util.Locale.ROOT, "M = %,d predictions", pairs)), metric);
    }

    @Test
    void typing_add_alpha_0_003_counts_with_0_003_and_shows_it_so(FxRobot robot) {
        applyAndWait(settings("macbeth", 30));
        PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
        double expected = CountingBigram.fit(List.of(prepared.data().trainTokens()), prepared.tokenizer().vocabSize(),
                0.003).crossEntropy(List.of(prepared.data().validationTokens()));
        @SuppressWarnings("unchecked")
        Spinner<Double> alpha = (Spinner<Double>) lab.view().lookup("#transition-smoothing");
        robot.doubleClickOn(alpha.getEditor()).write("0.003").type(javafx.scene.input.KeyCode.ENTER);
        Fx.waitUntil("the add-0.003 counts", 20, () -> !lab.busyProperty().get()
                && ((Label) lab.view().lookup("#transition-metric")).getText().startsWith("Counting bigram, add-0.003:"));
        assertEquals(0.003, Fx.get(alpha::getValue), 0);
        assertEquals("0.003", Fx.get(() -> alpha.getEditor().getText()));
        String metric = Fx.get(() -> ((Label) lab.view().lookup("#transition-metric")).getText());
        assertTrue(metric.contains(String.format(java.util.Locale.ROOT, "%.3f nats", expected)), metric);
        Fx.run(() -> alpha.increment(1));
        Fx.waitUntil("add-0.005", 20, () -> !lab.busyProperty().get()
                && ((Label) lab.view().lookup("#transition-metric")).getText().startsWith("Counting bigram, add-0.005:"));
        assertEquals("0.005", Fx.get(() -> alpha.getEditor().getText()));
    }

    @Test
    void without_a_trained_bigram_the_learned_view_points_to_the_training_tab(FxRobot robot) {
        applyAndWait(settings("macbeth", 30));
        robot.clickOn("#view-learned");
        Fx.waitUntil("the message", 20, () -> lab.view().lookup("#transition-message").getParent().isVisible()
                && !lab.busyProperty().get());
        String message = robot.lookup("#transition-message").queryAs(Label.class).getText();
        assertTrue(message.contains("Training tab"), message);
        assertTrue(robot.lookup("#transition-open-training").query().isVisible());
    }

    @Test
    void the_learned_view_follows_a_bigram_while_it_trains(FxRobot robot) {
        applyAndWait(settings("macbeth", 30));
        robot.clickOn("#view-learned");
        List<String> seen = new ArrayList<>();
        List<HeatmapData> maps = new ArrayList<>();
        Fx.run(() -> {
            lab.view().lookup("#transition-metric").getProperties();
            ((Label) lab.view().lookup("#transition-metric")).textProperty().addListener((obs, old, text) -> {
                seen.add(text);
                maps.add(lab.heatmap().data());
            });
            // long enough to be seen twice mid-run on a fast machine: 1,500 steps now take about a second
            workspace.training().start("Bigram on macbeth", Runs.bigram(workspace, "macbeth", 6000));
        });
        Fx.waitUntil("the run to finish", 120, () -> workspace.training().state() == TrainingSession.State.FINISHED
                && !lab.busyProperty().get() && seen.stream().anyMatch(t -> t.contains("step 6000")));
        List<Integer> live = Fx.get(() -> {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < seen.size(); i++) if (seen.get(i).contains("(training)")) indices.add(i);
            return indices;
        });
        assertTrue(live.size() >= 2, "updated at least twice while training: " + seen);
        HeatmapData first = Fx.get(() -> maps.get(live.get(0)));
        HeatmapData last = Fx.get(() -> lab.heatmap().data());
        double largestChange = 0;
        for (int r = 0; r < first.rows(); r++) {
            for (int c = 0; c < first.columns(); c++) {
                largestChange = Math.max(largestChange, Math.abs(first.value(r, c) - last.value(r, c)));
            }
        }
        assertTrue(largestChange > 1e-3, "the cells change as the bigram learns: " + largestChange + " after " + seen);
    }
}
