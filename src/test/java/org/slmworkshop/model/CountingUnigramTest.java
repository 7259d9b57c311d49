package org.slmworkshop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountingUnigramTest {
    @Test
    void addOneCrossEntropyEqualsAHandComputation() {
        // V = 4; training "0 2 2 3 2": the predicted tokens are 2, 2, 3, 2, so counts (0, 0, 3, 1) and N = 4
        CountingUnigram unigram = CountingUnigram.fit(List.of(new int[] {0, 2, 2, 3, 2}), 4, 1.0);
        // add-1: p = (1, 1, 4, 2) / 8
        assertEquals(4 / 8.0, unigram.probability(2), 1e-12);
        assertEquals(1 / 8.0, unigram.probability(1), 1e-12);
        // validation "3 2 1": scores 2 and 1 → (−ln 4/8 − ln 1/8) / 2
        double expected = (-Math.log(4 / 8.0) - Math.log(1 / 8.0)) / 2;
        assertEquals(expected, unigram.crossEntropy(List.of(new int[] {3, 2, 1})), 1e-12);
    }

    @Test
    void unigramIsTheBigramWithThePreviousTokenIgnored() {
        int[] train = {1, 2, 3, 2, 3, 3, 0, 2};
        CountingUnigram unigram = CountingUnigram.fit(List.of(train), 4, 0.0);
        CountingBigram bigram = CountingBigram.fit(List.of(train), 4, 0.0);
        for (int next = 0; next < 4; next++) {
            double column = 0;
            for (int previous = 0; previous < 4; previous++) column += bigram.count(previous, next);
            assertEquals(column, unigram.count(next), 0.0);
        }
    }

    @Test
    void withoutSmoothingAndCountsItIsUniform() {
        CountingUnigram unigram = CountingUnigram.fit(List.of(new int[] {2}), 5, 0.0);
        assertEquals(Math.log(5), unigram.crossEntropy(List.of(new int[] {0, 4, 1})), 1e-12);
    }
}
