package org.slmworkshop.ui.lab.sampling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slmworkshop.generate.Comparison;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.Prompt;
import org.slmworkshop.generate.Sample;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.ui.ModelSnapshot;

/**
 * The lab's own engine thread. The model the lab shows is copied onto it once, so no other lab's
 * forward pass races with ours (models keep scratch buffers between calls). Work runs here one
 * piece at a time; a new generation interrupts the running one, and the decoders stop at the next
 * step. (The workspace's shared pool cannot interrupt its tasks, hence a thread of our own.)
 */
final class SamplingEngine {
    /** A finished comparison and what produced it. */
    record Generated(ModelSnapshot source, Prompt prompt, Comparison comparison, long nanos) {}

    private final ExecutorService thread;
    private record BeamKey(ModelSnapshot model, String prompt, DecodingSettings settings, int maxTokens) {}

    private static final int BEAMS_KEPT = 16;
    private final Map<BeamKey, Sample> beams = new LinkedHashMap<>(16, 0.75f, true) {   // engine thread only
        @Override
        protected boolean removeEldestEntry(Map.Entry<BeamKey, Sample> eldest) {
            return size() > BEAMS_KEPT;
        }
    };
    private ModelSnapshot copied;          // engine thread only
    private LanguageModel model;           // engine thread only: our copy of copied.model()
    private Future<?> generation;          // FX thread only
    private CompletableFuture<?> generationResult;

    /** @param thread the lab's own thread (from the workspace's {@link org.slmworkshop.ui.LabThreads}) */
    SamplingEngine(ExecutorService thread) {
        this.thread = thread;
    }

    /** The model's next-token scores after the prompt (one forward pass). */
    CompletableFuture<PromptLogits> promptLogits(ModelSnapshot snapshot, String promptText) {
        return CompletableFuture.supplyAsync(() -> {
            LanguageModel own = modelFor(snapshot);
            return PromptLogits.compute(own, snapshot.tokenizer(), Prompt.encode(snapshot.tokenizer(), promptText));
        }, thread);
    }

    /** Runs the columns side by side from one seed, streaming sampled tokens to {@code listener}; stops any older run. */
    CompletableFuture<Generated> compare(ModelSnapshot snapshot, String promptText, List<DecodingSettings> settings,
                                         int maxTokens, long seed, TokenListener listener) {
        cancelGeneration();
        CompletableFuture<Generated> result = new CompletableFuture<>();
        generationResult = result;
        generation = thread.submit(() -> {
            try {
                long start = System.nanoTime();
                Generator generator = new Generator(modelFor(snapshot), snapshot.tokenizer());
                Prompt prompt = generator.prompt(promptText);
                Comparison comparison = compare(generator, snapshot, prompt, settings, maxTokens, seed, listener);
                if (Thread.currentThread().isInterrupted()) result.cancel(false);
                else result.complete(new Generated(snapshot, prompt, comparison, System.nanoTime() - start));
            } catch (Throwable error) {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /**
     * What {@link Generator#compare} does (the stepwise columns in lockstep, then each beam search), except
     * that a beam search already run for this model, prompt and budget is reused: it draws nothing, so the
     * seed and the other columns cannot change it, and a slider that moves only sampled columns should
     * not wait for it again.
     */
    private Comparison compare(Generator generator, ModelSnapshot snapshot, Prompt prompt, List<DecodingSettings> settings,
                               int maxTokens, long seed, TokenListener listener) {
        List<DecodingSettings> stepwise = settings.stream().filter(s -> s.strategy() != Strategy.BEAM).toList();
        Iterator<Sample> stepwiseSamples = stepwise.isEmpty() ? Collections.emptyIterator()
                : generator.compare(prompt, stepwise, maxTokens, seed, listener).samples().iterator();
        List<Sample> samples = new ArrayList<>();
        for (DecodingSettings setting : settings) {
            if (setting.strategy() != Strategy.BEAM) {
                samples.add(stepwiseSamples.next());
                continue;
            }
            BeamKey key = new BeamKey(snapshot, prompt.text(), setting, maxTokens);
            Sample beam = beams.get(key);
            if (beam == null) {
                beam = generator.beamSearch(prompt, setting, maxTokens).get(0).toSample(setting.label(), setting);
                if (!Thread.currentThread().isInterrupted()) beams.put(key, beam);   // never keep a search cut short
            }
            samples.add(beam);
        }
        return Comparison.of(prompt.text(), seed, maxTokens, samples);
    }

    /** Interrupts the running generation; its future ends cancelled. */
    void cancelGeneration() {
        if (generation != null) generation.cancel(true);
        if (generationResult != null) generationResult.cancel(false);
        generation = null;
        generationResult = null;
    }

    void shutdown() {
        cancelGeneration();
        thread.shutdownNow();
    }

    private LanguageModel modelFor(ModelSnapshot snapshot) {
        if (snapshot != copied) {
            beams.clear();   // they belong to the old weights, and would keep them alive
            model = ModelSnapshot.copyOf(snapshot.model());
            copied = snapshot;
        }
        return model;
    }
}
