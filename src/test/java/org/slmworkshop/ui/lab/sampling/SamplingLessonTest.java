package org.slmworkshop.ui.lab.sampling;

import org.slmworkshop.ui.IsolatedSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.generate.Memorisation;
import org.slmworkshop.generate.MemorisationReport;
import org.slmworkshop.generate.Sample;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Lesson 7 as shipped: its checkpoint, prompt and five columns, with the texts the lesson quotes. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class SamplingLessonTest {
    private Workspace workspace;
    private SamplingLab lab;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new SamplingLab(workspace);
        stage.setScene(new Scene(new StackPane(lab.view()), 820, 760));
        stage.show();
    }

    @AfterEach
    void dispose() {
        lab.dispose();
        workspace.shutdown();
    }

    @Test
    void lesson_seven_opens_on_the_dickens_gpt_with_the_texts_it_quotes(FxRobot robot) throws Exception {
        Lesson lesson = Lessons.load(Path.of("lessons")).lessons().stream().filter(l -> l.id().equals("07-decoding"))
                .findFirst().orElseThrow();
        LabSettings settings = lesson.labs().stream().filter(l -> l.lab() == Lab.SAMPLING).findFirst().orElseThrow();
        long[] longestGap = {0};
        AnimationTimer pulses = new AnimationTimer() {   // how long the FX thread goes without a frame meanwhile
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) longestGap[0] = Math.max(longestGap[0], now - last);
                last = now;
            }
        };
        long[] appliedAfter = {0};
        robot.interact(() -> {
            pulses.start();
            appliedAfter[0] = lab.millisSinceCreated();
            lab.apply(settings);
        });
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(lab::shown).get() != null);
        long gapWhileGenerating = longestGap[0];
        robot.interact(() -> longestGap[0] = 0);
        // the memorisation meter then indexes Dickens' training split (1.09 M characters) off the FX thread
        long indexing = System.nanoTime();
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> lab.memorisation().report()).get() != null);
        indexing = System.nanoTime() - indexing;
        robot.interact(pulses::stop);
        List<Sample> samples = WaitForAsyncUtils.asyncFx(() -> lab.shown().comparison().samples()).get();
        assertEquals(List.of("greedy", "temperature=0.8", "top-k=10", "temperature=0.9,top-p=0.9", "beam=4"),
                samples.stream().map(Sample::label).toList());
        // the lesson's quotes, which the CLI's sample command gives for the same settings
        assertTrue(samples.get(0).text().startsWith("nd the strange to the stand the strange the stall"), samples.get(0).text());
        assertEquals(-205.4, samples.get(0).logProbability(), 0.05);
        assertEquals(-166.7, samples.get(4).logProbability(), 0.05);
        assertTrue(samples.get(1).text().startsWith("nd man, untered, they and wanterent"), samples.get(1).text());
        String divergence = WaitForAsyncUtils.asyncFx(() -> lab.board().views().get(1).divergenceText()).get();
        assertEquals("diverges from greedy at token 4", divergence, "the lesson: greedy and the samplers part at step 4");
        // the lesson: nothing of 24 characters or more is copied; the longest shared stretches are 12 to 19 characters
        MemorisationReport copied = WaitForAsyncUtils.asyncFx(() -> lab.memorisation().report()).get();
        assertTrue(copied.measured(), "the shipped checkpoint's corpus is found: " + copied.reason());
        assertEquals("dickens", copied.corpusId());
        assertEquals(List.of(16, 12, 12, 13, 19), copied.samples().stream().map(Memorisation::longestMatch).toList());
        assertTrue(copied.samples().stream().allMatch(m -> m.spans().isEmpty()));
        assertEquals("no copying ≥ 24 chars", WaitForAsyncUtils.asyncFx(() -> lab.board().views().get(4).copiedLine()).get());
        long firstSample = WaitForAsyncUtils.asyncFx(lab::firstSampleMillis).get() - appliedAfter[0];
        System.out.printf("sampling lab, lesson 7: first sample on screen %d ms after apply(), all five columns"
                + " generated in %.1f s, longest gap between FX frames meanwhile %d ms; then the memorisation meter indexed"
                + " Dickens and measured the columns in %d ms, longest gap between FX frames meanwhile %d ms%n", firstSample,
                WaitForAsyncUtils.asyncFx(() -> lab.shown().nanos()).get() / 1e9, gapWhileGenerating / 1_000_000,
                indexing / 1_000_000, longestGap[0] / 1_000_000);
        assertTrue(firstSample > 0 && firstSample < 120_000, "first sample after " + firstSample + " ms");
    }
}
