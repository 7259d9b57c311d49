package org.slmworkshop.text;

import java.util.Arrays;

/**
 * Token ids for a text, and how many of them are {@code <unk>} (text the tokenizer never saw).
 * Holds its array as given; callers must not change it.
 */
public record Encoding(int[] ids, int unknownCount) {

    public Encoding {
        if (ids == null) throw new IllegalArgumentException("ids must not be null");
        if (unknownCount < 0 || unknownCount > ids.length) {
            throw new IllegalArgumentException("unknownCount must be in [0, " + ids.length + "], got " + unknownCount);
        }
    }

    public int length() {
        return ids.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Encoding that && unknownCount == that.unknownCount && Arrays.equals(ids, that.ids);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + unknownCount;
    }

    @Override
    public String toString() {
        String shown = ids.length <= 16 ? Arrays.toString(ids) : Arrays.toString(Arrays.copyOf(ids, 16)) + "...";
        return "Encoding[" + ids.length + " ids " + shown + ", unknownCount=" + unknownCount + "]";
    }
}
