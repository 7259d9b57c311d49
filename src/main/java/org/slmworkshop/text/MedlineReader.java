package org.slmworkshop.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PubMed's MEDLINE text format: each field starts with a tag padded to four characters
 * and {@code "- "}, continuation lines start with six spaces, and a blank line or a new
 * {@code PMID-} ends a record. Each record with an abstract becomes {@code title + "\n" + abstract}.
 */
final class MedlineReader {
    private static final Pattern FIELD = Pattern.compile("^([A-Z0-9]{2,4}) *- ?(.*)$");
    private static final String CONTINUATION = "      ";

    private MedlineReader() {
    }

    static List<String> documents(String text, Path file) {
        List<String> documents = new ArrayList<>();
        Record record = new Record();
        String field = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                record.flushInto(documents);
                field = null;
                continue;
            }
            if (line.startsWith(CONTINUATION)) {
                record.append(field, line.strip());
                continue;
            }
            Matcher matcher = FIELD.matcher(line);
            if (!matcher.matches()) continue; // not MEDLINE: ignore stray lines rather than guess
            field = matcher.group(1);
            if (field.equals("PMID")) record.flushInto(documents);
            record.start(field, matcher.group(2).strip());
        }
        record.flushInto(documents);
        if (documents.isEmpty()) {
            throw CorpusException.forFile(file, "no abstracts found (MEDLINE records need TI and AB fields)");
        }
        return documents;
    }

    /** The title and abstract of the record being read; other fields are ignored. */
    private static final class Record {
        private final StringBuilder title = new StringBuilder();
        private final StringBuilder abstractText = new StringBuilder();

        void start(String field, String value) {
            StringBuilder target = target(field);
            if (target == null) return;
            // a second AB field (rare) continues the abstract
            if (target.length() > 0) target.append(' ');
            target.append(value);
        }

        void append(String field, String value) {
            StringBuilder target = target(field);
            if (target != null && !value.isEmpty()) target.append(target.length() > 0 ? " " : "").append(value);
        }

        void flushInto(List<String> documents) {
            if (abstractText.length() > 0) {
                documents.add(title.length() > 0 ? title + "\n" + abstractText : abstractText.toString());
            }
            title.setLength(0);
            abstractText.setLength(0);
        }

        private StringBuilder target(String field) {
            if (field == null) return null;
            return switch (field) {
                case "TI" -> title;
                case "AB" -> abstractText;
                default -> null;
            };
        }
    }
}
