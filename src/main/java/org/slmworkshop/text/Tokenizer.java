package org.slmworkshop.text;

import java.util.Map;

/**
 * Turns text into token ids and back. Every tokenizer reserves id {@value #UNKNOWN_ID} for
 * {@code <unk>} (anything the training text did not contain) and id {@value #END_OF_TEXT_ID} for
 * {@code <eot>} (put between documents). {@code decode(encode(text).ids())} gives back
 * {@code text} exactly when nothing in it was unknown.
 */
public interface Tokenizer {
    int UNKNOWN_ID = 0;
    int END_OF_TEXT_ID = 1;
    String UNKNOWN = "<unk>";
    String END_OF_TEXT = "<eot>";
    /** What {@code <unk>} decodes to: U+FFFD, the replacement character. */
    String UNKNOWN_TEXT = "\uFFFD";
    /** What {@code <eot>} decodes to, so that decoding a document sequence gives {@link Corpus#text()}. */
    String END_OF_TEXT_TEXT = Corpus.DOCUMENT_SEPARATOR;

    /** "char", "word" or "bpe". */
    String kind();

    /** V, the number of ids, special tokens included. */
    int vocabSize();

    default int unknownId() {
        return UNKNOWN_ID;
    }

    default int endOfTextId() {
        return END_OF_TEXT_ID;
    }

    Encoding encode(String text);

    String decode(int[] ids);

    /** A printable label for one token, whitespace made visible ("␣", "\\n"); for axis labels, not decoding. */
    String token(int id);

    /** Everything needed to rebuild this tokenizer with {@link Tokenizers#restore}; only JSON-friendly values. */
    Map<String, Object> state();
}
