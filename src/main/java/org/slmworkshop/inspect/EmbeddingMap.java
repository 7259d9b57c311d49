package org.slmworkshop.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankModel;

/**
 * A 2-D map of a model's token embeddings: the V rows of the (V, d) embedding matrix (the low-rank model's E, the
 * GPT's wte), centred and projected on their first two principal components, the directions along which the rows
 * vary most. Neighbours are measured in the full d dimensions, by cosine similarity, so the map's squeezing does not
 * decide who is near whom.
 *
 * <p>Principal components are the eigenvectors of the covariance C = XcᵀXc / V (Xc the centred rows), largest
 * eigenvalue first; each eigenvalue is the variance along its axis. An eigenvector's sign is arbitrary, so each axis is
 * turned to make its largest coordinate (by magnitude, the first on a tie) positive: a map recomputed on slightly
 * changed weights does not flip.
 */
public final class EmbeddingMap {
    /** A token near another one: its id and cosine similarity in [-1, 1]. */
    public record Neighbour(int token, double similarity) {}

    private final int tokens;
    private final int width;
    private final double[] mean;            // (d)
    private final double[][] axes;          // (2, d), unit length; the second is zero when d = 1
    private final double[] variance;        // (2), along each axis
    private final double totalVariance;     // trace of C: the variance of all d coordinates together
    private final double[] x, y;            // (V) each token's coordinates on the two axes
    private final float[] unitRows;         // (V, d) each row divided by its length; zero rows stay zero

