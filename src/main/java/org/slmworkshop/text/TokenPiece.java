package org.slmworkshop.text;

/**
 * One token of an encoded text and the piece of that text it stands for; {@code text} is the
 * original piece even when the id is {@code <unk>}, so a learner can see what was lost.
 *
 * @param text the piece as written, or a hex label ("<0xE2 0x80>") for a BPE token holding part of a character
 */
public record TokenPiece(int id, String text) {
    public TokenPiece {
        if (id < 0) throw new IllegalArgumentException("token id must be ≥ 0, got " + id);
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("a token piece needs its text");
    }

    public boolean isUnknown() {
        return id == Tokenizer.UNKNOWN_ID;
    }
}
