package org.slmworkshop.generate;

import java.util.Arrays;
import java.util.List;
import org.slmworkshop.text.Corpus;

/**
 * A suffix array over a text: the start of every suffix, in sorted order. Every substring of the
 * text is a prefix of some suffix, and the suffixes that share a prefix sit next to each other, so
 * "what is the longest prefix of this pattern that occurs in the text?" is a binary search.
 *
 * <p>Documents are joined as {@link org.slmworkshop.text.CorpusSplit#trainText()} joins them, but the
 * separator's characters are boundary marks that no query matches: a match never runs from one
 * document into the next, and offsets into the index are offsets into that joined text.
 *
 * <p>Offsets and lengths count Java chars (UTF-16 code units), as {@link String} indexes do.
 */
public final class SuffixIndex {
    /** A char c is stored as c + 1; 0 is the boundary between documents, which equals no char. */
    private static final int BOUNDARY = 0;
    private static final int ALPHABET = Character.MAX_VALUE + 2;

    private final int[] text;
    private final int[] suffixArray;

    /**
     * The longest prefix of a pattern that occurs in the text.
     *
     * @param textOffset where one occurrence starts in the text, or -1 when {@code length} is 0
     */
    public record Match(int length, int textOffset) {
        static final Match NONE = new Match(0, -1);
    }

    private SuffixIndex(int[] text) {
        this.text = text;
        this.suffixArray = suffixArray(text);
    }

    public static SuffixIndex of(String text) {
        return of(List.of(text));
    }

    /** Indexes the documents, joined by {@link Corpus#DOCUMENT_SEPARATOR}'s length in boundary marks. */
    public static SuffixIndex of(List<String> documents) {
        int separator = Corpus.DOCUMENT_SEPARATOR.length();
        long length = (long) separator * Math.max(0, documents.size() - 1);
        for (String document : documents) length += document.length();
        if (length > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("text too long to index: " + length + " chars");
        int[] symbols = new int[(int) length];
        int at = 0;
        for (int d = 0; d < documents.size(); d++) {
            if (d > 0) for (int s = 0; s < separator; s++) symbols[at++] = BOUNDARY;
            String document = documents.get(d);
            for (int i = 0; i < document.length(); i++) symbols[at++] = document.charAt(i) + 1;
        }
        return new SuffixIndex(symbols);
    }

    /** Characters indexed, boundary marks included. */
    public int length() {
        return text.length;
    }

    /** The suffix array itself (a copy), for tests and teaching. */
    int[] suffixArray() {
        return suffixArray.clone();
    }

    /**
     * Prefix doubling (Manber and Myers): after the round for k, suffixes are sorted and ranked by their
     * first 2k symbols. Each round is two counting sorts over (rank of the first k, rank of the next k);
     * it stops as soon as every rank is distinct, after about log2 of the longest repeat rounds.
     */
    static int[] suffixArray(int[] symbols) {
        int n = symbols.length;
        int[] sa = new int[n];
        if (n == 0) return sa;
        int[] rank = new int[n];
        int[] next = new int[n];
        int[] count = new int[Math.max(ALPHABET, n) + 1];
        for (int symbol : symbols) count[symbol + 1]++;               // round 0: sort by the first symbol
        for (int c = 1; c < count.length; c++) count[c] += count[c - 1];
        for (int i = 0; i < n; i++) sa[count[symbols[i]]++] = i;
        for (int j = 1; j < n; j++) rank[sa[j]] = rank[sa[j - 1]] + (symbols[sa[j]] != symbols[sa[j - 1]] ? 1 : 0);

        for (int k = 1; rank[sa[n - 1]] < n - 1; k *= 2) {
            // order by the second key, rank[i + k]: suffixes that lack one come first, the rest follow sa
            int p = 0;
            for (int i = Math.max(0, n - k); i < n; i++) next[p++] = i;
            for (int j = 0; j < n; j++) if (sa[j] >= k) next[p++] = sa[j] - k;
            // then a stable counting sort by the first key, rank[i]
            int buckets = rank[sa[n - 1]] + 1;
            Arrays.fill(count, 0, buckets + 1, 0);
            for (int i = 0; i < n; i++) count[rank[i] + 1]++;
            for (int r = 1; r <= buckets; r++) count[r] += count[r - 1];
            for (int j = 0; j < n; j++) sa[count[rank[next[j]]]++] = next[j];
            // new ranks: equal only when both halves are equal
            next[sa[0]] = 0;
            for (int j = 1; j < n; j++) {
                int a = sa[j - 1], b = sa[j];
                boolean same = rank[a] == rank[b] && secondKey(rank, a + k) == secondKey(rank, b + k);
                next[b] = next[a] + (same ? 0 : 1);
            }
            int[] swap = rank;
            rank = next;
            next = swap;
        }
        return sa;
    }

    private static int secondKey(int[] rank, int i) {
        return i < rank.length ? rank[i] : -1;
    }

    /**
     * The longest prefix of {@code pattern.substring(from)} that occurs in the text. A binary search for
     * where the pattern would sit among the sorted suffixes: the longest match is with one of the two
     * neighbours there. Comparisons skip the prefix both current bounds share with the pattern.
     */
    public Match longestMatch(CharSequence pattern, int from) {
        int m = pattern.length() - from;
        int n = text.length;
        int lo = 0, hi = n;
        int lcpLo = 0, lcpHi = 0;               // shared prefix with the suffixes at lo - 1 and at hi
        int offsetLo = -1, offsetHi = -1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int start = suffixArray[mid];
            int l = Math.min(lcpLo, lcpHi);
            while (l < m && start + l < n && text[start + l] == pattern.charAt(from + l) + 1) l++;
            if (l == m) return m == 0 ? Match.NONE : new Match(m, start);
            boolean patternAfter = start + l == n || text[start + l] < pattern.charAt(from + l) + 1;
            if (patternAfter) {
                lo = mid + 1;
                lcpLo = l;
                offsetLo = start;
            } else {
                hi = mid;
                lcpHi = l;
                offsetHi = start;
            }
        }
        int length = Math.max(lcpLo, lcpHi);
        if (length == 0) return Match.NONE;
        return new Match(length, lcpLo >= lcpHi ? offsetLo : offsetHi);
    }

    /**
     * Matching statistics: for each position i of {@code sample}, the longest prefix of
     * {@code sample.substring(i)} that occurs in the text.
     */
    public Match[] matchingStatistics(CharSequence sample) {
        int length = sample.length();
        Match[] matches = new Match[length];
        for (int i = 0; i < length; i++) {
            matches[i] = longestMatch(sample, i);
            if (matches[i].length() == length - i) {   // the whole rest occurs, so does every suffix of it
                for (int j = i + 1; j < length; j++) {
                    matches[j] = new Match(length - j, matches[i].textOffset() + (j - i));
                }
                break;
            }
        }
        return matches;
    }
}
