package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One token per Unicode code point seen in training, in code point order (so an emoji is one token). */
public final class CharTokenizer extends SymbolTokenizer {
    private final Map<Integer, Integer> idsByCodePoint = new HashMap<>();

    CharTokenizer(List<String> symbols) {
        super(symbols);
        for (int i = 0; i < symbols.size(); i++) {
            String symbol = symbols.get(i);
            if (symbol.codePointCount(0, symbol.length()) != 1) {
                throw new IllegalArgumentException("char vocabulary entry '" + symbol + "' is not one code point");
            }
            idsByCodePoint.put(symbol.codePointAt(0), idOf(symbol));
        }
    }

    /** The characters of {@code trainText}; with a cap, the most frequent ones. */
    static CharTokenizer fit(String trainText, int maxVocab) {
        Map<Integer, Integer> counts = new HashMap<>();
        trainText.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        List<Integer> kept = new ArrayList<>(mostFrequent(counts, symbolBudget(maxVocab)));
        kept.sort(null); // code point order, as nanoGPT's sorted(set(text))
        List<String> symbols = new ArrayList<>(kept.size());
        for (int codePoint : kept) symbols.add(Character.toString(codePoint));
        return new CharTokenizer(symbols);
    }

    @Override
    public String kind() {
        return "char";
    }

    @Override
    public Encoding encode(String text) {
        int[] ids = new int[text.codePointCount(0, text.length())];
        int unknown = 0;
        int index = 0;
        for (int offset = 0; offset < text.length(); ) {
            int codePoint = text.codePointAt(offset);
            int id = idsByCodePoint.getOrDefault(codePoint, UNKNOWN_ID);
            if (id == UNKNOWN_ID) unknown++;
            ids[index++] = id;
            offset += Character.charCount(codePoint);
        }
        return new Encoding(ids, unknown);
    }
}
