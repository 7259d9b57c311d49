package org.slmworkshop.ui.lab.sampling;

import org.slmworkshop.text.Tokenizer;

/** A token as an axis label: whitespace made visible (␣ space, ↵ newline, ⇥ tab), long tokens shortened. */
final class TokenLabel {
    private static final int MAX_LENGTH = 10;

    private TokenLabel() {}

    static String of(Tokenizer tokenizer, int id) {
        if (id == tokenizer.unknownId()) return Tokenizer.UNKNOWN;
        if (id == tokenizer.endOfTextId()) return Tokenizer.END_OF_TEXT;
        String text = tokenizer.decode(new int[] {id});
        if (text.isEmpty() || text.contains("\uFFFD")) return tokenizer.token(id);   // half a character: the tokenizer's own label
        StringBuilder label = new StringBuilder();
        text.codePoints().forEach(c -> {
            switch (c) {
                case ' ' -> label.append('␣');
                case '\n' -> label.append('↵');
                case '\t' -> label.append('⇥');
                case '\r' -> label.append('␍');
                default -> {
                    if (Character.isISOControl(c)) label.append(String.format("\\u%04X", c));
                    else label.appendCodePoint(c);
                }
            }
        });
        int length = label.codePointCount(0, label.length());
        if (length <= MAX_LENGTH) return label.toString();
        return label.substring(0, label.offsetByCodePoints(0, MAX_LENGTH - 1)) + "…";
    }
}
