package org.slmworkshop.ui.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Cuts {@code $…$} and {@code $$…$$} formulas out of Markdown before commonmark parses it, because
 * the parser would otherwise eat the backslashes and underscores of the TeX. Each formula becomes a
 * placeholder of private-use characters, which the renderer swaps for a typeset image. Code spans
 * and code blocks are left alone (found with a first commonmark parse), and {@code \$} stays a
 * literal dollar.
 */
final class MathSpans {
    static final char OPEN = '\uE000';
    static final char CLOSE = '\uE001';
    private static final Pattern PLACEHOLDER = Pattern.compile(OPEN + "(\\d+)" + CLOSE);
    private static final Parser CODE_FINDER = Parser.builder()
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    /** One formula: its TeX source and whether it is a display ({@code $$}) formula. */
    record Formula(String tex, boolean display) {}

    /** The Markdown with placeholders, and the formulas they stand for (placeholder i is formula i). */
    record Extracted(String markdown, List<Formula> formulas) {
        Extracted {
            formulas = List.copyOf(formulas);
        }
    }

    /** A run of text between placeholders, or one formula. */
    record Piece(String text, Formula formula) {
        boolean isFormula() {
            return formula != null;
        }
    }

    private MathSpans() {}

    static String placeholder(int index) {
        return OPEN + Integer.toString(index) + CLOSE;
    }

    static Extracted extract(String markdown) {
        boolean[] code = codeMask(markdown);
        List<Formula> formulas = new ArrayList<>();
        StringBuilder out = new StringBuilder(markdown.length());
        int n = markdown.length();
        int i = 0;
        while (i < n) {
            char c = markdown.charAt(i);
            if (code[i]) {
                out.append(c);
                i++;
            } else if (c == '\\' && i + 1 < n && isAsciiPunctuation(markdown.charAt(i + 1))) {
                out.append(c).append(markdown.charAt(i + 1)); // an escape, \$ included: commonmark handles it
                i += 2;
            } else if (c == '$') {
                boolean display = i + 1 < n && markdown.charAt(i + 1) == '$';
                int end = display ? closeDisplay(markdown, code, i + 2) : closeInline(markdown, code, i + 1);
                if (end < 0) {
                    out.append(display ? "$$" : "$");
                    i += display ? 2 : 1;
                } else {
                    String tex = markdown.substring(i + (display ? 2 : 1), end).strip();
                    out.append(placeholder(formulas.size()));
                    formulas.add(new Formula(tex, display));
                    i = end + (display ? 2 : 1);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return new Extracted(out.toString(), formulas);
    }

    /** Splits rendered text at placeholders; text that holds none comes back as one piece. */
    static List<Piece> split(String text, List<Formula> formulas) {
        List<Piece> pieces = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            int index = Integer.parseInt(m.group(1));
            if (index >= formulas.size()) continue;
            if (m.start() > last) pieces.add(new Piece(text.substring(last, m.start()), null));
            pieces.add(new Piece(null, formulas.get(index)));
            last = m.end();
        }
        if (last < text.length()) pieces.add(new Piece(text.substring(last), null));
        return pieces;
    }

    /** The end of {@code $$…$$} (index of the closing pair), or -1; it may span lines but not paragraphs. */
    private static int closeDisplay(String s, boolean[] code, int from) {
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (code[j] || startsBlankLine(s, j)) return -1;
            if (c == '\\') {
                j++;
            } else if (c == '$' && j + 1 < s.length() && s.charAt(j + 1) == '$') {
                return s.substring(from, j).isBlank() ? -1 : j;
            }
        }
        return -1;
    }

    /**
     * The closing {@code $} of inline math, or -1. As in Pandoc, the opening dollar must be followed
     * by a non-space and the closing one preceded by a non-space and not followed by a digit, so
     * that "$5 and $6" stays text.
     */
    private static int closeInline(String s, boolean[] code, int from) {
        if (from >= s.length() || Character.isWhitespace(s.charAt(from)) || s.charAt(from) == '$') return -1;
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (code[j] || startsBlankLine(s, j)) return -1;
            if (c == '\\') {
                j++;
            } else if (c == '$') {
                boolean spaceBefore = Character.isWhitespace(s.charAt(j - 1));
                boolean digitAfter = j + 1 < s.length() && Character.isDigit(s.charAt(j + 1));
                if (!spaceBefore && !digitAfter) return j;
            }
        }
        return -1;
    }

    private static boolean startsBlankLine(String s, int j) {
        if (s.charAt(j) != '\n') return false;
        for (int k = j + 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\n') return true;
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    /** Which characters belong to code spans or code blocks, where a dollar is just a dollar. */
    private static boolean[] codeMask(String markdown) {
        boolean[] mask = new boolean[markdown.length()];
        CODE_FINDER.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Code code) {
                markAll(code);
            }

            @Override
            public void visit(FencedCodeBlock block) {
                markAll(block);
            }

            @Override
            public void visit(IndentedCodeBlock block) {
                markAll(block);
            }

            private void markAll(Node node) {
                for (SourceSpan span : node.getSourceSpans()) {
                    int start = span.getInputIndex();
                    int end = Math.min(mask.length, start + span.getLength());
                    for (int k = Math.max(0, start); k < end; k++) mask[k] = true;
                }
            }
        });
        return mask;
    }

    private static boolean isAsciiPunctuation(char c) {
        return c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }
}
