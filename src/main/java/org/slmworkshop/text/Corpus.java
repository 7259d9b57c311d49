package org.slmworkshop.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A loaded, cleaned corpus: its documents (each without a BOM, with LF line ends) and the
 * SHA-256 of {@link #text()} as UTF-8, so a manifest can pin exactly what was trained on.
 *
 * @param source where it came from: Maven coordinates and a path inside the jar, or a file path
 */
public record Corpus(String id, String title, String source, List<String> documents, String sha256) {

    /** Placed between documents in {@link #text()}; a blank line, as between paragraphs. */
    public static final String DOCUMENT_SEPARATOR = "\n\n";

    public Corpus {
        requireText(id, "id");
        requireText(title, "title");
        requireText(source, "source");
        documents = List.copyOf(documents);
        if (documents.isEmpty()) {
            throw new CorpusException("corpus '" + id + "' has no documents");
        }
        requireText(sha256, "sha256");
    }

    /** Builds a corpus, normalising each document and computing the checksum. Empty documents are dropped. */
    public static Corpus of(String id, String title, String source, List<String> documents) {
        List<String> cleaned = new ArrayList<>(documents.size());
        for (String document : documents) {
            String text = normalise(document);
            if (!text.isBlank()) cleaned.add(text);
        }
        if (cleaned.isEmpty()) {
            throw new CorpusException(source + ": is empty (no text after cleaning)");
        }
        return new Corpus(id, title, source, cleaned, sha256(String.join(DOCUMENT_SEPARATOR, cleaned)));
    }

    /** All documents joined by {@link #DOCUMENT_SEPARATOR}; this is the text the checksum covers. */
    public String text() {
        return String.join(DOCUMENT_SEPARATOR, documents);
    }

    /** Length of {@link #text()} in UTF-16 chars, as Java counts a String. */
    public long charCount() {
        long count = (long) DOCUMENT_SEPARATOR.length() * (documents.size() - 1);
        for (String document : documents) count += document.length();
        return count;
    }

    /** Length of {@link #text()} in Unicode code points (what a reader calls characters). */
    public long codePointCount() {
        long count = (long) DOCUMENT_SEPARATOR.length() * (documents.size() - 1);
        for (String document : documents) count += document.codePointCount(0, document.length());
        return count;
    }

    /** Strips a leading byte-order mark and turns CRLF and lone CR into LF. */
    public static String normalise(String text) {
        String result = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (result.indexOf('\r') >= 0) {
            result = result.replace("\r\n", "\n").replace('\r', '\n');
        }
        return result;
    }

    /** Hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Corpus[" + id + ", " + documents.size() + " documents, " + charCount() + " chars, sha256=" + sha256 + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("corpus " + name + " must not be blank");
        }
    }
}
