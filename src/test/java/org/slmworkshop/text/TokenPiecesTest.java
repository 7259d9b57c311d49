package org.slmworkshop.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenPiecesTest {
    private static final String TRAIN = "the cat sat on the mat.\nThe dog sat too.";

    @Test
    void piecesCarryTheEncodersIdsAndJoinBackToTheText() {
        String sample = "the cat sat on Quilp's mat.\n";
        for (String kind : TokenizerSpec.KINDS) {
            Tokenizer tokenizer = Tokenizers.fit(TokenizerSpec.defaults(kind), TRAIN);
            List<TokenPiece> pieces = TokenPieces.of(tokenizer, sample);
            assertArrayEquals(tokenizer.encode(sample).ids(), pieces.stream().mapToInt(TokenPiece::id).toArray(), kind);
            assertEquals(sample, String.join("", pieces.stream().map(TokenPiece::text).toList()), kind);
        }
    }

    @Test
    void anUnknownWordKeepsTheTextItReplaced() {
        Tokenizer words = Tokenizers.fit(TokenizerSpec.defaults("word"), TRAIN);
        List<TokenPiece> pieces = TokenPieces.of(words, "the Quilp sat");
        assertEquals(List.of("the", " Quilp", " sat"), pieces.stream().map(TokenPiece::text).toList());
        assertTrue(pieces.get(1).isUnknown());
        assertEquals(words.encode(" sat").ids()[0], pieces.get(2).id());
    }

    @Test
    void splitCountsWithoutAFittedVocabulary() {
        assertEquals(7, TokenPieces.split(TokenizerSpec.defaults("char"), "the cat").size());
        assertEquals(List.of("the", " cat"), TokenPieces.split(TokenizerSpec.defaults("word"), "the cat"));
        assertEquals(List.of("the", " cat"), TokenPieces.split(TokenizerSpec.defaults("bpe"), "the cat"));
    }

    @Test
    void aBpeTokenHoldingPartOfACharacterIsShownAsBytes() {
        // r50k_base cuts this rare CJK character into byte-level tokens that are not whole characters
        List<String> pieces = TokenPieces.split(TokenizerSpec.defaults("bpe"), "鑫");
        assertTrue(pieces.size() > 1, pieces.toString());
        assertTrue(pieces.get(0).startsWith("<0x"), pieces.toString());
    }
}
