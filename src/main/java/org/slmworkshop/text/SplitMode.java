package org.slmworkshop.text;

/** How a corpus is cut into train, validation and test parts. */
public enum SplitMode {
    /** The first share of the characters trains, the next validates, the rest tests (as nanoGPT does). */
    CONTIGUOUS,
    /** Whole documents are shuffled with the seed and dealt out, so no document straddles two parts. */
    BY_DOCUMENT
}
