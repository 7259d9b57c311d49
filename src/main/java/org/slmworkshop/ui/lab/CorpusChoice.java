package org.slmworkshop.ui.lab;

import java.nio.file.Path;
import org.slmworkshop.text.CorpusEntry;

/**
 * A corpus the learner can pick: a shipped one (by manifest id) or a file or folder they imported.
 *
 * @param key         what {@link org.slmworkshop.text.CorpusCatalog#load} takes: the id or the absolute path
 * @param description what it is and where it may be used (the manifest's title and licence, or the path)
 */
public record CorpusChoice(String key, String name, String description, boolean imported) {

    public static CorpusChoice shipped(CorpusEntry entry) {
        return new CorpusChoice(entry.id(), entry.id() + " · " + entry.title(),
                entry.title() + ". " + entry.licence() + ".", false);
    }

    public static CorpusChoice imported(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String name = absolute.getFileName() == null ? absolute.toString() : absolute.getFileName().toString();
        return new CorpusChoice(absolute.toString(), name + " (imported)", "Imported from " + absolute + ".", true);
    }

    @Override
    public String toString() {
        return name;
    }
}
