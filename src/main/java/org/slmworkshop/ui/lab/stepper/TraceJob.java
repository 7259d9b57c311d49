package org.slmworkshop.ui.lab.stepper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slmworkshop.generate.Prompt;
import org.slmworkshop.inspect.CausalityCheck;
import org.slmworkshop.inspect.ForwardTrace;
import org.slmworkshop.inspect.ForwardTrace.TopToken;
import org.slmworkshop.model.BigramModel;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.lab.TokenText;

/**
 * What the stepper asks for, run off the FX thread: encode the prompt, refuse what the model cannot read, trace it,
 * and, when a later token was changed, trace the changed prompt too and compare the two. Both traces run in one job
 * on one model, so they see the same weights.
 *
 * @param edit        change one token of the prompt (the learner's "change a later token"), or null
 * @param compareWith the ids traced before the prompt was edited: compared when the new prompt has the same length
 */
record TraceJob(ModelSnapshot snapshot, String text, Edit edit, int[] compareWith) {
    /** How many next tokens each position keeps for the bars. */
    static final int TOP_TOKENS = 10;

    /**
     * Replace the token at {@code position} with the model's {@code variant}-th likeliest guess for it (after the
     * token before it) that differs from the token there, so every click gives a new, plausible token.
     */
    record Edit(int position, int variant) {
        Edit {
            if (position < 1) throw new IllegalArgumentException("only a token after position 0 can be a later token");
        }
    }

    /** The models a forward trace exists for. */
    static boolean canTrace(LanguageModel model) {
        return model instanceof Gpt || model instanceof LowRankModel || model instanceof BigramModel;
    }

    /**
     * @throws IllegalArgumentException with a sentence for the learner when the prompt cannot be traced
     */
    TracedPrompt run() {
        LanguageModel model = snapshot.model();
        Tokenizer tokenizer = snapshot.tokenizer();
        int[] ids = encode(tokenizer, model);
        ForwardTrace reference = null;
        String how = null;
        if (edit != null && edit.position() < ids.length) {
            reference = ForwardTrace.of(model, ids);
            ids = edited(reference, tokenizer);
            how = "changed";
        } else if (compareWith != null && compareWith.length == ids.length && !Arrays.equals(compareWith, ids)) {
            reference = ForwardTrace.of(model, compareWith);
            how = "edited";
        }
        ForwardTrace trace = ForwardTrace.of(model, ids);
        Comparison comparison = reference == null ? null
                : Comparison.of(reference, trace, labels(tokenizer, reference.tokens()), how);
        List<List<TopToken>> top = new ArrayList<>();
        int count = Math.min(TOP_TOKENS, model.config().vocabSize());
        for (int t = 0; t < ids.length; t++) top.add(trace.topTokens(t, count));
        return TracedPrompt.of(snapshot, trace, labels(tokenizer, ids), top, comparison);
    }

    private int[] encode(Tokenizer tokenizer, LanguageModel model) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("The prompt is empty: type some text for the model to read.");
        }
        if (!canTrace(model)) {
            throw new IllegalArgumentException("The forward-pass stepper shows GPT, low-rank and bigram models, not a "
                    + model.getClass().getSimpleName() + ".");
        }
        Prompt prompt = Prompt.encode(tokenizer, text);
        if (prompt.hasUnknowns()) {
            throw new IllegalArgumentException("The prompt holds text this model's " + tokenizer.kind()
                    + " tokenizer cannot encode: " + prompt.describeUnknowns() + ". Remove or replace it: the model has"
                    + " no token for it.");
        }
        int[] ids = prompt.ids();
        int context = model.config().contextLength();
        if (model instanceof Gpt && ids.length > context) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "The prompt is %d tokens, but this GPT reads at most %d (its context length: it has %d position"
                            + " embeddings). Shorten it by %d token%s.", ids.length, context, context, ids.length - context,
                    ids.length - context == 1 ? "" : "s"));
        }
        return ids;
    }

    /** The prompt with the token at {@code edit.position()} replaced by one of the model's guesses for it. */
    private int[] edited(ForwardTrace original, Tokenizer tokenizer) {
        int[] ids = original.tokens();
        int position = edit.position();
        List<Integer> candidates = new ArrayList<>();
        for (TopToken guess : original.topTokens(position - 1, Math.min(12, tokenizer.vocabSize()))) {
            if (usable(guess.id(), ids[position])) candidates.add(guess.id());
        }
        if (candidates.isEmpty()) {   // a model that only ever guesses the token already there, or special tokens
            for (int id = 0; id < tokenizer.vocabSize() && candidates.size() < 12; id++) {
                if (usable(id, ids[position])) candidates.add(id);
            }
        }
        if (candidates.isEmpty()) throw new IllegalArgumentException("This vocabulary has no other token to put there.");
        ids[position] = candidates.get(Math.floorMod(edit.variant(), candidates.size()));
        return ids;
    }

    private static boolean usable(int id, int current) {
        return id != current && id != Tokenizer.UNKNOWN_ID && id != Tokenizer.END_OF_TEXT_ID;
    }

    static List<String> labels(Tokenizer tokenizer, int[] ids) {
        return Arrays.stream(ids).mapToObj(id -> TokenText.label(tokenizer, id)).toList();
    }

    /** The two traces of a causality check and what the stepper shows of it, stage by stage. */
    record Comparison(ForwardTrace before, List<String> beforeTokens, CausalityCheck check, String how,
                      int[] differingValues, boolean[][] changedRows) {
        /**
         * @param how "changed" (the button) or "edited" (the learner typed over a later part of the prompt)
         */
        static Comparison of(ForwardTrace before, ForwardTrace after, List<String> beforeTokens, String how) {
            CausalityCheck check = CausalityCheck.compare(before, after);
            int stages = after.stages().size();
            int[] differing = new int[stages];
            boolean[][] changed = new boolean[stages][after.length()];
            for (int s = 0; s < stages; s++) {
                float[] x = before.stages().get(s).values(), y = after.stages().get(s).values();
                int width = after.stages().get(s).width();
                for (int i = 0; i < x.length; i++) {
                    if (Float.floatToRawIntBits(x[i]) == Float.floatToRawIntBits(y[i])) continue;
                    int position = i / width;
                    changed[s][position] = true;
                    if (position < check.firstEdited()) differing[s]++;
                }
            }
            return new Comparison(before, beforeTokens, check, how, differing, changed);
        }

        int firstEdited() {
            return check.firstEdited();
        }
    }
}
