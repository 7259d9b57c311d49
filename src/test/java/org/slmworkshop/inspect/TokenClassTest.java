package org.slmworkshop.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.text.Tokenizer;

class TokenClassTest {
    @Test
    void charactersGetTheirClass() {
        Map<String, TokenClass> expected = Map.ofEntries(Map.entry("a", TokenClass.VOWEL), Map.entry("é", TokenClass.VOWEL),
                Map.entry("t", TokenClass.CONSONANT), Map.entry("y", TokenClass.CONSONANT), Map.entry("E", TokenClass.UPPER_CASE),
                Map.entry("7", TokenClass.DIGIT), Map.entry(",", TokenClass.PUNCTUATION), Map.entry("\"", TokenClass.PUNCTUATION),
                Map.entry(" ", TokenClass.WHITESPACE), Map.entry("\n", TokenClass.WHITESPACE), Map.entry("", TokenClass.SPECIAL));
        expected.forEach((text, kind) -> assertEquals(kind, TokenClass.ofText(text), "'" + text + "'"));
    }

    @Test
    void longerTokensGoByTheirLetters() {
        assertEquals(TokenClass.WORD, TokenClass.ofText(" the"));
        assertEquals(TokenClass.UPPER_CASE, TokenClass.ofText(" Nell"));
        assertEquals(TokenClass.DIGIT, TokenClass.ofText(" 1841"));
        assertEquals(TokenClass.PUNCTUATION, TokenClass.ofText("?\""));
        assertEquals(TokenClass.WHITESPACE, TokenClass.ofText("\n\n"));
    }

    @Test
    void theSpecialTokensAreSpecial() {
        Tokenizer tokenizer = Tokenizers.fit(TokenizerSpec.defaults("char"), "ab ");
        assertEquals(TokenClass.SPECIAL, TokenClass.of(tokenizer, Tokenizer.UNKNOWN_ID));
        assertEquals(TokenClass.SPECIAL, TokenClass.of(tokenizer, Tokenizer.END_OF_TEXT_ID));
        assertEquals(TokenClass.VOWEL, TokenClass.of(tokenizer, tokenizer.encode("a").ids()[0]));
        assertEquals(TokenClass.WHITESPACE, TokenClass.of(tokenizer, tokenizer.encode(" ").ids()[0]));
    }
}
