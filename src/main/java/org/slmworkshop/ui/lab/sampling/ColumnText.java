package org.slmworkshop.ui.lab.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slmworkshop.generate.Memorisation;
import org.slmworkshop.text.Tokenizer;

/**
 * How a column's text is drawn: the prompt, then the continuation split where it leaves the reference
 * column (greedy), where it repeats itself and where it copies the training text. A stretch counts as
 * repeated when the same {@value #MIN_REPEAT} characters or more already appeared earlier in the
 * continuation: that is what a repetition loop looks like, whatever the tokenizer.
 */
final class ColumnText {
    static final int MIN_REPEAT = 12;

    private ColumnText() {}

    /** A piece of text with one look. */
    record Run(String text, boolean prompt, boolean diverged, boolean repeated, boolean copied) {}

    /**
     * @param divergedFrom the character in {@code continuation} where it starts to differ from the
     *                     reference, or -1 when it never does (or is the reference)
     */
    static List<Run> runs(String prompt, String continuation, int divergedFrom, boolean[] repeated) {
        return runs(prompt, continuation, divergedFrom, repeated, new boolean[continuation.length()]);
    }

    /** @param copied which characters of {@code continuation} lie in a stretch shared with the training text */
    static List<Run> runs(String prompt, String continuation, int divergedFrom, boolean[] repeated, boolean[] copied) {
        List<Run> runs = new ArrayList<>();
        if (!prompt.isEmpty()) runs.add(new Run(prompt, true, false, false, false));
        int start = 0;
        for (int i = 1; i <= continuation.length(); i++) {
            boolean boundary = i == continuation.length() || diverged(i, divergedFrom) != diverged(start, divergedFrom)
                    || repeated[i] != repeated[start] || copied[i] != copied[start];
            if (boundary) {
                runs.add(new Run(continuation.substring(start, i), false, diverged(start, divergedFrom), repeated[start],
                        copied[start]));
                start = i;
            }
        }
        return runs;
    }

    /** Which characters of the measured text lie in at least one of the meter's spans. */
    static boolean[] copied(Memorisation meter) {
        boolean[] copied = new boolean[meter.textLength()];
        for (Memorisation.Span span : meter.spans()) Arrays.fill(copied, span.start(), span.end(), true);
        return copied;
    }

    private static boolean diverged(int at, int divergedFrom) {
        return divergedFrom >= 0 && at >= divergedFrom;
    }

    /** Which characters lie in a stretch of at least {@link #MIN_REPEAT} characters seen earlier in the text. */
    static boolean[] repeated(String text) {
        boolean[] repeated = new boolean[text.length()];
        for (int i = 1; i + MIN_REPEAT <= text.length(); i++) {
            String piece = text.substring(i, i + MIN_REPEAT);
            if (text.indexOf(piece) < i) Arrays.fill(repeated, i, i + MIN_REPEAT, true);
        }
        return repeated;
    }

    static double share(boolean[] marks) {
        if (marks.length == 0) return 0;
        int count = 0;
        for (boolean mark : marks) if (mark) count++;
        return count / (double) marks.length;
    }

    /** Where token {@code index} (0-based) starts in the decoded text; the text's end if it cannot be told. */
    static int charOffset(Tokenizer tokenizer, int[] tokens, String text, int index) {
        if (index <= 0) return 0;
        if (index >= tokens.length) return text.length();
        String before = tokenizer.decode(Arrays.copyOf(tokens, index));
        // a BPE token holding half a character decodes differently alone; then the shorter length is the safe mark
        return text.startsWith(before) ? before.length() : Math.min(before.length(), text.length());
    }
}
