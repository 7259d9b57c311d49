package org.slmworkshop.train;

import java.util.List;

/**
 * The token ids a run trains and evaluates on, with the corpus identity a checkpoint records.
 * Windows batching reads the streams; documents batching reads the document lists.
 */
public record TrainingData(String corpusId, String corpusSha256, int[] trainTokens, int[] validationTokens,
                           List<int[]> trainDocuments, List<int[]> validationDocuments, int padId) {
    public TrainingData {
        if (trainTokens.length < 2) throw new IllegalArgumentException("the training split holds fewer than 2 tokens");
        if (validationTokens.length < 2) {
            throw new IllegalArgumentException("the validation split holds fewer than 2 tokens; use a larger corpus or validation fraction");
        }
    }
}
