package org.slmworkshop.cli;

import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusEntry;
import org.slmworkshop.text.SplitMode;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import picocli.CommandLine.Option;

/** Corpus, tokenizer and split options shared by train and fit-counts. */
final class DataOptions {
    @Option(names = "--corpus", description = "A corpus id from 'corpora' or a path to a file or folder (default: the manifest's default).")
    String corpus;

    @Option(names = "--tokenizer", description = "char, word or bpe (default: the corpus's own).")
    String tokenizer;

    @Option(names = "--vocab", description = "Largest vocabulary: top-N words for word, a cap for char/bpe (default: the tokenizer's).")
    Integer maxVocab;

    @Option(names = "--bpe-encoding", defaultValue = "r50k_base", description = "jtokkit encoding for bpe: r50k_base (GPT-2) or cl100k_base.")
    String bpeEncoding;

    @Option(names = "--full-vocab", description = "bpe only: keep all of GPT-2's tokens (V = 50,258) instead of the ones the training text uses.")
    boolean fullVocabulary;

    @Option(names = "--val-fraction", defaultValue = "0.1", description = "Validation fraction (default ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--test-fraction", defaultValue = "0", description = "Test fraction held out (default ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--split-by", defaultValue = "contiguous", description = "contiguous (nanoGPT's 90/10) or document.")
    String splitBy;

    Corpus loadCorpus() {
        CorpusCatalog catalog = CorpusCatalog.standard();
        return catalog.corpus(corpus == null ? catalog.defaultEntry().id() : corpus);
    }

    SplitSpec split(long seed) {
        SplitMode mode = switch (splitBy.toLowerCase()) {
            case "contiguous" -> SplitMode.CONTIGUOUS;
            case "document", "documents", "by-document" -> SplitMode.BY_DOCUMENT;
            default -> throw new IllegalArgumentException("--split-by must be contiguous or document, got " + splitBy);
        };
        return new SplitSpec(1 - validationFraction - testFraction, validationFraction, mode, seed);
    }

    TokenizerSpec tokenizerSpec(Corpus loaded) {
        String kind = tokenizer;
        if (kind == null) {
            kind = CorpusCatalog.standard().find(loaded.id()).map(CorpusEntry::tokenizerSpec).map(TokenizerSpec::kind).orElse("char");
        }
        TokenizerSpec defaults = TokenizerSpec.defaults(kind);
        if (fullVocabulary && (!"bpe".equals(kind) || maxVocab != null || !TokenizerSpec.DEFAULT_BPE_ENCODING.equals(bpeEncoding))) {
            throw new IllegalArgumentException("--full-vocab keeps GPT-2's whole vocabulary: it needs --tokenizer bpe, "
                    + "the r50k_base encoding and no --vocab");
        }
        return new TokenizerSpec(kind, maxVocab == null ? defaults.maxVocab() : maxVocab,
                "bpe".equals(kind) ? bpeEncoding : defaults.bpeEncoding(), fullVocabulary);
    }
}
