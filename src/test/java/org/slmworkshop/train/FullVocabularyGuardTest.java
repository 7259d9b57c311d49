package org.slmworkshop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.slmworkshop.cli.CliRun;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.text.BpeTokenizer;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.text.Tokenizers;

/** Lesson 4a's "Yikes!": GPT-2's whole vocabulary, uncompacted, and the memory guard's refusal of its bigram. */
class FullVocabularyGuardTest {
    private static final long V = 50_258;   // GPT-2's 50,257 (its end of text is the app's <eot>) and <unk>
    private static final long ROWS = 12 * 64;   // the training lab's batch of 12 windows of 64

    @Test
    void theFullBpeVocabularyKeepsEveryGpt2TokenAndRoundTripsText() {
        TokenizerSpec spec = new TokenizerSpec("bpe", 0, "r50k_base", true);
        Tokenizer tokenizer = Tokenizers.fit(spec, "IL-2 gene expression");
        assertEquals(V, tokenizer.vocabSize());
        BpeTokenizer bpe = (BpeTokenizer) tokenizer;
        assertEquals(0, bpe.originalId(2));
        assertEquals(50_255, bpe.originalId((int) V - 1));
        String unseen = "Zebrafish thrombopoietin, naïvely — 😀";   // no token of it was in the "training text"
        org.slmworkshop.text.Encoding encoding = tokenizer.encode(unseen);
        assertEquals(0, encoding.unknownCount());
        assertEquals(unseen, tokenizer.decode(encoding.ids()));
        Tokenizer compacted = Tokenizers.fit(TokenizerSpec.defaults("bpe"), "IL-2 gene expression");
        assertNotEquals(V, compacted.vocabSize());
        assertThrows(IllegalArgumentException.class, () -> new TokenizerSpec("char", 0, null, true));
        assertThrows(IllegalArgumentException.class, () -> new TokenizerSpec("bpe", 0, "cl100k_base", true));
    }

    @Test
    void theGuardsFiguresAreTheClosedForm() {
        BigramConfig config = new BigramConfig((int) V, 64);
        assertTrue(config.sparseRows(), "a table this large steps only the touched rows");
        Memory.Estimate estimate = Memory.estimate(config, 12);
        assertEquals(4 * V * V, estimate.weights(), "V² float32 weights");
        assertEquals(2 * 4 * V * V, estimate.optimizerAndGradients(), "AdamW's two moments, V² floats each");
        assertEquals(3 * 4 * ROWS * V, estimate.activations(), "logits, their gradient and the rows' gradient");
        long sixteenGb = 16L << 30;
        String refusal = Memory.refusal(config, 12, sixteenGb);
        assertEquals("This bigram model needs about 28.7 GB (weights 9.4 GB, gradients and optimizer 18.8 GB, "
                + "activations 441.7 MB) but only 16.0 GB is available. A 50,258 × 50,258 transition matrix is too big "
                + "for a vocabulary this large: use the compacted BPE or a character or word tokenizer, or the low-rank "
                + "model, which needs 2·V·d parameters instead of V².", refusal);
        assertEquals(null, Memory.refusal(config, 12, estimate.total()), "it fits when exactly that much is free");
    }

    @Test
    void theCliRefusesInOneLineWithoutAllocatingTheTable() {
        long total = Memory.estimate(new BigramConfig((int) V, 64), 12).total();
        assumeTrue(Memory.available() < total, "this machine could hold the table; the guard would let it through");
        long before = Pointer.physicalBytes();
        CliRun.Result result = CliRun.main("train", "--corpus", "genia", "--tokenizer", "bpe", "--full-vocab",
                "--model", "bigram", "--steps", "10");
        long grown = Pointer.physicalBytes() - before;
        assertNotEquals(0, result.exitCode(), "the command fails");
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("error: This bigram model needs about 28.7 GB (weights 9.4 GB, gradients "
                + "and optimizer 18.8 GB, activations 441.7 MB) but only "), result.err());
        assertTrue(result.err().contains("A 50,258 × 50,258 transition matrix is too big"), result.err());
        assertTrue(grown < (1L << 30), "nothing like the 9.4 GB table was allocated: the process grew " + grown + " bytes");

        CliRun.Result wrongKind = CliRun.main("train", "--corpus", "macbeth", "--tokenizer", "char", "--full-vocab",
                "--steps", "1");
        assertNotEquals(0, wrongKind.exitCode());
        assertTrue(wrongKind.err().contains("--full-vocab keeps GPT-2's whole vocabulary: it needs --tokenizer bpe"),
                wrongKind.err());
    }
}
