package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;

/**
 * Text generation for any {@link LanguageModel}: single samples streamed token by token, beam search,
 * same-seed comparisons and next-token distributions. A sequence ends at {@code <eot>} or after
 * {@code maxTokens}; the model sees the last contextLength tokens. Models are not thread-safe, so
 * use one generator per thread.
 */
public final class Generator {
    public static final int MAX_TOKENS_LIMIT = 100_000;

    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Supplier<NextTokenScorer> scorers;

    public Generator(LanguageModel model, Tokenizer tokenizer) {
        this(model, tokenizer, Scorers.forModel(model));
    }

    /** With a chosen scorer, e.g. a KV-cache one; it must give the same logits as {@link ContextScorer}. */
    public Generator(LanguageModel model, Tokenizer tokenizer, Supplier<NextTokenScorer> scorers) {
        if (model.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the model has " + model.config().vocabSize() + " tokens but the tokenizer "
                    + tokenizer.vocabSize() + "; they do not belong together");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.scorers = scorers;
    }

    public LanguageModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Prompt prompt(String text) {
        return Prompt.encode(tokenizer, text);
    }

    /**
     * One continuation. Sampling draws u = {@code new Rng(seed).nextDouble()} once per step, so the
     * same seed gives the same text. Beam search streams its best beam once the search is over.
     */
    public Sample generate(Prompt prompt, DecodingSettings settings, int maxTokens, long seed, TokenListener listener) {
        checkMaxTokens(maxTokens);
        if (settings.strategy() == Strategy.BEAM) {
            Sample best = beamSample(prompt, settings, maxTokens, settings.label());
            for (int step = 0; step < best.tokens().length; step++) {
                int token = best.tokens()[step];
                listener.onToken(new TokenListener.GeneratedToken(best.label(), step, token, tokenizer.decode(new int[] {token})));
            }
            return best;
        }
        return new LockstepDecoder(scorers, tokenizer)
                .decode(prompt.ids(), List.of(settings.label()), List.of(settings), maxTokens, seed, listener).get(0);
    }

    /** Every beam left at the end, best first, each with its log-probability. */
    public List<Beam> beamSearch(Prompt prompt, DecodingSettings settings, int maxTokens) {
        checkMaxTokens(maxTokens);
        return new BeamSearch(scorers, tokenizer).search(prompt.ids(), settings, maxTokens);
    }

    /**
     * The same beam search recorded as a tree (every candidate it ranked, kept or pruned), with the
     * greedy path from the same prompt; {@link BeamTree#returnedBeams} equals {@link #beamSearch}.
     * Print it with {@link BeamTreeText#render}, or write it as JSON with {@code Json.line(tree)}.
     */
    public BeamTree beamTree(Prompt prompt, DecodingSettings settings, int maxTokens) {
        checkMaxTokens(maxTokens);
        return new BeamSearch(scorers, tokenizer).tree(prompt.ids(), prompt.text(), settings, maxTokens);
    }

    /**
     * Runs every setting on the prompt with one seed: greedy and sampling runs in lockstep on one shared
     * stream of uniforms (see {@link LockstepDecoder}), beam searches on their own (they draw nothing).
     * Each stepwise run equals {@link #generate} with the same seed.
     */
    public Comparison compare(Prompt prompt, List<DecodingSettings> settings, int maxTokens, long seed,
                              TokenListener listener) {
        checkMaxTokens(maxTokens);
        if (settings.isEmpty()) throw new IllegalArgumentException("give at least one setting to compare");
        List<String> labels = new ArrayList<>();
        List<DecodingSettings> stepwise = new ArrayList<>();
        for (DecodingSettings setting : settings) {
            if (setting.strategy() != Strategy.BEAM) {
                labels.add(setting.label());
                stepwise.add(setting);
            }
        }
        List<Sample> stepwiseSamples = stepwise.isEmpty() ? List.of()
                : new LockstepDecoder(scorers, tokenizer).decode(prompt.ids(), labels, stepwise, maxTokens, seed, listener);
        List<Sample> samples = new ArrayList<>();
        int next = 0;
        for (DecodingSettings setting : settings) {
            samples.add(setting.strategy() == Strategy.BEAM ? beamSample(prompt, setting, maxTokens, setting.label())
                    : stepwiseSamples.get(next++));
        }
        return Comparison.of(prompt.text(), seed, maxTokens, samples);
    }

    /** The distribution of the first generated token, before and after each transform, with each stage's top N. */
    public NextTokenDistribution distribution(Prompt prompt, DecodingSettings settings, int topN) {
        NextTokenScorer scorer = scorers.get();
        float[] logits = scorer.reset(prompt.ids());
        return NextTokenDistribution.compute(logits, scorer.context(), settings, topN, tokenizer);
    }

    private Sample beamSample(Prompt prompt, DecodingSettings settings, int maxTokens, String label) {
        return beamSearch(prompt, settings, maxTokens).get(0).toSample(label, settings);
    }

    private static void checkMaxTokens(int maxTokens) {
        if (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT) {
            throw new IllegalArgumentException("max tokens must be in [1, " + MAX_TOKENS_LIMIT + "], got " + maxTokens);
        }
    }
}
