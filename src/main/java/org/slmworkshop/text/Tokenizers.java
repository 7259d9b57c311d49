package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fitting, restoring and bulk-encoding tokenizers. */
public final class Tokenizers {

    private Tokenizers() {
    }

    /** Builds the vocabulary from the training text only, so validation text can hold unknown tokens. */
    public static Tokenizer fit(TokenizerSpec spec, String trainText) {
        if (trainText == null || trainText.isEmpty()) {
            throw new CorpusException("cannot fit a " + spec.kind() + " tokenizer on empty training text");
        }
        return switch (spec.kind()) {
            case "char" -> CharTokenizer.fit(trainText, spec.maxVocab());
            case "word" -> WordTokenizer.fit(trainText, spec.maxVocab());
            case "bpe" -> spec.fullVocabulary() ? BpeTokenizer.gpt2()
                    : BpeTokenizer.fit(trainText, spec.bpeEncoding(), spec.maxVocab());
            default -> throw new IllegalArgumentException("unknown tokenizer kind " + spec.kind());
        };
    }

    /** Rebuilds a tokenizer from {@link Tokenizer#state()}, also after a round trip through JSON. */
    public static Tokenizer restore(Map<String, Object> state) {
        Object kind = state.get("kind");
        if (!(kind instanceof String)) throw new IllegalArgumentException("tokenizer state has no 'kind': " + state.keySet());
        return switch ((String) kind) {
            case "char" -> new CharTokenizer(strings(state.get("symbols")));
            case "word" -> new WordTokenizer(strings(state.get("symbols")));
            case "bpe" -> new BpeTokenizer((String) state.get("encoding"), ints(state.get("originalIds")));
            default -> throw new IllegalArgumentException("unknown tokenizer kind '" + kind + "' in saved state");
        };
    }

    /** All documents as one sequence with {@code <eot>} between them, and the total unknown count. */
    public static Encoding encodeDocuments(Tokenizer tokenizer, List<String> documents) {
        List<Encoding> encodings = documents.stream().map(tokenizer::encode).toList();
        int total = Math.max(0, encodings.size() - 1);
        int unknown = 0;
        for (Encoding encoding : encodings) {
            total += encoding.length();
            unknown += encoding.unknownCount();
        }
        int[] ids = new int[total];
        int position = 0;
        for (int i = 0; i < encodings.size(); i++) {
            if (i > 0) ids[position++] = tokenizer.endOfTextId();
            int[] part = encodings.get(i).ids();
            System.arraycopy(part, 0, ids, position, part.length);
            position += part.length;
        }
        return new Encoding(ids, unknown);
    }

    /** Each document on its own (for {@link DocumentBatcher}), optionally ending in {@code <eot>} so a model learns to stop. */
    public static List<int[]> encodeEach(Tokenizer tokenizer, List<String> documents, boolean appendEndOfText) {
        List<int[]> encoded = new ArrayList<>(documents.size());
        for (String document : documents) {
            int[] ids = tokenizer.encode(document).ids();
            if (appendEndOfText) {
                ids = Arrays.copyOf(ids, ids.length + 1);
                ids[ids.length - 1] = tokenizer.endOfTextId();
            }
            encoded.add(ids);
        }
        return encoded;
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) throw new IllegalArgumentException("tokenizer state: 'symbols' must be a list");
        List<String> strings = new ArrayList<>(list.size());
        for (Object item : list) strings.add((String) item);
        return strings;
    }

    private static int[] ints(Object value) {
        if (!(value instanceof List<?> list)) throw new IllegalArgumentException("tokenizer state: 'originalIds' must be a list");
        int[] ints = new int[list.size()];
        for (int i = 0; i < ints.length; i++) ints[i] = ((Number) list.get(i)).intValue();
        return ints;
    }
}
