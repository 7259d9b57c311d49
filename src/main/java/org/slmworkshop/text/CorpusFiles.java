package org.slmworkshop.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads a user's corpus from one file, or from every supported file in a folder (in name order). */
public final class CorpusFiles {

    private CorpusFiles() {
    }

    public static Corpus load(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String id = idFor(absolute);
        if (Files.isDirectory(absolute)) {
            List<String> documents = new ArrayList<>();
            for (Path file : supportedFiles(absolute)) documents.addAll(documents(file));
            return Corpus.of(id, id, absolute.toString(), documents);
        }
        return Corpus.of(id, id, absolute.toString(), documents(absolute));
    }

    /** The documents in one file, after format detection. */
    public static List<String> documents(Path file) {
        String text = TextFiles.read(file);
        return CorpusFormat.detect(file, text).documents(text, file);
    }

    /** The format a file would be read as. */
    public static CorpusFormat detectFormat(Path file) {
        return CorpusFormat.detect(file, TextFiles.read(file));
    }

    private static List<Path> supportedFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> supported = files.filter(Files::isRegularFile).filter(CorpusFormat::looksSupported).sorted().toList();
            if (supported.isEmpty()) {
                throw CorpusException.forFile(folder, "no supported files in this folder (.txt, .raw, .xml, MEDLINE, .chunks)");
            }
            return supported;
        } catch (IOException e) {
            throw CorpusException.forFile(folder, "cannot list the folder (" + e.getMessage() + ")", e);
        }
    }

    /** The file or folder name without its extension, e.g. "wiki.train" for wiki.train.raw. */
    private static String idFor(Path path) {
        Path fileName = path.getFileName();
        if (fileName == null) return "corpus";
        String name = fileName.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && !Files.isDirectory(path) ? name.substring(0, dot) : name;
    }
}
