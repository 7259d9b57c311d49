package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words, numbers and single punctuation marks, GPT-2 style: a word carries the one space before it
 * (" cat"), newline runs and leftover spaces are tokens too, so concatenating the tokens gives the
 * text back exactly. Case is kept. Only the most frequent pieces get ids; the rest become {@code <unk>}.
 */
public final class WordTokenizer extends SymbolTokenizer {
    /** Every character falls into one alternative, so the pieces always cover the whole text. */
    static final Pattern PIECES = Pattern.compile(
            "'(?:s|t|re|ve|m|ll|d)(?!\\p{L})"   // contractions: 's 't 're ...
            + "| ?\\p{L}+"                        // words, with their leading space
            + "| ?\\p{N}+"                        // numbers
            + "| ?[^\\s\\p{L}\\p{N}]"             // one punctuation mark or symbol (an emoji is one)
            + "|\\n+"                             // line breaks
            + "|[^\\S\\n]+(?!\\S)|[^\\S\\n]+");   // other spaces, leaving one for the next word

    WordTokenizer(List<String> symbols) {
        super(symbols);
    }

    static WordTokenizer fit(String trainText, int maxVocab) {
        Map<String, Integer> counts = new HashMap<>();
        for (String piece : pieces(trainText)) counts.merge(piece, 1, Integer::sum);
        return new WordTokenizer(mostFrequent(counts, symbolBudget(maxVocab)));
    }

    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = PIECES.matcher(text);
        while (matcher.find()) pieces.add(matcher.group());
        return pieces;
    }

    @Override
    public String kind() {
        return "word";
    }

    @Override
    public Encoding encode(String text) {
        List<String> pieces = pieces(text);
        int[] ids = new int[pieces.size()];
        int unknown = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idOf(pieces.get(i));
            if (ids[i] == UNKNOWN_ID) unknown++;
        }
        return new Encoding(ids, unknown);
    }
}
