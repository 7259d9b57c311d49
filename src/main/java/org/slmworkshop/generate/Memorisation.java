package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The memorisation meter for one text (a sample's continuation): which stretches of it the model
 * could have copied from its training text, because they occur there word for word.
 *
 * <p>A span is a maximal substring of the text that occurs in the training text and is at least
 * {@code minSpan} characters long: it cannot be made longer at either end and still occur. Spans
 * may overlap when the text stitches two training passages together. Characters count Java chars,
 * and offsets index the measured text, so a UI can highlight {@code text.substring(start, end)}.
 *
 * @param minSpan          the shortest match that counts as copied; shorter ones are common phrases
 * @param textLength       characters of the measured text
 * @param longestMatch     the longest substring found in the training text, even when below {@code minSpan}
 * @param longest          that substring (the first one when several tie), or null when no character matches
 * @param spans            every span, by start
 * @param copiedCharacters characters of the text inside at least one span
 * @param copiedShare      copiedCharacters / textLength, 0 for an empty text
 */
public record Memorisation(int minSpan, int textLength, int longestMatch, Span longest, List<Span> spans,
                           int copiedCharacters, double copiedShare) {

    /** Spans shorter than this are mostly common words and phrases, not copying. */
    public static final int DEFAULT_MIN_SPAN = 24;

    /**
     * A stretch of the measured text that occurs in the training text.
     *
     * @param start          first char, an offset into the measured text
     * @param end            one past the last char
     * @param trainingOffset where one occurrence starts in the training text as {@code CorpusSplit.trainText()} joins it
     */
    public record Span(int start, int end, int length, int trainingOffset, String text) {
        public Span {
            Objects.requireNonNull(text, "span text");
            if (start < 0 || end < start || length != end - start || text.length() != length) {
                throw new IllegalArgumentException("span [" + start + ", " + end + ") of length " + length
                        + " does not fit its text of " + text.length() + " chars");
            }
        }
    }

    public Memorisation {
        if (minSpan < 1) throw new IllegalArgumentException("the minimum span must be at least 1 character, got " + minSpan);
        spans = List.copyOf(spans);
    }

    /** Measures {@code text} against the index of a training text. */
    public static Memorisation measure(SuffixIndex training, String text, int minSpan) {
        if (minSpan < 1) throw new IllegalArgumentException("the minimum span must be at least 1 character, got " + minSpan);
        SuffixIndex.Match[] matches = training.matchingStatistics(text);
        Span longest = null;
        List<Span> spans = new ArrayList<>();
        int copied = 0, coveredUntil = 0;
        for (int i = 0; i < matches.length; i++) {
            int length = matches[i].length();
            if (length > 0 && (longest == null || length > longest.length())) longest = span(text, i, matches[i]);
            // the match at i is maximal unless the one at i - 1 already holds it (then it is one longer)
            boolean maximal = i == 0 || matches[i - 1].length() != length + 1;
            if (length >= minSpan && maximal) {
                spans.add(span(text, i, matches[i]));
                copied += i + length - Math.max(i, coveredUntil);   // ends only grow, so this counts the union
                coveredUntil = i + length;
            }
        }
        return new Memorisation(minSpan, text.length(), longest == null ? 0 : longest.length(), longest, spans, copied,
                text.isEmpty() ? 0 : (double) copied / text.length());
    }

    private static Span span(String text, int start, SuffixIndex.Match match) {
        int end = start + match.length();
        return new Span(start, end, match.length(), match.textOffset(), text.substring(start, end));
    }

    /** One line for people: {@code longest span 57 characters ("…"), 12.3% of characters in spans of ≥ 24}. */
    public String describe() {
        if (textLength == 0) return "empty text, nothing to measure";
        String share = String.format(Locale.ROOT, "%.1f%% of characters in spans of ≥ %d", 100 * copiedShare, minSpan);
        if (longest == null) return "longest match 0 characters, " + share;
        return String.format(Locale.ROOT, "longest %s %d characters (\"%s\"), %s",
                longestMatch >= minSpan ? "span" : "match", longestMatch, excerpt(longest.text()), share);
    }

    /** {@code text} with every stretch covered by spans wrapped in {@code open} and {@code close}. */
    public String marked(String text, String open, String close) {
        if (text.length() != textLength) {
            throw new IllegalArgumentException("this meter measured a text of " + textLength + " chars, not " + text.length());
        }
        StringBuilder out = new StringBuilder(text.length() + 8 * spans.size());
        int written = 0;
        for (int s = 0; s < spans.size(); s++) {
            int start = Math.max(written, spans.get(s).start());
            int end = spans.get(s).end();
            while (s + 1 < spans.size() && spans.get(s + 1).start() <= end) end = spans.get(++s).end();   // merge overlaps
            out.append(text, written, start).append(open).append(text, start, end).append(close);
            written = end;
        }
        return out.append(text, written, text.length()).toString();
    }

    /** Short enough for one line: line breaks shown as \n, a long span cut in the middle. */
    static String excerpt(String text) {
        String flat = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
        return flat.length() <= 60 ? flat : flat.substring(0, 28) + "…" + flat.substring(flat.length() - 28);
    }
}
