package org.slmworkshop.model;

/**
 * The gradient of a bigram's mean cross-entropy over the pairs a {@link CountingBigram} counted,
 * in closed form: ∂L/∂Z_αβ = (n_β·softmax(Z_·β)_α − n_αβ) / M, predicted minus observed
 * (lesson 04b). α is the next token and β the previous; the engine's table stores Z transposed
 * (row = previous), so this is also the gradient of its cell [β][α].
 */
public final class BigramGradient {
    private BigramGradient() {}

    /**
     * The gradient for every pair of {@code shown} tokens, over the whole counted text.
     *
     * @return [next][previous]: row α, column β, as the lesson's T_αβ and the transition heatmap
     */
    public static double[][] among(BigramModel model, CountingBigram counts, int[] shown) {
        if (model.config().vocabSize() != counts.vocabSize()) {
            throw new IllegalArgumentException("the bigram has V = " + model.config().vocabSize()
                    + " but the counts V = " + counts.vocabSize());
        }
        double predictions = counts.pairs();   // M
        if (predictions == 0) throw new IllegalArgumentException("no counted pairs, so no loss to differentiate");
        double[][] gradient = new double[shown.length][shown.length];
        for (int column = 0; column < shown.length; column++) {
            int previous = shown[column];
            double[] p = softmax(model.transitionRow(previous));   // (V): p(· | previous)
            double rowTotal = counts.rowTotal(previous);          // n_β
            for (int row = 0; row < shown.length; row++) {
                int next = shown[row];
                gradient[row][column] = (rowTotal * p[next] - counts.count(previous, next)) / predictions;
            }
        }
        return gradient;
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }
}
