package org.slmworkshop.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.inspect.EmbeddingMap.Neighbour;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.util.Rng;

/** The embedding map's PCA against closed forms and an independent Jacobi eigen-solver, and its neighbours by hand. */
class EmbeddingMapTest {

    /** Two orthonormal directions in 6-D, neither along a coordinate axis. */
    private static final double[] U1 = unit(new double[] {0.5, -2.0, 1.0, 0.3, 0.0, 0.7});
    private static final double[] U2 = gramSchmidt(new double[] {1.0, 0.4, 0.2, -1.5, 0.9, 0.1}, U1);
    private static final double[] CENTRE = {3.0, -1.0, 0.5, 2.0, -4.0, 1.0};

    /**
     * 15 points on the plane CENTRE + a·U1 + b·U2 over the grid a ∈ 3·{−2..2}, b ∈ {−1, 0, 1}: a and b are uncorrelated,
     * var(a) = 9·2 = 18 and var(b) = 2/3 (dividing by 15), so PC1 = ±U1 with variance 18, PC2 = ±U2 with 2/3.
     */
    private static float[] plane(double noise, long seed) {
        Rng rng = new Rng(seed);
        float[] rows = new float[15 * 6];
        int v = 0;
        for (int i = -2; i <= 2; i++) {
            for (int j = -1; j <= 1; j++, v++) {
                for (int k = 0; k < 6; k++) {
                    rows[v * 6 + k] = (float) (CENTRE[k] + 3 * i * U1[k] + j * U2[k] + noise * rng.nextGaussian());
                }
            }
        }
        return rows;
    }

    @Test
    void componentsOfPointsOnAPlaneAreThePlanesDirectionsWithTheirClosedFormVariances() {
        EmbeddingMap map = EmbeddingMap.of(plane(0, 1), 15, 6);
        assertEquals(1, Math.abs(dot(map.axis(0), U1)), 1e-6, "PC1 is ±U1");
        assertEquals(1, Math.abs(dot(map.axis(1), U2)), 1e-6, "PC2 is ±U2");
        assertEquals(18.0, map.variance(0), 1e-5);
        assertEquals(2.0 / 3, map.variance(1), 1e-5);
        assertEquals(18 + 2.0 / 3, map.totalVariance(), 1e-5);
        assertEquals(18 / (18 + 2.0 / 3), map.varianceShare(0), 1e-6);
        assertEquals((2.0 / 3) / (18 + 2.0 / 3), map.varianceShare(1), 1e-6);
        assertArrayEquals(CENTRE, map.mean(), 1e-5);
        // each point sits at (a, b) up to the axes' signs
        double signX = Math.signum(dot(map.axis(0), U1)), signY = Math.signum(dot(map.axis(1), U2));
        int v = 0;
        for (int i = -2; i <= 2; i++) {
            for (int j = -1; j <= 1; j++, v++) {
                assertEquals(3 * i * signX, map.x(v), 1e-5, "x of point " + v);
                assertEquals(j * signY, map.y(v), 1e-5, "y of point " + v);
            }
        }
    }

    @Test
    void tinyNoiseOffThePlaneBarelyMovesTheComponentsOrTheirShares() {
        EmbeddingMap map = EmbeddingMap.of(plane(1e-4, 7), 15, 6);
        assertEquals(1, Math.abs(dot(map.axis(0), U1)), 1e-6);
        assertEquals(1, Math.abs(dot(map.axis(1), U2)), 1e-5);
        assertEquals(18 / (18 + 2.0 / 3), map.varianceShare(0), 1e-5);
        assertTrue(map.varianceShare(0) + map.varianceShare(1) < 1, "the noise holds a sliver of the variance");
        assertTrue(map.varianceShare(0) + map.varianceShare(1) > 1 - 1e-6);
    }

