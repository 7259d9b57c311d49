package org.slmworkshop.ui.lab.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slmworkshop.generate.Comparison;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.SettingsSpec;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.ui.LabThreads;
import org.slmworkshop.ui.ModelSnapshot;

/** The lab's engine thread: the engine's own comparison, stale runs stopped, beam searches reused. */
class SamplingEngineTest {
    private static final List<DecodingSettings> COLUMNS = List.of("greedy", "temperature=0.9", "beam=3").stream()
            .map(SettingsSpec::parse).toList();
    private final LabThreads threads = new LabThreads();
    private final SamplingEngine engine = new SamplingEngine(threads.own("sampling-lab"));

    @AfterEach
    void shutdown() {
        engine.shutdown();
        threads.shutdown();
    }

    @Test
    void a_comparison_equals_the_generators_and_reuses_its_beam_search_for_another_seed() throws Exception {
        ModelSnapshot model = TinyGpt.snapshot();
        AtomicInteger streamed = new AtomicInteger();
        SamplingEngine.Generated first = engine.compare(model, "The ", COLUMNS, 30, 11, token -> streamed.incrementAndGet())
                .get(60, TimeUnit.SECONDS);
        Generator generator = new Generator(ModelSnapshot.copyOf(model.model()), model.tokenizer());
        Comparison expected = generator.compare(generator.prompt("The "), COLUMNS, 30, 11, TokenListener.NONE);
        assertEquals(expected.divergences(), first.comparison().divergences());
        for (int i = 0; i < COLUMNS.size(); i++) {
            assertEquals(expected.samples().get(i).text(), first.comparison().samples().get(i).text());
            assertEquals(expected.samples().get(i).logProbability(), first.comparison().samples().get(i).logProbability(), 1e-6);
        }
        assertEquals(60, streamed.get(), "greedy and the sampler stream their 30 tokens each; beam search does not stream");

        SamplingEngine.Generated second = engine.compare(model, "The ", COLUMNS, 30, 12, TokenListener.NONE)
                .get(60, TimeUnit.SECONDS);
        assertSame(first.comparison().samples().get(2), second.comparison().samples().get(2), "the beam search is reused");
        assertEquals(12, second.comparison().seed());
    }

    @Test
    void a_new_generation_stops_the_one_still_running() throws Exception {
        ModelSnapshot model = TinyGpt.snapshot();
        AtomicInteger streamed = new AtomicInteger();
        CompletableFuture<SamplingEngine.Generated> endless = engine.compare(model, "The ", COLUMNS.subList(0, 2), 50_000, 1,
                token -> streamed.incrementAndGet());
        while (streamed.get() < 20) Thread.sleep(5);
        long start = System.nanoTime();
        SamplingEngine.Generated quick = engine.compare(model, "The ", COLUMNS.subList(0, 2), 10, 1, TokenListener.NONE)
                .get(60, TimeUnit.SECONDS);
        assertThrows(CancellationException.class, endless::join);
        assertEquals(10, quick.comparison().samples().get(0).length());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 30, "the stale run stopped within a step, not after 50,000 tokens: " + seconds + " s");
        int after = streamed.get();
        Thread.sleep(200);
        assertEquals(after, streamed.get(), "nothing streams from the stopped run any more");
    }
}
