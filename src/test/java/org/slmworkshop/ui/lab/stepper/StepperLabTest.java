package org.slmworkshop.ui.lab.stepper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.inspect.ForwardTrace;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.Models;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.ui.lab.TokenText;
import org.slmworkshop.util.Rng;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class StepperLabTest {
    /** 15 characters: the tiny GPT reads at most 16. */
    private static final String PROMPT = "to be or not to";
    /** Context 16, width 32, 2 heads (head size 16), 2 layers: 3 + 2 × 13 + 2 stages with one head's attention. */
    private static final int STEPS_PER_WALK = 31;
    private Workspace workspace;
    private StepperLab lab;
    private LanguageModel model;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new StepperLab(workspace);
        stage.setScene(new Scene(new StackPane(lab.view()), 900, 860));
        stage.show();
    }

    @AfterEach
    void shutdown() {
        Fx.run(() -> {
            lab.dispose();
            workspace.shutdown();
        });
    }

    /** A tiny GPT on Macbeth's characters with every weight drawn N(0, 0.3²), so its guesses are far from uniform. */
    private PreparedCorpus publishTinyGpt() {
        PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
        GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), 16, 32, 2, 2, 0.0, false, true);
        model = Models.create(config, new Rng(7));
        Rng rng = new Rng(11);
        float[] values = new float[(int) model.parameterCount()];
        for (int i = 0; i < values.length; i++) values[i] = (float) (rng.nextGaussian() * 0.3);
        model.store().values().copyFrom(values);
        Fx.run(() -> workspace.trainedModelProperty().set(new ModelSnapshot(model, prepared.tokenizer(), prepared,
                "tiny GPT", 0, false)));
        return prepared;
    }

    private static LabSettings settings(String checkpoint, String prompt) {
        return new LabSettings(Lab.STEPPER, null, null, null, "gpt", Map.of(), checkpoint, prompt, Map.of(), null, 0,
                List.of(), null);
    }

    private void applyAndWait(LabSettings settings) {
        Fx.run(() -> lab.apply(settings));
        waitForTrace("the first trace");
    }

    private void waitForTrace(String what) {
        Fx.waitUntil(what, 60, () -> lab.traced() != null && !lab.busyProperty().get());
    }

    private String text(String id) {
        return Fx.get(() -> ((Label) lab.view().lookup(id)).getText());
    }

    private void goTo(String name) {
        Fx.run(() -> {
            int index = lab.walk().steps().stream().map(s -> s.stage().label()).toList().indexOf(name);
            ((javafx.scene.control.ListView<?>) lab.view().lookup("#stepper-stages")).getSelectionModel().select(index);
        });
    }

    @Test
    void the_logits_stage_shows_the_models_own_logits_and_its_argmax_heads_the_bars() {
        PreparedCorpus prepared = publishTinyGpt();
        applyAndWait(settings(null, PROMPT));
        assertEquals(PROMPT.length(), Fx.get(() -> lab.traced().length()));
        assertEquals(PROMPT.length() - 1, Fx.get(() -> lab.position()), "the last position is shown first");
        int[] ids = prepared.tokenizer().encode(PROMPT).ids();
        float[][] expected = model.logits(ids, 1, ids.length);
        ForwardTrace trace = Fx.get(() -> lab.traced().trace());
        for (int t = 0; t < ids.length; t++) {
            float[] row = trace.logits().row(t);
            for (int v = 0; v < row.length; v++) {
                assertEquals(expected[t][v], row[v], 1e-6, "logit " + v + " at position " + t);
            }
        }
        for (int position : new int[] {PROMPT.length() - 1, 4}) {
            Fx.run(() -> lab.view().lookup("#stepper-token-" + position).getOnMouseClicked().handle(null));
            goTo("logits");
            int argmax = 0;
            for (int v = 1; v < expected[position].length; v++) if (expected[position][v] > expected[position][argmax]) argmax = v;
            List<BarList.Bar> bars = Fx.get(() -> lab.stageView().bars().bars());
            assertEquals(TraceJob.TOP_TOKENS, bars.size());
            assertEquals(TokenText.quoted(TokenText.label(prepared.tokenizer(), argmax)), bars.get(0).name(),
                    "the first bar at position " + position + " is the model's argmax");
            assertTrue(bars.get(0).emphasised());
            assertTrue(Fx.get(() -> lab.stageView().bars().heading()).contains("The model's choice (argmax) is "
                    + TokenText.quoted(TokenText.label(prepared.tokenizer(), argmax))));
            double sum = bars.stream().mapToDouble(BarList.Bar::fraction).sum();
            assertTrue(sum > 0 && sum <= 1 + 1e-9, "probabilities of the top tokens sum to at most 1: " + sum);
            assertEquals("Stage " + STEPS_PER_WALK + " of " + STEPS_PER_WALK, text("#stepper-counter"));
        }
    }

    @Test
    void next_and_previous_walk_through_the_stages_in_the_order_the_model_computes_them(FxRobot robot) {
        publishTinyGpt();
        applyAndWait(settings(null, PROMPT));
        assertEquals(STEPS_PER_WALK, Fx.get(() -> lab.walk().size()));
        assertEquals("Stage 1 of " + STEPS_PER_WALK, text("#stepper-counter"));
        assertTrue(Fx.get(() -> lab.view().lookup("#stepper-previous").isDisabled()), "nothing before the first stage");
        List<String> seen = new ArrayList<>();
        seen.add(text("#stepper-stage-name"));
        for (int i = 1; i < STEPS_PER_WALK; i++) {
            robot.clickOn("#stepper-next");
            assertEquals("Stage " + (i + 1) + " of " + STEPS_PER_WALK, text("#stepper-counter"));
            seen.add(text("#stepper-stage-name"));
        }
        assertTrue(Fx.get(() -> lab.view().lookup("#stepper-next").isDisabled()), "nothing after the logits");
        List<String> expected = new ArrayList<>(List.of("wte", "wpe", "embedding"));
        for (int block = 0; block < 2; block++) {
            String p = "h" + block + ".";
            expected.add(p + "ln_1");
            for (String part : List.of("q", "k", "v", "weights", "weighted_sum")) expected.add(p + "attn." + part + "[head 0]");
            expected.addAll(List.of(p + "attn.c_proj", p + "residual_mid", p + "ln_2", p + "mlp.c_fc", p + "mlp.gelu",
                    p + "mlp.c_proj", p + "residual"));
        }
        expected.addAll(List.of("ln_f", "logits"));
        assertEquals(expected, seen);
        robot.clickOn("#stepper-previous");
        robot.clickOn("#stepper-previous");
        assertEquals("Stage " + (STEPS_PER_WALK - 2) + " of " + STEPS_PER_WALK, text("#stepper-counter"));
        assertEquals("h1.residual", text("#stepper-stage-name"));
        assertEquals("Residual after the block · block 1", text("#stepper-stage-title"));
    }

    @Test
    void the_shape_line_writes_each_stage_out_with_its_sizes() {
        publishTinyGpt();
        applyAndWait(settings(null, PROMPT));
        Map<String, String> shapes = Map.of(
                "embedding", "(T, C) = (15, 32)",
                "h0.attn.q[head 0]", "(T, hs) = (15, 16)",
                "h0.attn.weights[head 0]", "(T, T) = (15, 15)",
                "h1.mlp.gelu", "(T, 4C) = (15, 128)",
                "logits", "(T, V) = (15, " + model.config().vocabSize() + ")");
        for (var entry : shapes.entrySet()) {
            goTo(entry.getKey());
            String shape = text("#stepper-shape");
            assertTrue(shape.startsWith("shape " + entry.getValue() + " · position 14 'o'"), shape);
        }
        goTo("h0.attn.q[head 0]");
        assertEquals("q = ln_1(x)·W_q", text("#stepper-formula"));
        Fx.run(() -> ((javafx.scene.control.Spinner<Integer>) lab.view().lookup("#stepper-head")).getValueFactory().setValue(1));
        assertEquals("h0.attn.q[head 1]", text("#stepper-stage-name"), "another head keeps the stage");
    }

    @Test
    void the_attention_stage_shows_positions_zero_to_i_and_the_rows_weights_as_bars() {
        publishTinyGpt();
        applyAndWait(settings(null, PROMPT));
        Fx.run(() -> lab.view().lookup("#stepper-token-5").getOnMouseClicked().handle(null));
        Fx.run(() -> ((javafx.scene.control.Spinner<Integer>) lab.view().lookup("#stepper-head")).getValueFactory().setValue(1));
        goTo("h1.attn.weights[head 1]");
        assertEquals("h1.attn.weights[head 1]", text("#stepper-stage-name"));
        var data = Fx.get(() -> lab.stageView().attention().data());
        assertEquals(6, data.rows(), "queries 0..5");
        assertEquals(6, data.columns(), "keys 0..5");
        double sum = 0;
        for (int k = 0; k < 6; k++) sum += data.value(5, k);
        assertEquals(1, sum, 1e-5, "row 5 sums to 1");
        List<BarList.Bar> bars = Fx.get(() -> lab.stageView().bars().bars());
        assertEquals(6, bars.size(), "one bar per visible key");
        assertTrue(bars.get(0).fraction() >= bars.get(1).fraction(), "largest weight first");
    }

    @Test
    void changing_a_later_token_leaves_every_value_at_the_earlier_positions_unchanged(FxRobot robot) {
        publishTinyGpt();
        applyAndWait(settings(null, PROMPT));
        assertTrue(Fx.get(() -> lab.view().lookup("#stepper-change-later").isDisabled()), "no token after the last one");
        robot.clickOn("#stepper-token-6");
        assertEquals(6, (int) Fx.get(() -> lab.position()));
        robot.clickOn("#stepper-change-later");
        waitForTrace("the changed prompt");
        Fx.waitUntil("the comparison", 20, () -> lab.traced().comparison() != null);
        TraceJob.Comparison comparison = Fx.get(() -> lab.traced().comparison());
        assertEquals(7, comparison.firstEdited());
        assertTrue(comparison.check().holds());
        int[] before = comparison.before().tokens(), after = Fx.get(() -> lab.traced().ids());
        assertNotEquals(before[7], after[7], "the token after position 6 changed");
        for (int t = 0; t < before.length; t++) if (t != 7) assertEquals(before[t], after[t], "only position 7 changed");
        assertTrue(text("#stepper-causality-summary").contains("Causality holds: every one of the "
                + comparison.check().stages().size() + " stages keeps positions 0..6 bit-identical."), text("#stepper-causality-summary"));
        Fx.run(() -> ((javafx.scene.control.ListView<?>) lab.view().lookup("#stepper-stages")).getSelectionModel().select(0));
        for (int i = 0; i < STEPS_PER_WALK; i++) {
            var stage = Fx.get(() -> lab.walk().get(lab.step()).stage());
            String line = text("#stepper-causality");
            assertEquals(String.format(java.util.Locale.ROOT, "✓ unchanged: 0 of %,d values differ at positions 0..6",
                    7 * stage.width()), line, stage.label());
            if (i == 0) {   // wte: only the changed token's own row moves
                ValueGrid grid = Fx.get(() -> lab.stageView().grid());
                for (int t = 0; t < 15; t++) {
                    assertEquals(t == 7 ? ValueGrid.Mark.CHANGED : ValueGrid.Mark.SAME, grid.mark(t), "wte row " + t);
                }
                assertEquals(6, grid.highlightedRow());
            }
            if (i < STEPS_PER_WALK - 1) robot.clickOn("#stepper-next");
        }
        String later = text("#stepper-causality-later");
        assertTrue(later.startsWith("from the edit on (positions 7..14): 8 of 8 rows changed"), later);
        assertTrue(Fx.get(() -> lab.view().lookup("#stepper-token-7").getStyleClass().contains("edited")));
        robot.clickOn("#stepper-restore");
        Fx.waitUntil("the prompt back", 20, () -> lab.traced().comparison() == null && !lab.busyProperty().get());
        assertTrue(text("#stepper-causality").startsWith("Causality: press “Change a later token”"), text("#stepper-causality"));
    }

    @Test
    void typing_over_a_later_part_of_the_prompt_compares_with_the_prompt_before() {
        publishTinyGpt();
        applyAndWait(settings(null, PROMPT));
        Fx.run(() -> ((TextField) lab.view().lookup("#stepper-prompt")).setText("to be or not go"));
        Fx.waitUntil("the edited prompt's comparison", 20, () -> lab.traced().comparison() != null && !lab.busyProperty().get());
        TraceJob.Comparison comparison = Fx.get(() -> lab.traced().comparison());
        assertEquals(13, comparison.firstEdited());
        assertTrue(comparison.check().holds());
        goTo("h1.residual");
        assertEquals(String.format(java.util.Locale.ROOT, "✓ unchanged: 0 of %,d values differ at positions 0..12", 13 * 32),
                text("#stepper-causality"));
        assertTrue(text("#stepper-causality-summary").startsWith("Position 13 edited from 't' to 'g'."));
    }

    @Test
    void bad_prompts_get_a_message_in_the_lab_and_no_error_dialog() {
        publishTinyGpt();
        applyAndWait(settings(null, PROMPT));
        TextField prompt = Fx.get(() -> (TextField) lab.view().lookup("#stepper-prompt"));
        Fx.run(() -> prompt.setText(""));
        Fx.waitUntil("the empty-prompt message", 10, () -> lab.message() != null);
        assertTrue(Fx.get(lab::message).startsWith("The prompt is empty"), Fx.get(lab::message));
        Fx.run(() -> prompt.setText("to be or not to be, that is the question"));
        Fx.waitUntil("the too-long message", 10, () -> lab.message() != null && lab.message().contains("reads at most"));
        assertEquals("The prompt is 40 tokens, but this GPT reads at most 16 (its context length: it has 16 position"
                + " embeddings). Shorten it by 24 tokens.", Fx.get(lab::message));
        Fx.run(() -> prompt.setText("to be Ω not"));
        Fx.waitUntil("the unknown-text message", 10, () -> lab.message() != null && lab.message().contains("cannot encode"));
        assertTrue(Fx.get(lab::message).contains("\"Ω\" (U+03A9)"), Fx.get(lab::message));
        Fx.run(() -> prompt.setText("to be"));
        Fx.waitUntil("a good prompt again", 10, () -> lab.message() == null && !lab.busyProperty().get());
        assertEquals(5, Fx.get(() -> lab.traced().length()));
        assertEquals(List.of(), workspace.notifier().errors(), "nothing reached the notifier");
    }

    @Test
    void a_bigram_is_one_stage_its_table_row_and_has_no_heads() {
        PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
        LanguageModel bigram = new org.slmworkshop.model.BigramModel(
                new org.slmworkshop.model.BigramConfig(prepared.tokenizer().vocabSize(), 16), new Rng(3));
        Fx.run(() -> workspace.trainedModelProperty().set(new ModelSnapshot(bigram, prepared.tokenizer(), prepared,
                "bigram", 0, false)));
        applyAndWait(settings(null, "to be"));
        assertEquals(1, Fx.get(() -> lab.walk().size()));
        assertEquals("logits", text("#stepper-stage-name"));
        assertTrue(Fx.get(() -> lab.view().lookup("#stepper-head").isDisabled()));
        int[] ids = prepared.tokenizer().encode("to be").ids();
        float[] row = bigram.logits(ids, 1, ids.length)[4];
        int argmax = 0;
        for (int v = 1; v < row.length; v++) if (row[v] > row[argmax]) argmax = v;
        assertEquals(TokenText.quoted(TokenText.label(prepared.tokenizer(), argmax)),
                Fx.get(() -> lab.stageView().bars().bars().get(0).name()));
    }

    @Test
    void the_lessons_shipped_checkpoint_opens_on_the_lessons_prompt() {
        LabSettings lesson = Lessons.load(Path.of("lessons")).lessons().stream()
                .flatMap(l -> l.labs().stream()).filter(s -> s.lab() == Lab.STEPPER).findFirst().orElseThrow();
        applyAndWait(lesson);
        assertEquals(lesson.prompt().length(), Fx.get(() -> lab.traced().length()));
        goTo("embedding");
        assertTrue(text("#stepper-shape").startsWith("shape (T, C) = (52, 128)"), text("#stepper-shape"));
        assertEquals(3 + 4 * 13 + 2, Fx.get(() -> lab.walk().size()));
    }

    @Test
    void a_gpt_training_in_this_window_is_traced_from_its_copies_and_the_check_holds_on_each() {
        Fx.run(() -> lab.apply(settings(null, PROMPT)));
        Fx.run(() -> workspace.training().start("GPT on macbeth", () -> {
            PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
            GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), 16, 32, 2, 2, 0.0, false, true);
            TrainingConfig training = new TrainingConfig(400, 12, 1e-3, 1e-4, 40, 400, Schedule.COSINE, 0.9, 0.99, 0.1,
                    1.0, 0.0, TrainingConfig.Batching.WINDOWS, 40, 20, 0, 1337);
            return new TrainingSession.Setup(new Trainer(Models.create(config, new Rng(1337)), prepared.data(), training),
                    prepared, "GPT on macbeth");
        }));
        Fx.waitUntil("a live model", 60, () -> lab.traced() != null);
        ModelSnapshot first = Fx.get(() -> lab.traced().snapshot());
        Fx.run(() -> lab.view().lookup("#stepper-token-3").getOnMouseClicked().handle(null));
        Fx.run(() -> ((javafx.scene.control.Button) lab.view().lookup("#stepper-change-later")).fire());
        Fx.waitUntil("the run to finish", 120, () -> workspace.training().state() == TrainingSession.State.FINISHED
                && !lab.busyProperty().get() && lab.traced().comparison() != null);
        ModelSnapshot last = Fx.get(() -> lab.traced().snapshot());
        assertNotNull(first);
        assertNotEquals(first, last, "the lab followed the model as it trained");
        TraceJob.Comparison comparison = Fx.get(() -> lab.traced().comparison());
        assertEquals(4, comparison.firstEdited());
        assertTrue(comparison.check().holds(), "the check still holds on the trained weights");
        assertNull(Fx.get(lab::message));
    }
}
