package org.slmworkshop.generate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusSplit;
import org.slmworkshop.text.SplitMode;
import org.slmworkshop.text.SplitSpec;

/**
 * The suffix index of a corpus's training split, built once and kept for the next sample. The cache
 * holds the two most recently used corpora (one Dickens index is about 10 MB), keyed by the corpus's
 * SHA-256 and the split, so a changed file or another split gets its own index. Safe to call from
 * several threads; a second caller waits for the build rather than repeating it.
 */
public final class TrainingIndex {
    private static final int CACHED = 2;

    private record Key(String corpusSha256, SplitSpec split) {
        /** A contiguous split ignores its seed, so two seeds share one index. */
        static Key of(Corpus corpus, SplitSpec split) {
            return new Key(corpus.sha256(), split.mode() == SplitMode.CONTIGUOUS ? split.withSeed(0) : split);
        }
    }

    private static final Map<Key, SuffixIndex> CACHE = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SuffixIndex> eldest) {
            return size() > CACHED;
        }
    };

    private TrainingIndex() {}

    /** The index of {@code corpus}'s training split under {@code split}, from the cache when it is there. */
    public static synchronized SuffixIndex of(Corpus corpus, SplitSpec split) {
        return CACHE.computeIfAbsent(Key.of(corpus, split), key -> SuffixIndex.of(CorpusSplit.of(corpus, split).train()));
    }

    /** Whether the index is already built (a UI can say "indexing…" when it is not). */
    public static synchronized boolean isCached(Corpus corpus, SplitSpec split) {
        return CACHE.containsKey(Key.of(corpus, split));
    }
}
