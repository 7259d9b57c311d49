package org.slmworkshop.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static final String TRAIN = "Hello, world! The cat sat on the mat.\nNaïve café — 😀 emoji, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and tabs\tand  two  spaces.\n\n"
            + "It's the end; don't stop 1,000 times.";

    private static Tokenizer fit(String kind, String text) {
        return Tokenizers.fit(TokenizerSpec.defaults(kind), text);
    }

    @Test
    void everyKindDecodesItsOwnTrainingTextExactly() {
        for (String kind : TokenizerSpec.KINDS) {
            Tokenizer tokenizer = fit(kind, TRAIN);
            Encoding encoding = tokenizer.encode(TRAIN);
            assertEquals(0, encoding.unknownCount(), kind);
            assertEquals(TRAIN, tokenizer.decode(encoding.ids()), kind);
            assertEquals(kind, tokenizer.kind());
            assertEquals(Tokenizer.UNKNOWN_ID, tokenizer.unknownId());
            assertEquals(Tokenizer.END_OF_TEXT_ID, tokenizer.endOfTextId());
        }
    }

    @Test
    void charVocabularyIsTheSortedCodePointsOfTheTrainingTextPlusTwoSpecials() {
        CharTokenizer tokenizer = (CharTokenizer) fit("char", "hello 😀");
        assertEquals(List.of(" ", "e", "h", "l", "o", "😀"), tokenizer.symbols());
        assertEquals(8, tokenizer.vocabSize());
        Encoding encoding = tokenizer.encode("hole😀");
        assertArrayEquals(new int[] {4, 6, 5, 3, 7}, encoding.ids());
        assertEquals("😀", tokenizer.token(7));
        assertEquals("␣", tokenizer.token(2));
    }

    @Test
    void charactersNeverSeenInTrainingBecomeUnknownAndAreCounted() {
        Tokenizer tokenizer = fit("char", "abc");
        Encoding encoding = tokenizer.encode("abxcy🙂");
        assertEquals(3, encoding.unknownCount());
        assertArrayEquals(new int[] {2, 3, 0, 4, 0, 0}, encoding.ids());
        assertEquals("ab\uFFFDc\uFFFD\uFFFD", tokenizer.decode(encoding.ids()));
        assertEquals("<unk>", tokenizer.token(0));
        assertEquals("<eot>", tokenizer.token(1));
    }

    @Test
    void wordTokensCarryTheirLeadingSpaceAndSplitOffPunctuation() {
        assertEquals(List.of("Hello", ",", " world", "!", "\n", "It", "'s", "  ", " two", ".", "\n\n", " 1", ",", "000"),
                WordTokenizer.pieces("Hello, world!\nIt's   two.\n\n 1,000"));
    }

    @Test
    void wordVocabularyKeepsTheMostFrequentPiecesWithTiesBrokenAlphabetically() {
        WordTokenizer tokenizer = (WordTokenizer) Tokenizers.fit(new TokenizerSpec("word", 5, null), "b a c a b a d");
        // counts: " a"=3, " b"=1 and "b"=1, " c"=1, " d"=1 -> keep " a", then " b", " c" by order
        assertEquals(List.of(" a", " b", " c"), tokenizer.symbols());
        Encoding encoding = tokenizer.encode("b a d");
        assertEquals(2, encoding.unknownCount()); // "b" without a space and " d" fell outside the cap
        assertEquals("\uFFFD a\uFFFD", tokenizer.decode(encoding.ids()));
    }

    @Test
    void bpeVocabularyIsCompactedToTheIdsTheTrainingTextUses() {
        String text = "the cat sat on the mat, the cat sat.";
        BpeTokenizer tokenizer = (BpeTokenizer) fit("bpe", text);
        int[] original = Encodings.newLazyEncodingRegistry()
                .getEncoding("r50k_base").orElseThrow().encodeOrdinary(text).toArray();
        long distinct = Arrays.stream(original).distinct().count();
        assertEquals(distinct + 2, tokenizer.vocabSize());
        int[] kept = tokenizer.originalIds();
        assertTrue(IntStream.range(1, kept.length).allMatch(i -> kept[i - 1] < kept[i]));
        int[] dense = tokenizer.encode(text).ids();
        for (int i = 0; i < dense.length; i++) assertEquals(original[i], tokenizer.originalId(dense[i]));
        assertEquals("␣cat", tokenizer.token(tokenizer.encode(" cat").ids()[0]));
        Encoding unseen = tokenizer.encode("the dog");
        assertEquals(1, unseen.unknownCount());
        assertEquals("the\uFFFD", tokenizer.decode(unseen.ids()));
    }

    @Test
    void bpeCanUseCl100kAndItsTokensDifferFromGpt2s() {
        Tokenizer gpt2 = fit("bpe", TRAIN);
        Tokenizer cl100k = Tokenizers.fit(new TokenizerSpec("bpe", 0, "cl100k_base"), TRAIN);
        assertEquals("cl100k_base", cl100k.state().get("encoding"));
        assertEquals(TRAIN, cl100k.decode(cl100k.encode(TRAIN).ids()));
        assertTrue(cl100k.encode(TRAIN).length() < gpt2.encode(TRAIN).length());
    }

    @Test
    void bpeLabelsShowBytesOfTokensThatHoldOnlyPartOfACharacter() {
        BpeTokenizer tokenizer = (BpeTokenizer) fit("bpe", "𝔘");
        // GPT-2 splits this 4-byte character into byte tokens that are not UTF-8 on their own
        assertTrue(tokenizer.vocabSize() > 3);
        assertTrue(tokenizer.token(2).startsWith("<0x"), tokenizer.token(2));
        assertEquals("𝔘", tokenizer.decode(tokenizer.encode("𝔘").ids()));
    }

    @Test
    void stateSurvivesAJsonRoundTripAndRestoresIdenticalEncodings() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String probe = TRAIN + " unseen ✓ words";
        for (String kind : TokenizerSpec.KINDS) {
            Tokenizer original = fit(kind, TRAIN);
            Map<String, Object> state = json.readValue(json.writeValueAsString(original.state()), new TypeReference<>() {});
            Tokenizer restored = Tokenizers.restore(state);
            assertEquals(original.vocabSize(), restored.vocabSize(), kind);
            assertEquals(original.encode(probe), restored.encode(probe), kind);
            assertEquals(original.state(), restored.state(), kind);
            for (int id = 0; id < original.vocabSize(); id++) assertEquals(original.token(id), restored.token(id), kind);
        }
    }

    @Test
    void encodeDocumentsPutsEndOfTextBetweenDocumentsAndDecodesToTheCorpusText() {
        List<String> documents = List.of("ab", "ba", "abz");
        Tokenizer tokenizer = fit("char", "ab");
        Encoding encoding = Tokenizers.encodeDocuments(tokenizer, documents);
        assertArrayEquals(new int[] {2, 3, 1, 3, 2, 1, 2, 3, 0}, encoding.ids());
        assertEquals(1, encoding.unknownCount());
        assertEquals("ab\n\nba\n\nab\uFFFD", tokenizer.decode(encoding.ids()));
        List<int[]> each = Tokenizers.encodeEach(tokenizer, documents, true);
        assertArrayEquals(new int[] {3, 2, 1}, each.get(1));
    }

    @Test
    void specRejectsUnknownKindsTinyCapsAndUnknownEncodings() {
        assertThrows(IllegalArgumentException.class, () -> new TokenizerSpec("sentencepiece", 0, null));
        assertThrows(IllegalArgumentException.class, () -> new TokenizerSpec("word", 2, null));
        assertThrows(IllegalArgumentException.class, () -> new TokenizerSpec("bpe", 0, "gpt5_base"));
        assertEquals("r50k_base", new TokenizerSpec("bpe", 0, null).bpeEncoding());
        assertThrows(CorpusException.class, () -> Tokenizers.fit(TokenizerSpec.defaults("char"), ""));
        assertThrows(IllegalArgumentException.class, () -> fit("char", "ab").decode(new int[] {4}));
    }
}
