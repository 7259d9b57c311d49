package org.slmworkshop.text;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The text formats a corpus file may have, each with its reader, and how to tell them apart. */
public enum CorpusFormat {
    /** Any UTF-8 text; the whole file is one document. */
    PLAIN_TEXT("plain-text"),
    /** WikiText-2/103 raw files: a level-1 heading {@code " = Title = "} starts each article. */
    WIKITEXT("wikitext"),
    /** PubMed MEDLINE text ({@code PMID- }, {@code TI  - }, {@code AB  - }); one document per abstract. */
    MEDLINE("medline"),
    /** PubMed XML ({@code <PubmedArticle>}); one document per abstract. */
    PUBMED_XML("pubmed-xml"),
    /** OpenNLP chunker training data (token, tag, chunk per line), as in the GENIA treebank export. */
    GENIA_CHUNKS("genia-chunks");

    private static final Pattern WIKITEXT_NAME = Pattern.compile("wiki\\.(train|valid|test)\\.(raw|tokens)");
    private static final Pattern WIKITEXT_HEADING = Pattern.compile("(?m)^ = [^=].* = $");
    private static final Pattern MEDLINE_PMID = Pattern.compile("(?m)^PMID- ?\\d+");
    private static final Pattern CHUNK_LINE = Pattern.compile("\\S+ \\S+ [BIO](-[A-Z]+)?");
    private static final List<String> TEXT_EXTENSIONS =
            List.of("txt", "text", "raw", "tokens", "md", "xml", "medline", "nbib", "chunks", "");

    private final String id;

    CorpusFormat(String id) {
        this.id = id;
    }

    /** The name used in the manifest ("plain-text", "wikitext", ...). */
    public String id() {
        return id;
    }

    public static CorpusFormat fromId(String id) {
        for (CorpusFormat format : values()) {
            if (format.id.equals(id)) return format;
        }
        throw new IllegalArgumentException("unknown corpus format '" + id + "'; known: plain-text, wikitext, medline, pubmed-xml, genia-chunks");
    }

    /**
     * Whether a folder scan should read this file, by its extension. Hidden and extensionless files
     * (README, LICENSE) are skipped; an extensionless file can still be loaded by naming it.
     */
    static boolean looksSupported(Path file) {
        String name = file.getFileName().toString();
        String extension = extension(name);
        return !name.startsWith(".") && !extension.isEmpty() && TEXT_EXTENSIONS.contains(extension);
    }

    /** Picks the format from the file name and the content. */
    static CorpusFormat detect(Path file, String text) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!TEXT_EXTENSIONS.contains(extension(name))) {
            throw CorpusException.forFile(file, "unsupported format (." + extension(name)
                    + "); expected UTF-8 text: .txt, WikiText .raw, MEDLINE, PubMed .xml or GENIA .chunks");
        }
        String head = text.substring(0, Math.min(text.length(), 1 << 16));
        String stripped = head.stripLeading();
        if (stripped.startsWith("<")) {
            if (head.contains("<PubmedArticle")) return PUBMED_XML;
            throw CorpusException.forFile(file, "unsupported format: XML or HTML without <PubmedArticle> elements");
        }
        if (MEDLINE_PMID.matcher(head).find()) return MEDLINE;
        if (WIKITEXT_NAME.matcher(name).matches() || WIKITEXT_HEADING.matcher(head).find() && head.contains(" @")) {
            return WIKITEXT;
        }
        if (looksLikeChunks(head)) return GENIA_CHUNKS;
        return PLAIN_TEXT;
    }

    /** Splits cleaned text into documents according to this format. */
    List<String> documents(String text, Path file) {
        return switch (this) {
            case PLAIN_TEXT -> List.of(text);
            case WIKITEXT -> WikiTextReader.documents(text);
            case MEDLINE -> MedlineReader.documents(text, file);
            case PUBMED_XML -> PubmedXmlReader.documents(text, file);
            case GENIA_CHUNKS -> GeniaChunkReader.documents(text, file);
        };
    }

    private static boolean looksLikeChunks(String head) {
        String[] lines = head.split("\n");
        int checked = 0;
        // the last line of the head may be cut short, so it is not checked
        for (int i = 0; i < Math.min(lines.length - 1, 200); i++) {
            String line = lines[i];
            if (line.isEmpty()) continue;
            if (!CHUNK_LINE.matcher(line).matches()) return false;
            checked++;
        }
        return checked >= 20;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
