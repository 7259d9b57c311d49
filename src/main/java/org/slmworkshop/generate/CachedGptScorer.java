package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.GptDecoder;

/**
 * The GPT scorer with a KV cache ({@link GptDecoder}): each step runs only the new token through the
 * network, so a step costs O(1) matrix-vector products instead of a pass over the whole window. Its
 * logits equal {@link ContextScorer}'s up to float rounding.
 *
 * <p>Position embeddings are absolute, so once the sequence is longer than the context the window
 * slides and every token in it moves to a new position: nothing cached stays valid. From then on
 * the scorer crops to the last contextLength tokens and recomputes the window at every step, by
 * handing over to a {@link ContextScorer} (one batched model call, faster than refilling the cache
 * token by token), exactly as an uncached scorer would.
 *
 * <p>The weights are copied when the scorer is built, so a scorer made before more training keeps the
 * old weights; {@link Scorers#forModel} builds a fresh one for every generation. Forks share the
 * weights and the cached rows, so a fork costs one reference per cached token and layer.
 */
public final class CachedGptScorer implements NextTokenScorer {
    private final Gpt model;
    private final GptDecoder decoder;
    private final int contextLength;
    private int[] sequence = new int[0];
    private int length;
    private ContextScorer window;   // once the sequence is longer than the context; null before

    public CachedGptScorer(Gpt model) {
        this(model, new GptDecoder(model));
    }

    private CachedGptScorer(Gpt model, GptDecoder decoder) {
        this.model = model;
        this.decoder = decoder;
        this.contextLength = model.config().contextLength();
    }

    @Override
    public float[] reset(int[] prompt) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt must hold at least one token");
        window = null;
        decoder.reset();
        sequence = Arrays.copyOf(prompt, Math.max(16, prompt.length * 2));
        length = prompt.length;
        return length <= contextLength ? decoder.appendAll(prompt) : slide();
    }

    @Override
    public float[] next(int token) {
        if (length == 0) throw new IllegalStateException("reset(prompt) first");
        if (window != null) return window.next(token);
        push(token);
        return length <= contextLength ? decoder.append(token) : slide();
    }

    /** Past the context: drops the cache and recomputes the cropped window from now on. */
    private float[] slide() {
        decoder.reset();
        window = new ContextScorer(model, contextLength);
        float[] logits = window.reset(Arrays.copyOf(sequence, length));
        sequence = null;
        return logits;
    }

    /**
     * Several scorers at one length advance together: inside the context in one pass of their decoders
     * through the weights ({@link GptDecoder#appendEach}), past it in one batched model call.
     */
    @Override
    public float[][] nextAll(List<NextTokenScorer> scorers, int[] tokens) {
        List<GptDecoder> decoders = new ArrayList<>();
        List<NextTokenScorer> windows = new ArrayList<>();
        for (NextTokenScorer scorer : scorers) {
            if (!(scorer instanceof CachedGptScorer cached) || cached.model != model || cached.length != length
                    || (cached.window == null) != (window == null)) {
                return NextTokenScorer.super.nextAll(scorers, tokens);
            }
            decoders.add(cached.decoder);
            windows.add(cached.window);
        }
        if (window != null) return window.nextAll(windows, tokens);
        if (length + 1 > contextLength) return NextTokenScorer.super.nextAll(scorers, tokens);   // each slides
        for (int i = 0; i < tokens.length; i++) ((CachedGptScorer) scorers.get(i)).push(tokens[i]);
        return GptDecoder.appendEach(decoders, tokens);
    }

    private void push(int token) {
        if (length == sequence.length) sequence = Arrays.copyOf(sequence, length * 2);
        sequence[length++] = token;
    }

    @Override
    public int[] context() {
        if (window != null) return window.context();
        return Arrays.copyOfRange(sequence, Math.max(0, length - contextLength), length);
    }

    @Override
    public NextTokenScorer fork() {
        CachedGptScorer copy = new CachedGptScorer(model, decoder.copy());
        copy.length = length;
        if (window != null) copy.window = (ContextScorer) window.fork();
        else copy.sequence = sequence.clone();
        return copy;
    }
}
