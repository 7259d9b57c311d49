package org.slmworkshop.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vocabulary sizes on the default corpus, fitted on its training split as a lesson would. */
class DickensTokenizerTest {
    private static CorpusSplit split;

    @BeforeAll
    static void load() {
        split = CorpusSplit.of(CorpusCatalog.load("dickens"), SplitSpec.DEFAULT);
    }

    @Test
    void charTokenizerOnDickensHasAboutEightyTokens() {
        Tokenizer tokenizer = Tokenizers.fit(TokenizerSpec.defaults("char"), split.trainText());
        System.out.println("dickens char V = " + tokenizer.vocabSize());
        assertTrue(tokenizer.vocabSize() >= 70 && tokenizer.vocabSize() <= 80, "V = " + tokenizer.vocabSize());
        Encoding validation = tokenizer.encode(split.validationText());
        // each unseen character decodes to one replacement character, so lengths still match
        assertEquals(split.validationText().length(), tokenizer.decode(validation.ids()).length());
        assertTrue(validation.unknownCount() < 10, "unknown " + validation.unknownCount());
    }

    @Test
    void wordTokenizerFillsItsDefaultCapAndLeavesFewUnknowns() {
        Tokenizer tokenizer = Tokenizers.fit(TokenizerSpec.defaults("word"), split.trainText());
        Encoding validation = tokenizer.encode(split.validationText());
        double unknownShare = validation.unknownCount() / (double) validation.length();
        System.out.printf("dickens word V = %d, validation <unk> share = %.3f%n", tokenizer.vocabSize(), unknownShare);
        assertEquals(TokenizerSpec.DEFAULT_WORD_VOCAB, tokenizer.vocabSize());
        assertTrue(unknownShare < 0.06, "unknown share " + unknownShare);
    }

    @Test
    void gpt2BpeCompactedToDickensKeepsThousandsOfTheFiftyThousandIds() {
        Tokenizer tokenizer = Tokenizers.fit(TokenizerSpec.defaults("bpe"), split.trainText());
        Encoding validation = tokenizer.encode(split.validationText());
        System.out.println("dickens bpe r50k V = " + tokenizer.vocabSize() + ", validation <unk> = " + validation.unknownCount());
        assertTrue(tokenizer.vocabSize() > 8_000 && tokenizer.vocabSize() < 20_000, "V = " + tokenizer.vocabSize());
        assertTrue(validation.unknownCount() < validation.length() / 50);
    }
}
