package org.slmworkshop.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slmworkshop.util.Rng;

class BatchingTest {
    /** tokens[i] = 100 + i, so a token's value tells where it came from. */
    private static final int[] TOKENS = IntStream.range(0, 50).map(i -> 100 + i).toArray();

    @Test
    void windowTargetsAreTheInputsShiftedByOneAndMaskIsAllOnes() {
        TokenBatch batch = new WindowSampler(TOKENS, 8, 16).next(new Rng(1));
        assertEquals(16, batch.batchSize());
        assertEquals(8, batch.length());
        for (int row = 0; row < 16; row++) {
            int start = batch.input(row, 0) - 100;
            assertTrue(start >= 0 && start <= TOKENS.length - 8 - 1, "offset " + start);
            for (int t = 0; t < 8; t++) {
                assertEquals(TOKENS[start + t], batch.input(row, t));
                assertEquals(TOKENS[start + t + 1], batch.target(row, t));
                assertEquals(1f, batch.mask(row, t));
            }
        }
    }

    @Test
    void windowOffsetsReachBothEndsOfTheTokens() {
        WindowSampler sampler = new WindowSampler(TOKENS, 8, 64);
        boolean sawFirst = false;
        boolean sawLast = false;
        Rng rng = new Rng(3);
        for (int i = 0; i < 20; i++) {
            TokenBatch batch = sampler.next(rng);
            for (int row = 0; row < batch.batchSize(); row++) {
                sawFirst |= batch.input(row, 0) == TOKENS[0];
                sawLast |= batch.target(row, 7) == TOKENS[TOKENS.length - 1];
            }
        }
        assertTrue(sawFirst && sawLast);
    }

    @Test
    void samplersDrawTheSameBatchesForTheSameSeed() {
        WindowSampler sampler = new WindowSampler(TOKENS, 8, 4);
        assertEquals(sampler.next(new Rng(9)), sampler.next(new Rng(9)));
        assertNotEquals(sampler.next(new Rng(9)), sampler.next(new Rng(10)));
        assertEquals(sampler.evaluationBatches(5, 3), sampler.evaluationBatches(5, 3));
        assertEquals(3, sampler.evaluationBatches(5, 3).size());
    }

    @Test
    void aSequenceShorterThanOneWindowIsRefusedWithItsNameAndSizes() {
        new WindowSampler(new int[9], 8, 1); // exactly length + 1 tokens is enough
        CorpusException error = assertThrows(CorpusException.class, () -> new WindowSampler("macbeth (validation)", new int[8], 8, 1));
        assertTrue(error.getMessage().contains("'macbeth (validation)'") && error.getMessage().contains("8 tokens")
                && error.getMessage().contains("needs 9"), error.getMessage());
    }

    @Test
    void shortDocumentsArePaddedAndMaskIsZeroExactlyOnThePadding() {
        int pad = 1;
        List<int[]> documents = List.of(new int[] {10, 11, 12, 13}); // 3 real targets
        TokenBatch batch = new DocumentBatcher(documents, 6, 2, pad).next(new Rng(0));
        for (int row = 0; row < 2; row++) {
            for (int t = 0; t < 6; t++) {
                boolean real = t < 3;
                assertEquals(real ? 1f : 0f, batch.mask(row, t), "position " + t);
                assertEquals(real ? 10 + t : pad, batch.input(row, t));
                assertEquals(real ? 11 + t : pad, batch.target(row, t));
            }
        }
        assertEquals(6, batch.realTargetCount());
    }

    @Test
    void longDocumentsAreCroppedAtRandomOffsetsWithNoPadding() {
        int[] longDocument = IntStream.range(0, 40).toArray();
        DocumentBatcher batcher = new DocumentBatcher(List.of(longDocument, new int[] {7}), 5, 32, 0);
        assertEquals(1, batcher.documentCount()); // a one-token document has no target and is dropped
        TokenBatch batch = batcher.next(new Rng(4));
        assertEquals(32 * 5, batch.realTargetCount());
        Set<Integer> starts = new HashSet<>();
        for (int row = 0; row < 32; row++) {
            int start = batch.input(row, 0);
            starts.add(start);
            assertTrue(start >= 0 && start + 5 < longDocument.length);
            for (int t = 0; t < 5; t++) assertEquals(batch.input(row, t) + 1, batch.target(row, t));
        }
        assertTrue(starts.size() > 5, "crops should vary: " + starts);
    }

    @Test
    void documentBatchesAreDeterministicForASeedAndEvaluationBatchesAreFixed() {
        List<int[]> documents = List.of(IntStream.range(0, 30).toArray(), new int[] {5, 6, 7}, IntStream.range(50, 60).toArray());
        DocumentBatcher batcher = new DocumentBatcher(documents, 8, 4, 0);
        assertEquals(batcher.next(new Rng(11)), batcher.next(new Rng(11)));
        List<TokenBatch> evaluation = batcher.evaluationBatches(2024, 5);
        assertEquals(evaluation, batcher.evaluationBatches(2024, 5));
        assertNotEquals(evaluation, batcher.evaluationBatches(2025, 5));
    }

    @Test
    void tokenBatchRejectsArraysOfTheWrongLength() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new TokenBatch(2, 3, new int[6], new int[6], new float[5]));
        assertTrue(error.getMessage().contains("batchSize * length = 6"), error.getMessage());
    }
}
