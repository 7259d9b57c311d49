package org.slmworkshop.lesson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a lesson file into its YAML front matter and Markdown body, and parses the YAML while
 * remembering the line of every value (by JSON pointer), so problems can name their line.
 */
final class FrontMatter {
    private static final YAMLMapper YAML = new YAMLMapper();

    final JsonNode tree;
    final String body;
    final int bodyLine;
    private final Map<String, Integer> lines;
    private final int firstLine;

    private FrontMatter(JsonNode tree, String body, int bodyLine, Map<String, Integer> lines, int firstLine) {
        this.tree = tree;
        this.body = body;
        this.bodyLine = bodyLine;
        this.lines = lines;
        this.firstLine = firstLine;
    }

    /** The file line of the value at {@code pointer} (e.g. "/labs/0/lab"), or of its nearest parent. */
    int line(String pointer) {
        String p = pointer;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) return line;
            p = p.substring(0, p.lastIndexOf('/'));
        }
        return firstLine;
    }

    /** Thrown for a file whose front matter cannot be read at all. */
    static final class Malformed extends Exception {
        final int line;

        Malformed(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    static FrontMatter parse(List<String> fileLines) throws Malformed {
        if (fileLines.isEmpty() || !fileLines.get(0).strip().equals("---")) {
            throw new Malformed(1, "the file must start with a front-matter block: a line '---', YAML, then '---'");
        }
        int close = -1;
        for (int i = 1; i < fileLines.size(); i++) {
            if (fileLines.get(i).strip().equals("---")) {
                close = i;
                break;
            }
        }
        if (close < 0) throw new Malformed(1, "the front matter opened on line 1 is never closed with '---'");
        String yaml = String.join("\n", fileLines.subList(1, close));
        int offset = 1;   // YAML line 1 is file line 2
        Map<String, Integer> lines = new HashMap<>();
        JsonNode tree;
        try {
            YAMLFactory factory = YAML.getFactory();
            try (JsonParser parser = factory.createParser(yaml)) {
                while (parser.nextToken() != null) {
                    JsonToken token = parser.currentToken();
                    if (token == JsonToken.FIELD_NAME) continue;
                    JsonLocation location = parser.currentTokenLocation();
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    lines.putIfAbsent(pointer, location.getLineNr() + offset);
                }
            }
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr() + offset;
            throw new Malformed(line, "the front matter is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Malformed(1, "the front matter cannot be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) throw new Malformed(2, "the front matter must be a YAML mapping (key: value lines)");
        String body = String.join("\n", fileLines.subList(close + 1, fileLines.size()));
        return new FrontMatter(tree, body, close + 2, lines, 2);
    }
}
