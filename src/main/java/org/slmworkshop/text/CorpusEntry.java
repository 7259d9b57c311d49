package org.slmworkshop.text;

import java.util.Objects;

/**
 * One corpus listed in {@code datasets/manifest.json}.
 *
 * @param artifact     Maven coordinates of the jar that holds the text (groupId:artifactId:version)
 * @param pathInJar    the file's path inside that jar
 * @param resource     the classpath resource the build unpacks it to
 * @param documents    how many documents the reader yields
 * @param characters   length of {@link Corpus#text()} in chars
 * @param sha256       SHA-256 of {@link Corpus#text()} as UTF-8, after cleaning
 * @param tokenizer    the tokenizer kind lessons use by default ("char", "word" or "bpe")
 * @param split        the split lessons use by default
 */
public record CorpusEntry(String id, String title, String artifact, String pathInJar, String resource,
                          String licence, CorpusFormat format, int documents, long characters, String sha256,
                          String tokenizer, SplitSpec split) {

    public CorpusEntry {
        for (String value : new String[] {id, title, artifact, pathInJar, resource, licence, sha256, tokenizer}) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("manifest entry '" + id + "' has a blank field");
            }
        }
        if (!TokenizerSpec.KINDS.contains(tokenizer)) {
            throw new IllegalArgumentException("manifest entry '" + id + "': tokenizer must be one of "
                    + TokenizerSpec.KINDS + ", got '" + tokenizer + "'");
        }
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(format, "format");
        if (documents < 1 || characters < 1) {
            throw new IllegalArgumentException("manifest entry '" + id + "' must record positive documents and characters");
        }
        if (!resource.startsWith("/")) {
            throw new IllegalArgumentException("manifest entry '" + id + "': resource must be absolute, got " + resource);
        }
    }

    /** Where the text came from, as {@link Corpus#source()} records it. */
    public String source() {
        return artifact + "!/" + pathInJar;
    }

    /** The default tokenizer as a spec (default vocabulary cap and BPE encoding). */
    public TokenizerSpec tokenizerSpec() {
        return TokenizerSpec.defaults(tokenizer);
    }
}
