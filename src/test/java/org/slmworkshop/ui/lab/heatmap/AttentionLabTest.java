package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.IsolatedSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.TrainingSession;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.util.Rng;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class AttentionLabTest {
    private static final String PROMPT = "Is this a dagger which I see";
    private Workspace workspace;
    private AttentionLab lab;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new AttentionLab(workspace);
        stage.setScene(new Scene(new StackPane(lab.view()), 760, 900));
        stage.show();
    }

    @AfterEach
    void shutdown() {
        Fx.run(() -> {
            lab.dispose();
            workspace.shutdown();
        });
    }

    /** A tiny untrained GPT on Macbeth's characters (2 layers, 2 heads, context 16), published as if trained here. */
    private void publishTinyGpt() {
        PreparedCorpus prepared = workspace.prepare("macbeth", "char").join();
        GptConfig config = new GptConfig(prepared.tokenizer().vocabSize(), 16, 32, 2, 2, 0.0, false, true);
        var model = Models.create(config, new Rng(7));
        Fx.run(() -> workspace.trainedModelProperty().set(new ModelSnapshot(model, prepared.tokenizer(), prepared,
                "tiny GPT", 0, false)));
    }

    private static LabSettings settings(String checkpoint, String prompt) {
        return new LabSettings(Lab.ATTENTION, "macbeth", "char", null, "gpt", Map.of(), checkpoint, prompt, Map.of(),
                0, 0, List.of(), null);
    }

    private void applyAndWait(LabSettings settings) {
        Fx.run(() -> lab.apply(settings));
        Fx.waitUntil("the first attention maps", 60, () -> lab.maps() != null && !lab.busyProperty().get());
    }

    @SuppressWarnings("unchecked")
    private Spinner<Integer> spinner(String id) {
        return (Spinner<Integer>) lab.view().lookup(id);
    }

    private static void assertCausalRows(HeatmapData data) {
        for (int q = 0; q < data.rows(); q++) {
            double sum = 0;
            for (int k = 0; k < data.columns(); k++) {
                if (k > q) assertEquals(0, data.value(q, k), "query " + q + " cannot see key " + k);
                else sum += data.value(q, k);
            }
            assertEquals(1, sum, 1e-5, "row " + q + " sums to 1 over keys ≤ " + q);
        }
    }

    @Test
    void every_row_of_the_map_sums_to_one_over_visible_keys_and_is_zero_above_the_diagonal() {
        publishTinyGpt();
        applyAndWait(settings(null, PROMPT));
        HeatmapData data = Fx.get(() -> lab.heatmap().data());
        assertEquals(16, data.rows(), "the 28-character prompt is cut to the context of 16");
        assertTrue(data.causalMask());
        assertEquals(List.of("I", "s", "␣", "t"), data.rowLabels().subList(0, 4));
        assertCausalRows(data);
        String note = ((Label) Fx.get(() -> lab.view().lookup("#attention-note"))).getText();
        assertTrue(note.contains("cut to the model's context of 16, 12 left out"), note);
    }

    @Test
    void changing_the_layer_picker_changes_the_displayed_map() {
        publishTinyGpt();
        applyAndWait(settings(null, "to be or not"));
        HeatmapData layer0 = Fx.get(() -> lab.heatmap().data());
        Fx.run(() -> spinner("#attention-layer").getValueFactory().setValue(1));
        HeatmapData layer1 = Fx.get(() -> lab.heatmap().data());
        assertFalse(java.util.Arrays.deepEquals(layer0.values(), layer1.values()), "layer 1 shows other weights");
        assertArrayEquals(Fx.get(() -> lab.maps().map(1, 0)).values(), layer1.values());
        assertCausalRows(layer1);
    }

    @Test
    void clicking_a_small_multiple_selects_its_layer_and_head(FxRobot robot) {
        publishTinyGpt();
        applyAndWait(settings(null, "to be or not"));
        robot.clickOn("#head-1-1");
        assertEquals(1, (int) Fx.get(() -> spinner("#attention-layer").getValue()));
        assertEquals(1, (int) Fx.get(() -> spinner("#attention-head").getValue()));
        assertArrayEquals(Fx.get(() -> lab.maps().map(1, 1)).values(), Fx.get(() -> lab.heatmap().data()).values());
        assertEquals(4, Fx.get(() -> lab.view().lookupAll(".head-tile").size()), "2 layers × 2 heads");
    }

    @Test
    void typing_a_prompt_recomputes_the_maps_and_hovering_names_query_and_key(FxRobot robot) {
        publishTinyGpt();
        applyAndWait(settings(null, "to be or not"));
        robot.clickOn("#attention-prompt");
        Fx.run(() -> ((TextField) lab.view().lookup("#attention-prompt")).setText("out, damned spot"));
        Fx.waitUntil("the new prompt's maps", 20, () -> lab.heatmap().data().rowLabels().get(0).equals("o")
                && !lab.busyProperty().get());
        Fx.run(() -> lab.heatmap().hover(3, 2));
        String readout = Fx.get(() -> lab.heatmap().readout().getText());
        double weight = Fx.get(() -> lab.heatmap().data().value(3, 2));
        assertEquals(String.format(java.util.Locale.ROOT, "query 3 ',' attends to key 2 't' with weight %.3f", weight), readout);
        Fx.run(() -> lab.heatmap().hover(2, 3));
        assertEquals("query 2 't' cannot see key 3 ',': it lies in the future (masked)",
                Fx.get(() -> lab.heatmap().readout().getText()));
    }

    @Test
    void the_lessons_shipped_checkpoint_opens_with_all_sixteen_heads() {
        LabSettings lesson = Lessons.load(Path.of("lessons")).lessons().stream()
                .flatMap(l -> l.labs().stream()).filter(s -> s.lab() == Lab.ATTENTION).findFirst().orElseThrow();
        applyAndWait(lesson);
        assertEquals(lesson.prompt().length(), Fx.get(() -> lab.heatmap().data().rows()));
        assertEquals(4, Fx.get(() -> lab.maps().layers()));
        assertEquals(4, Fx.get(() -> lab.maps().heads()));
        assertEquals(16, Fx.get(() -> lab.view().lookupAll(".head-tile").size()));
        assertCausalRows(Fx.get(() -> lab.heatmap().data()));
    }

    @Test
    void the_maps_follow_a_gpt_while_it_trains_in_this_window() {
        Fx.run(() -> lab.apply(settings(null, "to be or not")));
        Fx.run(() -> workspace.training().start("GPT on macbeth", Runs.gpt(workspace, "macbeth", 150, 16, 32, 2, 2)));
        Fx.waitUntil("a live model", 60, () -> lab.maps() != null);
        HeatmapData early = Fx.get(() -> lab.heatmap().data());
        Fx.waitUntil("the run to finish", 120, () -> workspace.training().state() == TrainingSession.State.FINISHED
                && !lab.busyProperty().get());
        HeatmapData late = Fx.get(() -> lab.heatmap().data());
        assertFalse(java.util.Arrays.deepEquals(early.values(), late.values()), "the maps change as the GPT learns");
        assertCausalRows(late);
    }
}
