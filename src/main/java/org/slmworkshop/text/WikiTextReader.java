package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads WikiText-2/103 raw files. A level-1 heading line {@code " = Title = "} starts an article;
 * deeper headings ({@code " = = Section = = "}) stay inside it as plain lines. The {@code @-@},
 * {@code @,@} and {@code @.@} markers around hyphens and number separators are undone.
 */
final class WikiTextReader {
    private static final Pattern ARTICLE_HEADING = Pattern.compile("^ = ([^=].*?) = $");
    private static final Pattern SECTION_HEADING = Pattern.compile("^ (= )+(.*?)( =)+ $");

    private WikiTextReader() {
    }

    static List<String> documents(String text) {
        List<String> documents = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            var article = ARTICLE_HEADING.matcher(line);
            if (article.matches()) {
                flush(current, documents);
                current.append(detokenise(article.group(1)));
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) continue;
            var section = SECTION_HEADING.matcher(line);
            String content = section.matches() ? section.group(2) : trimmed;
            if (current.length() > 0) current.append('\n');
            current.append(detokenise(content));
        }
        flush(current, documents);
        return documents;
    }

    /** Undoes WikiText's number and hyphen markers: {@code 1 @,@ 000} becomes {@code 1,000}. */
    static String detokenise(String line) {
        return line.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".");
    }

    private static void flush(StringBuilder current, List<String> documents) {
        if (current.length() > 0) documents.add(current.toString());
        current.setLength(0);
    }
}