    @Test
    void axesAreOrthonormalAndCoordinatesEqualAJacobiEigenDecompositionOfTheCovariance() {
        int tokens = 60, width = 9;
        float[] rows = gaussianRows(tokens, width, 11);
        EmbeddingMap map = EmbeddingMap.of(rows, tokens, width);
        assertEquals(1, dot(map.axis(0), map.axis(0)), 1e-12);
        assertEquals(1, dot(map.axis(1), map.axis(1)), 1e-12);
        assertEquals(0, dot(map.axis(0), map.axis(1)), 1e-12);

        // independently: the covariance by definition, its eigenpairs by cyclic Jacobi rotations
        double[] mean = new double[width];
        for (int v = 0; v < tokens; v++) for (int j = 0; j < width; j++) mean[j] += rows[v * width + j] / (double) tokens;
        double[][] covariance = new double[width][width];
        for (int v = 0; v < tokens; v++) {
            for (int i = 0; i < width; i++) {
                for (int j = 0; j < width; j++) {
                    covariance[i][j] += (rows[v * width + i] - mean[i]) * (rows[v * width + j] - mean[j]) / tokens;
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < width; i++) trace += covariance[i][i];
        double[][] vectors = new double[width][width];
        double[] values = jacobi(covariance, vectors);
        int first = argmax(values, -1), second = argmax(values, first);
        assertEquals(values[first], map.variance(0), 1e-9);
        assertEquals(values[second], map.variance(1), 1e-9);
        assertEquals(values[first] / trace, map.varianceShare(0), 1e-9);
        assertEquals(trace, map.totalVariance(), 1e-9);
        for (int axis = 0; axis < 2; axis++) {
            int column = axis == 0 ? first : second;
            double[] u = new double[width];
            for (int j = 0; j < width; j++) u[j] = vectors[j][column];
            double sign = Math.signum(dot(u, map.axis(axis)));
            for (int v = 0; v < tokens; v++) {
                double projection = 0;
                for (int j = 0; j < width; j++) projection += (rows[v * width + j] - mean[j]) * u[j];
                assertEquals(sign * projection, axis == 0 ? map.x(v) : map.y(v), 1e-9, "axis " + axis + ", token " + v);
            }
        }
        // the coordinates' own variance is the axis's variance, and their means are zero
        double sumX = 0, sumXX = 0, sumXY = 0;
        for (int v = 0; v < tokens; v++) {
            sumX += map.x(v);
            sumXX += map.x(v) * map.x(v);
            sumXY += map.x(v) * map.y(v);
        }
        assertEquals(0, sumX, 1e-9);
        assertEquals(map.variance(0), sumXX / tokens, 1e-9);
        assertEquals(0, sumXY / tokens, 1e-9, "the two coordinates are uncorrelated");
    }

    @Test
    void signsFollowTheLargestCoordinateSoTheMapDoesNotFlip() {
        int tokens = 40, width = 5;
        float[] rows = gaussianRows(tokens, width, 3);
        EmbeddingMap map = EmbeddingMap.of(rows, tokens, width);
        for (int axis = 0; axis < 2; axis++) {
            double[] u = map.axis(axis);
            int largest = argmaxAbs(u);
            assertTrue(u[largest] > 0, "axis " + axis + "'s largest coordinate is positive: " + java.util.Arrays.toString(u));
        }
        // −X has the same covariance: the same axes, every coordinate negated
        float[] negated = rows.clone();
        for (int i = 0; i < negated.length; i++) negated[i] = -negated[i];
        EmbeddingMap mirrored = EmbeddingMap.of(negated, tokens, width);
        for (int axis = 0; axis < 2; axis++) assertArrayEquals(map.axis(axis), mirrored.axis(axis), 1e-12);
        for (int v = 0; v < tokens; v++) {
            assertEquals(-map.x(v), mirrored.x(v), 1e-9);
            assertEquals(-map.y(v), mirrored.y(v), 1e-9);
        }
        // a small change of the weights, as between two live updates, keeps the axes pointing the same way
        Rng rng = new Rng(99);
        float[] nudged = rows.clone();
        for (int i = 0; i < nudged.length; i++) nudged[i] += (float) (1e-3 * rng.nextGaussian());
        EmbeddingMap next = EmbeddingMap.of(nudged, tokens, width);
        assertTrue(dot(map.axis(0), next.axis(0)) > 0.99);
        assertTrue(dot(map.axis(1), next.axis(1)) > 0.99);
    }

    @Test
    void neighboursAreRankedByCosineSimilarityInTheFullEmbedding() {
        float[] rows = {
                1, 0, 0,      // 0
                1, 1, 0,      // 1: 45° from 0
                0, 1, 0,      // 2: 90°
                -1, 0, 0,     // 3: opposite
                2, 0, 0,      // 4: same direction as 0, longer
                0, 0, 0,      // 5: no direction
                3, 0, 0,      // 6: ties with 4
                1, 0, 1};     // 7: 45°, ties with 1
        EmbeddingMap map = EmbeddingMap.of(rows, 8, 3);
        assertEquals(List.of(new Neighbour(4, 1.0), new Neighbour(6, 1.0), new Neighbour(1, Math.sqrt(0.5)),
                new Neighbour(7, Math.sqrt(0.5)), new Neighbour(2, 0.0), new Neighbour(5, 0.0)), round(map.neighbours(0, 6)));
        assertEquals(List.of(new Neighbour(3, -1.0)), round(map.neighbours(0, 7).subList(6, 7)), "the opposite row comes last");
        assertEquals(0.5, map.similarity(1, 7), 1e-7);
        assertEquals(0, map.similarity(5, 5), 0, "a zero row is similar to nothing");
        assertEquals(7, map.neighbours(2, 100).size(), "everyone but the token itself");
        assertThrows(IllegalArgumentException.class, () -> map.neighbours(8, 1));
    }

    @Test
    void aOneDimensionalEmbeddingHasAFlatSecondAxis() {
        EmbeddingMap map = EmbeddingMap.of(new float[] {1, 2, 4}, 3, 1);
        assertEquals(14.0 / 9, map.variance(0), 1e-9);   // mean 7/3; squares 16/9 + 1/9 + 25/9 over 3
        assertEquals(1, map.varianceShare(0), 1e-12);
        assertEquals(0, map.variance(1));
        assertEquals(-4.0 / 3, map.x(0), 1e-9);
        assertEquals(0, map.y(2));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbeddingMap.of(new float[] {1, 2}, 1, 2))
                .getMessage().contains("at least 2 tokens"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbeddingMap.of(new float[] {1, Float.NaN, 3, 4}, 2, 2))
                .getMessage().contains("diverged"));
        LanguageModel bigram = Models.create(new BigramConfig(10, 8), new Rng(1));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> EmbeddingMap.of(bigram));
        assertTrue(refused.getMessage().startsWith("a bigram model has no token embeddings"), refused.getMessage());
        assertTrue(!EmbeddingMap.hasEmbeddings(bigram));
    }

    @Test
    void theMatrixIsTheLowRankModelsEAndTheGptsWte() {
        LanguageModel lowRank = Models.create(new LowRankConfig(12, 4, 0.0, 8), new Rng(2));
        assertArrayEquals(lowRank.store().get("embedding.weight").value().toHost(), EmbeddingMap.tokenEmbeddings(lowRank));
        assertEquals(4, EmbeddingMap.embeddingWidth(lowRank));
        LanguageModel gpt = Models.create(new GptConfig(12, 8, 16, 2, 1, 0.0, false, true), new Rng(3));
        assertArrayEquals(gpt.store().get("wte").value().toHost(), EmbeddingMap.tokenEmbeddings(gpt));
        EmbeddingMap map = EmbeddingMap.of(gpt);
        assertEquals(12, map.tokens());
        assertEquals(16, map.width());
    }

    /**
     * The shipped Dickens GPT (2,000 steps, fixed file): its digits sit together, far from the letters, and '.' has the
     * other sentence marks as its nearest neighbours.
     */
    @Test
    void onTheShippedDickensGptDigitsGroupAndSentenceMarksAreEachOthersNeighbours() {
        Checkpoints.Loaded loaded = Checkpoints.load(Path.of("datasets/checkpoints/gpt-dickens.ckpt"));
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        EmbeddingMap map = EmbeddingMap.of(loaded.model());
        List<Integer> digits = idsOf(tokenizer, "0123456789"), letters = idsOf(tokenizer, "abcdefghijklmnopqrstuvwxyz");
        double digitToDigit = meanSimilarity(map, digits, digits), digitToLetter = meanSimilarity(map, digits, letters);
        assertTrue(digitToDigit > 0.8, "digits are alike: " + digitToDigit);
        assertTrue(digitToLetter < 0.2, "and unlike the letters: " + digitToLetter);
        List<String> nearDot = map.neighbours(tokenizer.encode(".").ids()[0], 4).stream()
                .map(n -> tokenizer.token(n.token())).sorted().toList();
        assertEquals(List.of("!", ",", ";", "?"), nearDot);
        assertEquals(0.422, map.varianceShare(0), 0.001, "golden: PC1's share on this checkpoint");
    }

    // helpers

    private static List<Integer> idsOf(Tokenizer tokenizer, String characters) {
        return characters.codePoints().mapToObj(c -> tokenizer.encode(Character.toString(c)).ids()[0]).toList();
    }

    private static double meanSimilarity(EmbeddingMap map, List<Integer> from, List<Integer> to) {
        double sum = 0;
        int pairs = 0;
        for (int a : from) {
            for (int b : to) {
                if (a == b) continue;
                sum += map.similarity(a, b);
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static List<Neighbour> round(List<Neighbour> neighbours) {
        return neighbours.stream().map(n -> new Neighbour(n.token(), Math.abs(n.similarity() - Math.sqrt(0.5)) < 1e-6
                ? Math.sqrt(0.5) : Math.round(n.similarity() * 1e6) / 1e6)).toList();
    }

    private static float[] gaussianRows(int tokens, int width, long seed) {
        Rng rng = new Rng(seed);
        float[] rows = new float[tokens * width];
        // unequal spreads per coordinate, so the eigenvalues are well apart
        for (int v = 0; v < tokens; v++) {
            for (int j = 0; j < width; j++) rows[v * width + j] = (float) ((j + 1) * rng.nextGaussian() + 0.3 * j);
        }
        return rows;
    }

    /** Eigenvalues of the symmetric {@code matrix} (destroyed) by cyclic Jacobi rotations; eigenvectors as columns. */
    private static double[] jacobi(double[][] matrix, double[][] vectors) {
        int n = matrix.length;
        for (int i = 0; i < n; i++) vectors[i][i] = 1;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += matrix[p][q] * matrix[p][q];
            if (off < 1e-30) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(matrix[p][q]) < 1e-300) continue;
                    double theta = (matrix[q][q] - matrix[p][p]) / (2 * matrix[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {   // A ← A·J
                        double kp = matrix[k][p], kq = matrix[k][q];
                        matrix[k][p] = c * kp - s * kq;
                        matrix[k][q] = s * kp + c * kq;
                    }
                    for (int k = 0; k < n; k++) {   // A ← Jᵀ·A
                        double pk = matrix[p][k], qk = matrix[q][k];
                        matrix[p][k] = c * pk - s * qk;
                        matrix[q][k] = s * pk + c * qk;
                    }
                    for (int k = 0; k < n; k++) {   // V ← V·J
                        double kp = vectors[k][p], kq = vectors[k][q];
                        vectors[k][p] = c * kp - s * kq;
                        vectors[k][q] = s * kp + c * kq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = matrix[i][i];
        return values;
    }

    private static int argmax(double[] values, int skip) {
        int best = -1;
        for (int i = 0; i < values.length; i++) if (i != skip && (best < 0 || values[i] > values[best])) best = i;
        return best;
    }

    private static int argmaxAbs(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) if (Math.abs(values[i]) > Math.abs(values[best])) best = i;
        return best;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) u[i] = v[i] / norm;
        return u;
    }

    private static double[] gramSchmidt(double[] v, double[] against) {
        double along = dot(v, against);
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) w[i] = v[i] - along * against[i];
        return unit(w);
    }
}
