package org.slmworkshop.text;

import java.util.List;

/**
 * Which tokenizer to fit.
 *
 * @param kind        "char", "word" or "bpe"
 * @param maxVocab    the largest V allowed, special tokens included; 0 keeps every token the training text has.
 *                    When capped, the most frequent tokens are kept (ties broken by the token itself)
 * @param bpeEncoding the jtokkit encoding for "bpe" ("r50k_base" is GPT-2's); ignored by the other kinds
 * @param fullVocabulary "bpe" on r50k_base only: keep all of GPT-2's tokens instead of compacting to the ones the
 *                    training text uses (the memory guard's lesson: a bigram over them does not fit)
 */
public record TokenizerSpec(String kind, int maxVocab, String bpeEncoding, boolean fullVocabulary) {
    public static final List<String> KINDS = List.of("char", "word", "bpe");
    public static final List<String> BPE_ENCODINGS = List.of("r50k_base", "p50k_base", "cl100k_base", "o200k_base");
    public static final String DEFAULT_BPE_ENCODING = "r50k_base";
    /** Enough for about 97% of the word tokens in Dickens; the rest become {@code <unk>}. */
    public static final int DEFAULT_WORD_VOCAB = 8192;

    public TokenizerSpec {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("tokenizer kind must be one of " + KINDS + ", got '" + kind + "'");
        }
        if (maxVocab != 0 && maxVocab < 3) {
            throw new IllegalArgumentException("maxVocab must be 0 (no cap) or at least 3 (<unk>, <eot> and one token), got " + maxVocab);
        }
        if (kind.equals("bpe")) {
            if (bpeEncoding == null || bpeEncoding.isBlank()) bpeEncoding = DEFAULT_BPE_ENCODING;
            if (!BPE_ENCODINGS.contains(bpeEncoding)) {
                throw new IllegalArgumentException("bpeEncoding must be one of " + BPE_ENCODINGS + ", got '" + bpeEncoding + "'");
            }
        } else {
            bpeEncoding = null;
        }
        if (fullVocabulary && !(kind.equals("bpe") && bpeEncoding.equals(DEFAULT_BPE_ENCODING) && maxVocab == 0)) {
            throw new IllegalArgumentException("the full vocabulary is GPT-2's: bpe with r50k_base and no vocabulary cap");
        }
    }

    public TokenizerSpec(String kind, int maxVocab, String bpeEncoding) {
        this(kind, maxVocab, bpeEncoding, false);
    }

    /** The usual settings for a kind: all characters, the 8192 most common words, or GPT-2's r50k_base. */
    public static TokenizerSpec defaults(String kind) {
        return switch (kind) {
            case "word" -> new TokenizerSpec(kind, DEFAULT_WORD_VOCAB, null);
            case "bpe" -> new TokenizerSpec(kind, 0, DEFAULT_BPE_ENCODING);
            default -> new TokenizerSpec(kind, 0, null);
        };
    }
}
