package org.slmworkshop.inspect;

import org.slmworkshop.text.Tokenizer;

/**
 * What kind of text a token is, for colouring an embedding map: on characters, vowels, consonants, capitals, digits,
 * punctuation and whitespace; a longer token (a word, a BPE piece) by its letters.
 */
public enum TokenClass {
    VOWEL("vowel"), CONSONANT("consonant"), UPPER_CASE("upper case"), DIGIT("digit"), PUNCTUATION("punctuation"),
    WHITESPACE("whitespace"), WORD("word"), SPECIAL("special");

    private static final String VOWELS = "aeiouàáâãäåæèéêëìíîïòóôõöøœùúûü";

    private final String label;

    TokenClass(String label) {
        this.label = label;
    }

    /** "vowel", "upper case": for legends and JSON. */
    public String label() {
        return label;
    }

    /** The class of token {@code id}: {@code <unk>} and {@code <eot>} are special, the rest by their decoded text. */
    public static TokenClass of(Tokenizer tokenizer, int id) {
        if (id == Tokenizer.UNKNOWN_ID || id == Tokenizer.END_OF_TEXT_ID) return SPECIAL;
        return ofText(tokenizer.decode(new int[] {id}));
    }

    /**
     * One character by what it is; a longer text as whitespace when it is only spaces and breaks, a digit when its
     * non-space characters are digits, punctuation when it has no letter or digit, upper case when its first letter is a
     * capital, else a word.
     */
    public static TokenClass ofText(String text) {
        if (text.isEmpty() || text.contains(Tokenizer.UNKNOWN_TEXT)) return SPECIAL;
        if (text.codePointCount(0, text.length()) == 1) {
            int c = text.codePointAt(0);
            if (Character.isWhitespace(c)) return WHITESPACE;
            if (Character.isDigit(c)) return DIGIT;
            if (Character.isUpperCase(c) || Character.isTitleCase(c)) return UPPER_CASE;
            if (Character.isLetter(c)) return VOWELS.indexOf(Character.toLowerCase(c)) >= 0 ? VOWEL : CONSONANT;
            return PUNCTUATION;
        }
        String word = text.strip();
        if (word.isEmpty()) return WHITESPACE;
        if (word.codePoints().allMatch(Character::isDigit)) return DIGIT;
        if (word.codePoints().noneMatch(Character::isLetterOrDigit)) return PUNCTUATION;
        int firstLetter = word.codePoints().filter(Character::isLetter).findFirst().orElse('a');
        return Character.isUpperCase(firstLetter) ? UPPER_CASE : WORD;
    }
}
