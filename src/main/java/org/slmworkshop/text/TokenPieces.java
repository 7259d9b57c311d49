package org.slmworkshop.text;

import com.knuddels.jtokkit.api.IntArrayList;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a tokenizer cuts a text: the pieces in order, with their ids. The cut does not depend on the
 * fitted vocabulary (a character, a word piece, a GPT-2 BPE token), only which pieces get an id
 * does, so {@link #split} needs no fitted tokenizer and counts what any vocabulary would give.
 */
public final class TokenPieces {
    private TokenPieces() {
    }

    /** The pieces {@code spec}'s kind cuts {@code text} into, one per token, in order. */
    public static List<String> split(TokenizerSpec spec, String text) {
        return switch (spec.kind()) {
            case "char" -> text.codePoints().mapToObj(Character::toString).toList();
            case "word" -> WordTokenizer.pieces(text);
            case "bpe" -> bpePieces(spec.bpeEncoding(), text);
            default -> throw new IllegalArgumentException("unknown tokenizer kind " + spec.kind());
        };
    }

    /** Each token of {@code text} with the piece it came from; ids are exactly {@code tokenizer.encode(text)}. */
    public static List<TokenPiece> of(Tokenizer tokenizer, String text) {
        int[] ids = tokenizer.encode(text).ids();
        List<String> pieces = split(specOf(tokenizer), text);
        if (pieces.size() != ids.length) {
            throw new IllegalStateException(tokenizer.kind() + " tokenizer gave " + ids.length + " ids but "
                    + pieces.size() + " pieces for the same text");
        }
        List<TokenPiece> result = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) result.add(new TokenPiece(ids[i], pieces.get(i)));
        return result;
    }

    private static TokenizerSpec specOf(Tokenizer tokenizer) {
        if (tokenizer instanceof BpeTokenizer bpe) return new TokenizerSpec("bpe", 0, bpe.encodingName());
        return TokenizerSpec.defaults(tokenizer.kind());
    }

    private static List<String> bpePieces(String encodingName, String text) {
        com.knuddels.jtokkit.api.Encoding encoding = BpeTokenizer.encoding(encodingName);
        IntArrayList ids = encoding.encodeOrdinary(text);
        List<String> pieces = new ArrayList<>(ids.size());
        IntArrayList single = new IntArrayList(1);
        for (int i = 0; i < ids.size(); i++) {
            single.clear();
            single.add(ids.get(i));
            pieces.add(readable(encoding.decodeBytes(single)));
        }
        return pieces;
    }

    /** The bytes as text, or as hex when they are only part of a UTF-8 character. */
    private static String readable(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return TokenLabels.bytes(bytes);
        }
    }
}
