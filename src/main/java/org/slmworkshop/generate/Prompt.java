package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.slmworkshop.text.Tokenizer;

/**
 * A prompt as the model sees it. An empty prompt becomes the single {@code <eot>} token (the start
 * of a new document); text the tokenizer cannot encode becomes {@code <unk>}, and
 * {@link #unknownPieces} names it.
 *
 * @param unknownPieces the distinct stretches of prompt text that became {@code <unk>}, in order;
 *                      a placeholder when they could not be located
 */
public record Prompt(String text, int[] ids, boolean startsFromEndOfText, List<String> unknownPieces) {

    public Prompt {
        if (text == null) throw new IllegalArgumentException("prompt text must not be null (use \"\")");
        if (ids == null || ids.length == 0) throw new IllegalArgumentException("a prompt holds at least one token");
        unknownPieces = List.copyOf(unknownPieces);
    }

    public static Prompt encode(Tokenizer tokenizer, String text) {
        if (text == null || text.isEmpty()) {
            return new Prompt("", new int[] {tokenizer.endOfTextId()}, true, List.of());
        }
        int[] ids = tokenizer.encode(text).ids();
        if (ids.length == 0) return new Prompt(text, new int[] {tokenizer.endOfTextId()}, true, List.of());
        return new Prompt(text, ids, false, unknownPieces(tokenizer, text, ids));
    }

    public boolean hasUnknowns() {
        return !unknownPieces.isEmpty();
    }

    /** "é" (U+00E9), "Zoë": for messages. */
    public String describeUnknowns() {
        List<String> described = new ArrayList<>();
        for (String piece : unknownPieces) {
            if (piece.codePointCount(0, piece.length()) == 1) {
                described.add(String.format(Locale.ROOT, "\"%s\" (U+%04X)", piece, piece.codePointAt(0)));
            } else {
                described.add("\"" + piece + "\"");
            }
        }
        return String.join(", ", described);
    }

    /**
     * Lines up the decoded known tokens with the text: the gaps between them are what became {@code <unk>}.
     * Exact for the char and word tokenizers; a BPE token holding half a character may defeat it.
     */
    private static List<String> unknownPieces(Tokenizer tokenizer, String text, int[] ids) {
        int unknownId = tokenizer.unknownId();
        if (Arrays.stream(ids).noneMatch(id -> id == unknownId)) return List.of();
        LinkedHashSet<String> pieces = new LinkedHashSet<>();
        int position = 0;
        boolean pendingUnknown = false;
        for (int i = 0; i < ids.length; ) {
            if (ids[i] == unknownId) {
                pendingUnknown = true;
                i++;
                continue;
            }
            int end = i;
            while (end < ids.length && ids[end] != unknownId) end++;
            String known = tokenizer.decode(Arrays.copyOfRange(ids, i, end));
            int at = text.indexOf(known, position);
            if (at < 0 || (!pendingUnknown && at != position)) {
                return List.of("(" + Arrays.stream(ids).filter(id -> id == unknownId).count() + " tokens that could not be located)");
            }
            if (pendingUnknown) pieces.add(text.substring(position, at));
            position = at + known.length();
            pendingUnknown = false;
            i = end;
        }
        if (pendingUnknown) pieces.add(text.substring(position));
        return List.copyOf(pieces);
    }
}
