package org.slmworkshop.text;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads PubMed XML with the JDK's StAX parser. Each {@code <PubmedArticle>} with an abstract becomes
 * {@code title + "\n" + abstract}; labelled sections ({@code <AbstractText Label="METHODS">}) are joined
 * as {@code "METHODS: ..."}, the way the MEDLINE text format prints them. DTDs and external
 * entities are never loaded, so a file cannot make the parser read other files or the network.
 */
final class PubmedXmlReader {

    private PubmedXmlReader() {
    }

    static List<String> documents(String text, Path file) {
        List<String> documents = new ArrayList<>();
        try {
            XMLStreamReader xml = secureFactory().createXMLStreamReader(new StringReader(text));
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("PubmedArticle")) {
                        String document = readArticle(xml);
                        if (document != null) documents.add(document);
                    }
                }
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw CorpusException.forFile(file, "is not well-formed PubMed XML (" + e.getMessage() + ")", e);
        }
        if (documents.isEmpty()) {
            throw CorpusException.forFile(file, "no abstracts found (no <PubmedArticle> with <AbstractText>)");
        }
        return documents;
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** Reads up to the end of the current {@code <PubmedArticle>}; null when it has no abstract. */
    private static String readArticle(XMLStreamReader xml) throws XMLStreamException {
        String title = "";
        List<String> sections = new ArrayList<>();
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("ArticleTitle")) {
                    title = elementText(xml);
                } else if (name.equals("AbstractText")) {
                    String label = xml.getAttributeValue(null, "Label");
                    String body = elementText(xml);
                    if (!body.isEmpty()) sections.add(label == null || label.isBlank() ? body : label.strip() + ": " + body);
                } else {
                    depth++;
                }
            }
        }
        if (sections.isEmpty()) return null;
        String abstractText = String.join(" ", sections);
        return title.isEmpty() ? abstractText : title + "\n" + abstractText;
    }

    /** All text inside the current element, inline markup such as {@code <i>} included, whitespace collapsed. */
    private static String elementText(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(xml.getText());
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new XMLStreamException("undeclared entity &" + xml.getLocalName() + "; (entities are not expanded)");
                default -> {
                }
            }
        }
        return text.toString().replaceAll("\\s+", " ").strip();
    }
}
