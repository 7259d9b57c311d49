package org.slmworkshop.lesson;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A lesson figure: an SVG file beside the lesson ({@code ![alt](figures/name.svg)}), read by jsvg
 * and drawn with Java2D, so it stays sharp at any zoom. {@code width} and {@code height} are the
 * root's viewBox size in user units; one unit is one pixel at the lesson's base text size, so a
 * figure written with 15-unit text reads as large as the lesson around it. The file is parsed
 * with the JDK's XML parser first, so a broken file is reported with its line and column.
 */
public record Figure(Path file, SVGDocument document, double width, double height) {
    /** The size of the lesson's body text, in pixels: one viewBox unit per pixel at this size. */
    public static final double UNITS_PER_EM = 15;
    /** Figures larger than this are refused (a slip of the pen, not a drawing). */
    private static final long MAX_BYTES = 4L << 20;

    static {
        // jsvg logs what it cannot draw with stack traces; the reader gets our own messages instead
        Logger.getLogger("com.github.weisj.jsvg").setLevel(Level.OFF);
    }

    public Figure {
        if (!(width > 0) || !(height > 0)) throw new IllegalArgumentException("a figure needs a positive size");
    }

    /** Why a figure cannot be shown: a sentence for the reader, without a stack trace. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    /** One {@code ![alt](destination "title")} in a lesson's Markdown; {@code line} counts from 0. */
    public record Reference(String destination, String alt, int line) {}

    private static final Parser PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    /** Every image in {@code markdown}, in reading order (images in code blocks are code, not figures). */
    public static List<Reference> references(String markdown) {
        List<Reference> found = new ArrayList<>();
        PARSER.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                StringBuilder alt = new StringBuilder();
                for (var child = image.getFirstChild(); child != null; child = child.getNext()) {
                    if (child instanceof org.commonmark.node.Text text) alt.append(text.getLiteral());
                }
                int line = image.getSourceSpans().isEmpty() ? 0 : image.getSourceSpans().get(0).getLineIndex();
                found.add(new Reference(image.getDestination(), alt.toString(), line));
            }
        });
        return found;
    }

    /** Why the figure {@code reference} (in a lesson in {@code folder}) cannot be shown, or null if it can. */
    public static String problem(Path folder, Reference reference) {
        try {
            load(resolve(folder, reference.destination()));
            return null;
        } catch (Unreadable e) {
            return "figure " + e.getMessage();
        }
    }

    /** The figure {@code destination} (as written in the Markdown) names, relative to {@code folder}. */
    public static Path resolve(Path folder, String destination) throws Unreadable {
        if (destination == null || destination.isBlank()) throw new Unreadable("the figure has no file name");
        if (destination.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !destination.matches("^[a-zA-Z]:[\\\\/].*")) {
            throw new Unreadable(destination + ": a figure is a file beside the lesson, such as figures/name.svg, not a link");
        }
        if (!destination.toLowerCase(Locale.ROOT).endsWith(".svg")) {
            throw new Unreadable(destination + ": figures are SVG files (a vector drawing stays sharp at every zoom)");
        }
        Path base = folder == null ? Path.of("") : folder;
        try {
            return base.resolve(destination).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new Unreadable(destination + ": not a file name (" + e.getReason() + ")");
        }
    }

    /** Reads and parses {@code file}. */
    public static Figure load(Path file) throws Unreadable {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) throw new Unreadable(name + " is larger than 4 MB");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unreadable(name + " not found (looked for " + file.toAbsolutePath().normalize() + ")");
        } catch (IOException e) {
            throw new Unreadable(name + " cannot be read: " + e.getMessage());
        }
        Element root = parseXml(name, bytes);
        if (!"svg".equals(root.getLocalName())) {
            throw new Unreadable(name + " is not an SVG drawing: its root element is <" + root.getTagName() + ">, not <svg>");
        }
        double[] box = viewBox(name, root);
        SVGDocument document;
        try {
            document = new SVGLoader().load(new ByteArrayInputStream(bytes), file.toUri(), LoaderContext.builder().build());
        } catch (RuntimeException e) {
            throw new Unreadable(name + " cannot be drawn: " + e.getMessage());
        }
        if (document == null) throw new Unreadable(name + " cannot be drawn (the SVG reader gave up on it)");
        return new Figure(file, document, box[0], box[1]);
    }

    private static Element parseXml(String name, byte[] bytes) throws Unreadable {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler() {
                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e; // and say nothing on stderr
                }
            });
            return builder.parse(new ByteArrayInputStream(bytes)).getDocumentElement();
        } catch (SAXParseException e) {
            throw new Unreadable(name + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": not well-formed XML: "
                    + e.getMessage());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new Unreadable(name + " is not readable XML: " + e.getMessage());
        }
    }

    /** The viewBox's width and height, which set the figure's proportions and size. */
    private static double[] viewBox(String name, Element root) throws Unreadable {
        String attribute = root.getAttribute("viewBox").strip();
        if (attribute.isEmpty()) {
            throw new Unreadable(name + ": the <svg> element needs a viewBox=\"0 0 WIDTH HEIGHT\" (it sets the figure's size)");
        }
        String[] parts = attribute.split("[\\s,]+");
        try {
            if (parts.length == 4) {
                double width = Double.parseDouble(parts[2]);
                double height = Double.parseDouble(parts[3]);
                if (width > 0 && height > 0 && Double.isFinite(width) && Double.isFinite(height)) {
                    return new double[] {width, height};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Unreadable(name + ": viewBox=\"" + attribute + "\" must be four numbers, min-x min-y width height, with width and height > 0");
    }
}