    private EmbeddingMap(float[] rows, int tokens, int width) {
        this.tokens = tokens;
        this.width = width;
        mean = new double[width];
        for (int v = 0; v < tokens; v++) for (int j = 0; j < width; j++) mean[j] += rows[v * width + j];
        for (int j = 0; j < width; j++) mean[j] /= tokens;

        double[][] covariance = new double[width][width];                    // XcᵀXc / V   (d, d)
        double[] centred = new double[width];
        for (int v = 0; v < tokens; v++) {
            for (int j = 0; j < width; j++) centred[j] = rows[v * width + j] - mean[j];
            for (int i = 0; i < width; i++) {
                double ci = centred[i];
                if (ci == 0) continue;
                double[] row = covariance[i];
                for (int j = i; j < width; j++) row[j] += ci * centred[j];
            }
        }
        double trace = 0;
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                covariance[i][j] /= tokens;
                covariance[j][i] = covariance[i][j];
            }
            trace += covariance[i][i];
        }
        totalVariance = trace;

        axes = new double[2][width];
        variance = new double[2];
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance, false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = new Integer[width];
        for (int i = 0; i < width; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[i]));
        for (int axis = 0; axis < Math.min(2, width); axis++) {
            axes[axis] = orient(eigen.getEigenvector(order[axis]).toArray());
            variance[axis] = Math.max(0, values[order[axis]]);   // rounding can leave −1e-17 on a flat direction
        }

        x = new double[tokens];
        y = new double[tokens];
        unitRows = new float[tokens * width];
        for (int v = 0; v < tokens; v++) {
            double px = 0, py = 0, squares = 0;
            for (int j = 0; j < width; j++) {
                double value = rows[v * width + j];
                px += (value - mean[j]) * axes[0][j];                        // (x_v − μ)·u₁
                py += (value - mean[j]) * axes[1][j];                        // (x_v − μ)·u₂
                squares += value * value;
            }
            x[v] = px;
            y[v] = py;
            double length = Math.sqrt(squares);
            if (length > 0) for (int j = 0; j < width; j++) unitRows[v * width + j] = (float) (rows[v * width + j] / length);
        }
    }

    /** Unit length, and the largest coordinate by magnitude positive (the first such on a tie). */
    private static double[] orient(double[] vector) {
        int largest = 0;
        double norm = 0;
        for (int j = 0; j < vector.length; j++) {
            if (Math.abs(vector[j]) > Math.abs(vector[largest])) largest = j;
            norm += vector[j] * vector[j];
        }
        double scale = (vector[largest] < 0 ? -1 : 1) / Math.sqrt(norm);
        for (int j = 0; j < vector.length; j++) vector[j] *= scale;
        return vector;
    }

    /**
     * The map of {@code rows}, a (tokens, width) matrix stored row-major: one token's embedding per row.
     *
     * @throws IllegalArgumentException with fewer than two tokens, a width below 1, or values that are not finite
     */
    public static EmbeddingMap of(float[] rows, int tokens, int width) {
        if (tokens < 2) throw new IllegalArgumentException("a map needs at least 2 tokens, got " + tokens);
        if (width < 1) throw new IllegalArgumentException("an embedding needs at least 1 dimension, got " + width);
        if (rows.length != (long) tokens * width) {
            throw new IllegalArgumentException("expected " + tokens + " × " + width + " values, got " + rows.length);
        }
        for (float value : rows) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("the embeddings hold NaN or infinite values: the training run diverged");
            }
        }
        return new EmbeddingMap(rows, tokens, width);
    }

    /** The map of {@code model}'s token embeddings; see {@link #tokenEmbeddings}. */
    public static EmbeddingMap of(LanguageModel model) {
        return of(tokenEmbeddings(model), model.config().vocabSize(), embeddingWidth(model));
    }

    /** True for the models with token embeddings: the low-rank model and the GPT. */
    public static boolean hasEmbeddings(LanguageModel model) {
        return model instanceof LowRankModel || model instanceof Gpt;
    }

    /**
     * A copy of the model's token embedding matrix, (V, d) row-major: the low-rank model's E, the GPT's wte. Taken under
     * the model's lock, so a model being trained is read between two steps.
     *
     * @throws IllegalArgumentException for a bigram, which has no embeddings
     */
    public static float[] tokenEmbeddings(LanguageModel model) {
        synchronized (model) {   // the models' own methods lock on themselves
            return embeddingTensor(model).toHost();
        }
    }

    /** d: the low-rank model's rank, the GPT's width. */
    public static int embeddingWidth(LanguageModel model) {
        return embeddingTensor(model).dim(1);
    }

    private static Tensor embeddingTensor(LanguageModel model) {
        if (model instanceof LowRankModel) return model.store().get("embedding.weight").value();   // E   (V, d)
        if (model instanceof Gpt) return model.store().get("wte").value();                         // wte (V, C)
        throw new IllegalArgumentException("a " + model.config().kind() + " model has no token embeddings: its table maps"
                + " each previous token straight to next-token scores. Train a low-rank model or a GPT to see a map.");
    }

    public int tokens() {
        return tokens;
    }

    public int width() {
        return width;
    }

    /** The token's coordinate on the first principal axis: (x_v − μ)·u₁. */
    public double x(int token) {
        return x[token];
    }

    /** The token's coordinate on the second principal axis: (x_v − μ)·u₂. */
    public double y(int token) {
        return y[token];
    }

    /** Principal axis 0 or 1, a unit vector of d numbers (all zero for axis 1 when d = 1). */
    public double[] axis(int axis) {
        return axes[axis].clone();
    }

    /** The mean embedding μ the map is centred on. */
    public double[] mean() {
        return mean.clone();
    }

    /** The variance of the tokens' coordinates along axis 0 or 1 (dividing by V): the eigenvalue of the covariance. */
    public double variance(int axis) {
        return variance[axis];
    }

    /** The share of all the embeddings' variance that axis 0 or 1 shows, in [0, 1]; 0 when every row is the same. */
    public double varianceShare(int axis) {
        return totalVariance > 0 ? variance[axis] / totalVariance : 0;
    }

    /** The embeddings' total variance: the sum over all d coordinates. */
    public double totalVariance() {
        return totalVariance;
    }

    /** Cosine similarity of two tokens' embeddings in all d dimensions; 0 when either is the zero vector. */
    public double similarity(int a, int b) {
        double dot = 0;
        for (int j = 0; j < width; j++) dot += (double) unitRows[a * width + j] * unitRows[b * width + j];
        return dot;
    }

    /**
     * The {@code count} tokens most similar to {@code token} (itself left out), most similar first; ties go to the
     * lower id.
     */
    public List<Neighbour> neighbours(int token, int count) {
        if (token < 0 || token >= tokens) throw new IllegalArgumentException("token " + token + " is not in 0.." + (tokens - 1));
        if (count < 1) throw new IllegalArgumentException("ask for at least 1 neighbour, got " + count);
        List<Neighbour> all = new ArrayList<>(tokens - 1);
        for (int other = 0; other < tokens; other++) if (other != token) all.add(new Neighbour(other, similarity(token, other)));
        all.sort(Comparator.comparingDouble(Neighbour::similarity).reversed().thenComparingInt(Neighbour::token));
        return List.copyOf(all.subList(0, Math.min(count, all.size())));
    }
}
