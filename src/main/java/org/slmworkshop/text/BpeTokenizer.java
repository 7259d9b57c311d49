package org.slmworkshop.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * GPT-2 style byte-pair encoding through jtokkit, with the vocabulary compacted: only the BPE ids that
 * occur in the training text keep a place, renumbered densely (in original id order) from 2 on, so a
 * small model does not pay for 50,257 embeddings it never trains. BPE ids not seen in training become
 * {@code <unk>}.
 */
public final class BpeTokenizer implements Tokenizer {
    private static final int FIRST_KEPT_ID = 2;
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final String encodingName;
    private final com.knuddels.jtokkit.api.Encoding bpe;
    private final int[] originalIds;     // dense id - 2 -> original BPE id, ascending
    private final int[] denseByOriginal; // original BPE id -> dense id, or <unk>

    BpeTokenizer(String encodingName, int[] originalIds) {
        this.encodingName = encodingName;
        this.bpe = REGISTRY.getEncoding(encodingName)
                .orElseThrow(() -> new IllegalArgumentException("jtokkit has no encoding '" + encodingName + "'"));
        this.originalIds = originalIds.clone();
        int largest = 0;
        for (int i = 0; i < originalIds.length; i++) {
            if (originalIds[i] < 0 || (i > 0 && originalIds[i] <= originalIds[i - 1])) {
                throw new IllegalArgumentException("kept BPE ids must be non-negative and strictly ascending");
            }
            largest = originalIds[i];
        }
        this.denseByOriginal = new int[largest + 1]; // zero-filled, and 0 is <unk>
        for (int i = 0; i < originalIds.length; i++) denseByOriginal[originalIds[i]] = FIRST_KEPT_ID + i;
    }

    /** The shared jtokkit encoding of that name (loaded once), for code that needs the uncompacted pieces. */
    static com.knuddels.jtokkit.api.Encoding encoding(String encodingName) {
        return REGISTRY.getEncoding(encodingName)
                .orElseThrow(() -> new IllegalArgumentException("jtokkit has no encoding '" + encodingName + "'"));
    }

    /** GPT-2's ordinary tokens in r50k_base: ids 0 … 50,255 (50,256 is its end of text, here {@code <eot>}). */
    static final int GPT2_ORDINARY_TOKENS = 50_256;

    /** Every GPT-2 token, nothing compacted: V = 50,258 (GPT-2's 50,257 with its end of text as {@code <eot>}, and {@code <unk>}). */
    static BpeTokenizer gpt2() {
        return new BpeTokenizer(TokenizerSpec.DEFAULT_BPE_ENCODING, IntStream.range(0, GPT2_ORDINARY_TOKENS).toArray());
    }

    /** Keeps the BPE ids {@code trainText} uses; with a cap, the most frequent ones. */
    static BpeTokenizer fit(String trainText, String encodingName, int maxVocab) {
        int[] ids = REGISTRY.getEncoding(encodingName).orElseThrow().encodeOrdinary(trainText).toArray();
        Map<Integer, Integer> counts = new HashMap<>();
        for (int id : ids) counts.merge(id, 1, Integer::sum);
        List<Integer> kept = SymbolTokenizer.mostFrequent(counts, SymbolTokenizer.symbolBudget(maxVocab));
        return new BpeTokenizer(encodingName, kept.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    @Override
    public String kind() {
        return "bpe";
    }

    public String encodingName() {
        return encodingName;
    }

    @Override
    public int vocabSize() {
        return FIRST_KEPT_ID + originalIds.length;
    }

    /** The original BPE id behind a dense id; -1 for {@code <unk>} and {@code <eot>}. */
    public int originalId(int id) {
        checkRange(id);
        return id < FIRST_KEPT_ID ? -1 : originalIds[id - FIRST_KEPT_ID];
    }

    /** The kept original BPE ids, in dense id order (dense id = index + 2). */
    public int[] originalIds() {
        return originalIds.clone();
    }

    @Override
    public Encoding encode(String text) {
        int[] ids = bpe.encodeOrdinary(text).toArray();
        int unknown = 0;
        for (int i = 0; i < ids.length; i++) {
            int original = ids[i];
            ids[i] = original < denseByOriginal.length ? denseByOriginal[original] : UNKNOWN_ID;
            if (ids[i] == UNKNOWN_ID) unknown++;
        }
        return new Encoding(ids, unknown);
    }

    @Override
    public String decode(int[] ids) {
        // BPE tokens may hold part of a UTF-8 character, so bytes are gathered first and decoded once
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IntArrayList run = new IntArrayList();
        for (int id : ids) {
            checkRange(id);
            if (id >= FIRST_KEPT_ID) {
                run.add(originalIds[id - FIRST_KEPT_ID]);
                continue;
            }
            flush(run, bytes);
            String special = id == UNKNOWN_ID ? UNKNOWN_TEXT : END_OF_TEXT_TEXT;
            bytes.writeBytes(special.getBytes(StandardCharsets.UTF_8));
        }
        flush(run, bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String token(int id) {
        checkRange(id);
        if (id == UNKNOWN_ID) return UNKNOWN;
        if (id == END_OF_TEXT_ID) return END_OF_TEXT;
        IntArrayList single = new IntArrayList(1);
        single.add(originalIds[id - FIRST_KEPT_ID]);
        byte[] bytes = bpe.decodeBytes(single);
        try {
            return TokenLabels.printable(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return TokenLabels.bytes(bytes);
        }
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("kind", kind());
        state.put("encoding", encodingName);
        state.put("originalIds", IntStream.of(originalIds).boxed().toList());
        return state;
    }

    @Override
    public String toString() {
        return "BpeTokenizer[" + encodingName + ", V=" + vocabSize() + ", first kept ids "
                + Arrays.toString(Arrays.copyOf(originalIds, Math.min(8, originalIds.length))) + "]";
    }

    private void flush(IntArrayList run, ByteArrayOutputStream bytes) {
        if (run.isEmpty()) return;
        bytes.writeBytes(bpe.decodeBytes(run));
        run.clear();
    }

    private void checkRange(int id) {
        if (id < 0 || id >= vocabSize()) {
            throw new IllegalArgumentException("token id " + id + " is outside the bpe vocabulary [0, " + vocabSize() + ")");
        }
    }
}
