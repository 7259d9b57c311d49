package org.slmworkshop.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns OpenNLP chunker data (one {@code token tag chunk} line per token, a blank line after each
 * sentence) back into readable abstracts. Punctuation is reattached and escapes are undone
 * ({@code COMMA} to {@code ,}, {@code -LRB-} to {@code (}, {@code \/} to {@code /}).
 * <p>
 * The file marks sentences but not abstracts, so abstract boundaries are inferred: a sentence that
 * reads like a title (see {@link GeniaSegmenter}) starts a new document, printed as
 * {@code title + "\n" + the abstract's sentences}.
 */
final class GeniaChunkReader {
    private static final Set<String> NO_SPACE_BEFORE = Set.of(",", ".", ";", ":", ")", "]", "}", "%", "?", "!", "'", "'s", "n't");
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", "{");

    private GeniaChunkReader() {
    }

    /** One tagged sentence: its tokens (unescaped), their part-of-speech tags, and the readable text. */
    record Sentence(List<String> words, List<String> tags, String text) {
    }

    static List<String> documents(String text, Path file) {
        List<Sentence> sentences = sentences(text, file);
        List<String> documents = new ArrayList<>();
        for (List<Sentence> group : GeniaSegmenter.segment(sentences)) {
            StringBuilder document = new StringBuilder(group.get(0).text());
            for (int i = 1; i < group.size(); i++) {
                document.append(i == 1 ? "\n" : " ").append(group.get(i).text());
            }
            documents.add(document.toString());
        }
        return documents;
    }

    static List<Sentence> sentences(String text, Path file) {
        List<Sentence> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isBlank()) {
                if (!words.isEmpty()) sentences.add(new Sentence(List.copyOf(words), List.copyOf(tags), detokenise(words)));
                words.clear();
                tags.clear();
                continue;
            }
            String[] fields = line.strip().split(" +");
            if (fields.length < 2) {
                throw CorpusException.forFile(file, "line " + lineNumber + " is not 'token tag chunk': " + line);
            }
            words.add(unescape(fields[0]));
            tags.add(fields[1]);
        }
        if (!words.isEmpty()) sentences.add(new Sentence(List.copyOf(words), List.copyOf(tags), detokenise(words)));
        if (sentences.isEmpty()) throw CorpusException.forFile(file, "no abstracts found (no sentences)");
        return sentences;
    }

    static String unescape(String token) {
        return switch (token) {
            case "-LRB-" -> "(";
            case "-RRB-" -> ")";
            case "-LSB-" -> "[";
            case "-RSB-" -> "]";
            case "-LCB-" -> "{";
            case "-RCB-" -> "}";
            case "``", "''" -> "\"";
            // COMMA also appears inside tokens, as in 1COMMA25-Dihydroxyvitamin
            default -> token.replace("COMMA", ",").replace("\\/", "/").replace("\\*", "*");
        };
    }

    /** Joins tokens with spaces, except before closing punctuation and after opening brackets. */
    static String detokenise(List<String> words) {
        StringBuilder text = new StringBuilder();
        boolean glueNext = true;
        boolean insideQuote = false;
        for (String word : words) {
            boolean glue = glueNext || NO_SPACE_BEFORE.contains(word);
            boolean glueAfter = NO_SPACE_AFTER.contains(word);
            if (word.equals("\"")) {
                // straight quotes alternate between opening and closing
                glue = glueNext || insideQuote;
                glueAfter = !insideQuote;
                insideQuote = !insideQuote;
            }
            glueNext = glueAfter;
            if (!glue) text.append(' ');
            text.append(word);
        }
        return text.toString();
    }

    static Set<String> contentWords(Sentence sentence) {
        Set<String> words = new HashSet<>();
        for (int i = 0; i < sentence.words().size(); i++) {
            String tag = sentence.tags().get(i);
            String word = sentence.words().get(i);
            if ((tag.startsWith("NN") || tag.startsWith("JJ")) && word.length() > 2) words.add(word.toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
