package org.slmworkshop.text;

import java.nio.file.Path;

/** A corpus that cannot be used, with a message that names the file (or corpus) and the reason. */
public class CorpusException extends RuntimeException {

    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }

    static CorpusException forFile(Path file, String reason) {
        return new CorpusException(file + ": " + reason);
    }

    static CorpusException forFile(Path file, String reason, Throwable cause) {
        return new CorpusException(file + ": " + reason, cause);
    }

    /**
     * Fails unless {@code tokenCount} tokens can hold one training window of
     * {@code contextLength + 1} tokens (the inputs plus the one-step-shifted targets).
     *
     * @param corpusName names the corpus and, if useful, the part ("dickens (validation)")
     */
    public static void requireMinimumTokens(String corpusName, long tokenCount, int contextLength) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("contextLength must be at least 1, got " + contextLength);
        }
        long window = contextLength + 1L;
        if (tokenCount < window) {
            throw new CorpusException("corpus '" + corpusName + "' is too short to hold one training window: it has "
                    + tokenCount + " tokens, but a window needs " + window
                    + " (context length " + contextLength + " + 1)");
        }
    }
}
