package org.slmworkshop.ui.lab.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.inspect.EmbeddingMap;
import org.slmworkshop.inspect.EmbeddingMap.Neighbour;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.util.Rng;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The embedding map on a small low-rank model of Macbeth trained here: titles, positions and neighbours from the engine. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class EmbeddingLabTest {
    private static PreparedCorpus macbeth;
    private static LanguageModel lowRank;

    private Workspace workspace;
    private EmbeddingLab lab;

    @BeforeAll
    static void train() {
        macbeth = PreparedCorpus.prepare(CorpusCatalog.load("macbeth"), SplitSpec.DEFAULT, TokenizerSpec.defaults("char"));
        lowRank = Models.create(new LowRankConfig(macbeth.tokenizer().vocabSize(), 8, 0.0, 16), new Rng(1));
        TrainingConfig training = new TrainingConfig(150, 16, 3e-2, 3e-3, 10, 150, Schedule.COSINE, 0.9, 0.99, 0.0, 1.0, 0.0,
                TrainingConfig.Batching.WINDOWS, 0, 1, 16, 42);
        new Trainer(lowRank, macbeth.data(), training).run(event -> { }, new RunControl());
    }

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new EmbeddingLab(workspace);
        Scene scene = new Scene(new StackPane(lab.view()), 820, 640);
        scene.getStylesheets().add(EmbeddingLab.class.getResource("/css/workshop.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void dispose() {
        Fx.run(() -> {
            lab.dispose();
            workspace.shutdown();
        });
    }

    private static LabSettings settings() {
        return new LabSettings(Lab.EMBEDDING, null, null, null, null, Map.of(), null, null, Map.of(), null, null, List.of(), null);
    }

    private static ModelSnapshot snapshot(LanguageModel model, int step, boolean live) {
        return new ModelSnapshot(model, macbeth.tokenizer(), macbeth, "low rank (test)", step, live);
    }

    private void openOn(ModelSnapshot snapshot) {
        Fx.run(() -> {
            workspace.trainedModelProperty().set(snapshot);
            lab.apply(settings());
        });
        Fx.waitUntil("the map", 30, () -> lab.shown() != null && lab.shown().snapshot() == snapshot);
    }

    @Test
    void axesAreTitledWithTheEnginesVarianceSharesAndTokensSitWhereTheirCoordinatesSay() {
        openOn(snapshot(lowRank, 150, false));
        EmbeddingMap expected = EmbeddingMap.of(lowRank);
        assertEquals(String.format(Locale.ROOT, "PC1 (%.1f%% of variance)  →", 100 * expected.varianceShare(0)),
                Fx.get(lab::xTitle));
        assertEquals(String.format(Locale.ROOT, "PC2 (%.1f%% of variance)  →", 100 * expected.varianceShare(1)),
                Fx.get(lab::yTitle));
        assertTrue(Fx.get(lab::legendEntries).containsAll(List.of("vowel", "consonant", "upper case", "punctuation",
                "whitespace", "special")), Fx.get(lab::legendEntries).toString());
        EmbeddingPlot plot = lab.plot();
        int vocab = expected.tokens();
        int left = 0, right = 0, bottom = 0, top = 0;
        for (int id = 1; id < vocab; id++) {
            if (expected.x(id) < expected.x(left)) left = id;
            if (expected.x(id) > expected.x(right)) right = id;
            if (expected.y(id) < expected.y(bottom)) bottom = id;
            if (expected.y(id) > expected.y(top)) top = id;
        }
        int l = left, r = right, b = bottom, t = top;
        double width = Fx.get(plot::getWidth), height = Fx.get(plot::getHeight);
        assertEquals(18, Fx.get(() -> plot.screenX(l)), 1e-9, "the leftmost token at the left padding");
        assertEquals(width - 18, Fx.get(() -> plot.screenX(r)), 1e-9);
        assertEquals(18, Fx.get(() -> plot.screenY(t)), 1e-9, "+PC2 is up");
        assertEquals(height - 18, Fx.get(() -> plot.screenY(b)), 1e-9);
        // linear in between: a token's place is its coordinate scaled
        int e = macbeth.tokenizer().encode("e").ids()[0];
        double share = (expected.x(e) - expected.x(l)) / (expected.x(r) - expected.x(l));
        assertEquals(18 + share * (width - 36), Fx.get(() -> plot.screenX(e)), 1e-6);
    }

    @Test
    void hoveringATokenListsItsNearestNeighboursFromTheFullEmbedding(FxRobot robot) {
        openOn(snapshot(lowRank, 150, false));
        EmbeddingMap expected = EmbeddingMap.of(lowRank);
        int e = macbeth.tokenizer().encode("e").ids()[0];
        EmbeddingPlot plot = lab.plot();
        Point2D onScreen = Fx.get(() -> plot.localToScreen(plot.screenX(e), plot.screenY(e)));
        robot.moveTo(onScreen);
        Fx.waitUntil("the neighbours of 'e'", 20, () -> lab.neighbourList().titleText().equals("'e' · vowel"));
        List<String> rows = Fx.get(() -> lab.neighbourList().rowTexts());
        List<Neighbour> near = expected.neighbours(e, EmbeddingLab.NEIGHBOURS);
        assertEquals(EmbeddingLab.NEIGHBOURS, rows.size());
        for (int i = 0; i < near.size(); i++) {
            String label = org.slmworkshop.ui.lab.TokenText.label(macbeth.tokenizer(), near.get(i).token());
            assertEquals("'" + label + "' " + String.format(Locale.ROOT, "%+.3f", near.get(i).similarity()), rows.get(i));
        }
        assertEquals(e, Fx.get(plot::hovered).intValue());
    }

    @Test
    void aLiveModelIsRedrawnAtItsLatestCopy() {
        ModelSnapshot first = snapshot(ModelSnapshot.copyOf(lowRank), 10, true);
        openOn(first);
        assertTrue(Fx.get(() -> lab.shown().snapshot() == first));
        // copies arrive faster than the map may redraw: the last one wins, none piles up
        LanguageModel changed = ModelSnapshot.copyOf(lowRank);
        float[] rows = changed.store().get("embedding.weight").value().toHost();
        for (int i = 0; i < rows.length; i += 3) rows[i] *= -2;
        changed.store().get("embedding.weight").value().copyFrom(rows);
        ModelSnapshot last = snapshot(changed, 30, true);
        Fx.run(() -> {
            workspace.trainedModelProperty().set(snapshot(ModelSnapshot.copyOf(lowRank), 20, true));
            workspace.trainedModelProperty().set(last);
        });
        Fx.waitUntil("the latest copy", 20, () -> lab.shown().snapshot() == last && !lab.busy());
        assertEquals(String.format(Locale.ROOT, "PC1 (%.1f%% of variance)  →", 100 * EmbeddingMap.of(changed).varianceShare(0)),
                Fx.get(lab::xTitle));
        assertTrue(Fx.get(() -> lab.view().lookup("#embedding-summary").toString()).contains("step 30"));
    }

    @Test
    void aBigramIsRefusedWithTheReason() {
        LanguageModel bigram = Models.create(new BigramConfig(macbeth.tokenizer().vocabSize(), 8), new Rng(1));
        Fx.run(() -> {
            workspace.trainedModelProperty().set(snapshot(bigram, 5, false));
            lab.apply(settings());
        });
        String message = Fx.get(lab::message);
        assertNotNull(message);
        assertTrue(message.startsWith("The embedding map needs a low-rank model or a GPT: a bigram has no embeddings"), message);
    }
}
