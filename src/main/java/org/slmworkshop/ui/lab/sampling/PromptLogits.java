package org.slmworkshop.ui.lab.sampling;

import org.slmworkshop.generate.LogitTransforms;
import org.slmworkshop.generate.NextTokenScorer;
import org.slmworkshop.generate.Prompt;
import org.slmworkshop.generate.Scorers;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;

/**
 * The model's scores for the token after the prompt: one forward pass per model and prompt, kept so
 * that a slider move only re-runs the transforms.
 *
 * @param context            the tokens the repetition penalty looks at
 * @param modelProbabilities the untransformed softmax
 * @param byProbability      token ids, most likely first (lower id first on a tie)
 */
record PromptLogits(Prompt prompt, Tokenizer tokenizer, float[] logits, int[] context, double[] modelProbabilities,
                    int[] byProbability) {

    /** Runs the model once; call it on the thread that owns {@code model}. */
    static PromptLogits compute(LanguageModel model, Tokenizer tokenizer, Prompt prompt) {
        NextTokenScorer scorer = Scorers.forModel(model).get();
        float[] logits = scorer.reset(prompt.ids());
        double[] raw = new double[logits.length];
        for (int i = 0; i < raw.length; i++) raw[i] = logits[i];
        double[] probabilities = LogitTransforms.softmax(raw);
        return new PromptLogits(prompt, tokenizer, logits, scorer.context(), probabilities,
                TopTokens.largest(probabilities, probabilities.length));
    }

    int vocabSize() {
        return logits.length;
    }
}
