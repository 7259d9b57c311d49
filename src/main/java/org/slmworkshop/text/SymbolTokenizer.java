package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tokenizer with an explicit vocabulary of strings: id 0 is {@code <unk>}, id 1 is {@code <eot>},
 * and ids from 2 on are the symbols, so decoding is plain concatenation.
 */
abstract class SymbolTokenizer implements Tokenizer {
    private static final int FIRST_SYMBOL_ID = 2;

    private final List<String> symbols;
    protected final Map<String, Integer> idsBySymbol;

    protected SymbolTokenizer(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
        this.idsBySymbol = new HashMap<>();
        for (int i = 0; i < this.symbols.size(); i++) {
            String symbol = this.symbols.get(i);
            if (symbol.isEmpty()) throw new IllegalArgumentException(kind() + " vocabulary holds an empty symbol");
            if (idsBySymbol.put(symbol, FIRST_SYMBOL_ID + i) != null) {
                throw new IllegalArgumentException(kind() + " vocabulary holds '" + symbol + "' twice");
            }
        }
    }

    @Override
    public int vocabSize() {
        return FIRST_SYMBOL_ID + symbols.size();
    }

    /** The symbols in id order, from id 2 on. */
    public List<String> symbols() {
        return symbols;
    }

    protected int idOf(String symbol) {
        return idsBySymbol.getOrDefault(symbol, UNKNOWN_ID);
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) text.append(textOf(id));
        return text.toString();
    }

    @Override
    public String token(int id) {
        return switch (id) {
            case UNKNOWN_ID -> UNKNOWN;
            case END_OF_TEXT_ID -> END_OF_TEXT;
            default -> TokenLabels.printable(textOf(id));
        };
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("kind", kind());
        state.put("symbols", symbols);
        return state;
    }

    private String textOf(int id) {
        if (id < 0 || id >= vocabSize()) {
            throw new IllegalArgumentException("token id " + id + " is outside the " + kind() + " vocabulary [0, " + vocabSize() + ")");
        }
        return switch (id) {
            case UNKNOWN_ID -> UNKNOWN_TEXT;
            case END_OF_TEXT_ID -> END_OF_TEXT_TEXT;
            default -> symbols.get(id - FIRST_SYMBOL_ID);
        };
    }

    /**
     * The {@code maxSymbols} most frequent keys (all when 0 or fewer), most frequent first, ties broken
     * by the key's natural order so the vocabulary never depends on hash order.
     */
    static <K extends Comparable<K>> List<K> mostFrequent(Map<K, Integer> counts, int maxSymbols) {
        List<K> keys = new ArrayList<>(counts.keySet());
        keys.sort(Comparator.<K>comparingInt(key -> -counts.get(key)).thenComparing(Comparator.naturalOrder()));
        return maxSymbols > 0 && keys.size() > maxSymbols ? keys.subList(0, maxSymbols) : keys;
    }

    /** How many symbols fit under a V cap once {@code <unk>} and {@code <eot>} are counted; 0 means no cap. */
    static int symbolBudget(int maxVocab) {
        return maxVocab == 0 ? 0 : maxVocab - FIRST_SYMBOL_ID;
    }
}
