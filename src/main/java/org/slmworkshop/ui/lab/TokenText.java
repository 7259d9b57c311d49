package org.slmworkshop.ui.lab;

import org.slmworkshop.text.Tokenizer;

/**
 * Tokens as a learner can read them on an axis: a space becomes ␣, a newline ↵, a tab ⇥, other
 * control characters their code. The special tokens keep their names.
 */
public final class TokenText {
    private TokenText() {}

    /** The printable label of token {@code id}. */
    public static String label(Tokenizer tokenizer, int id) {
        if (id == Tokenizer.UNKNOWN_ID) return Tokenizer.UNKNOWN;
        if (id == Tokenizer.END_OF_TEXT_ID) return Tokenizer.END_OF_TEXT;
        String raw = tokenizer.decode(new int[] {id});
        // a BPE token may hold part of a character; the tokenizer's own label shows its bytes
        if (raw.isEmpty() || raw.contains(Tokenizer.UNKNOWN_TEXT)) return tokenizer.token(id);
        return printable(raw);
    }

    /** {@code text} with whitespace and control characters made visible. */
    public static String printable(String text) {
        StringBuilder label = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case ' ' -> label.append('␣');
                case '\n' -> label.append('↵');
                case '\t' -> label.append('⇥');
                case '\r' -> label.append('␍');
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        label.append(String.format("U+%04X", c));
                    } else {
                        label.appendCodePoint(c);
                    }
                }
            }
        });
        return label.toString();
    }

    /** The label cut to {@code maxLength} characters with an ellipsis, for crowded axes. */
    public static String shortLabel(Tokenizer tokenizer, int id, int maxLength) {
        String label = label(tokenizer, id);
        if (label.codePointCount(0, label.length()) <= maxLength) return label;
        return label.substring(0, label.offsetByCodePoints(0, maxLength - 1)) + "…";
    }

    /** A label quoted for a sentence: 'h', '␣'. */
    public static String quoted(String label) {
        return "'" + label + "'";
    }

    /**
     * {@code text} inside running prose (token strips, tooltips): spaces as ·, line breaks as ↵, tabs as ⇥, carriage
     * returns as ␍, other control characters as \\uXXXX.
     */
    public static String dotted(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case ' ' -> shown.append('·');
                case '\n' -> shown.append('↵');
                case '\t' -> shown.append('⇥');
                case '\r' -> shown.append('␍');
                default -> {
                    if (Character.isISOControl(c)) shown.append(String.format("\\u%04X", c));
                    else shown.appendCodePoint(c);
                }
            }
        });
        return shown.toString();
    }
}
