package org.slmworkshop.ui.lab.sampling;

import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.lab.TokenText;

/** A token as a bar label: whitespace made visible (␣ space, ↵ newline, ⇥ tab), long tokens shortened. */
final class TokenLabel {
    private static final int MAX_LENGTH = 10;

    private TokenLabel() {}

    static String of(Tokenizer tokenizer, int id) {
        return TokenText.shortLabel(tokenizer, id, MAX_LENGTH);
    }
}
