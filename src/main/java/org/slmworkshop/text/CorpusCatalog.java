package org.slmworkshop.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The corpora the workshop ships ({@code /datasets/manifest.json} on the classpath) and the
 * single entry point for loading a corpus by manifest id or from a file or folder.
 */
public final class CorpusCatalog {
    public static final String MANIFEST_RESOURCE = "/datasets/manifest.json";

    private final String defaultId;
    private final List<CorpusEntry> entries;

    public CorpusCatalog(String defaultId, List<CorpusEntry> entries) {
        this.entries = List.copyOf(entries);
        this.defaultId = defaultId;
        if (find(defaultId).isEmpty()) {
            throw new IllegalArgumentException("default corpus '" + defaultId + "' is not in the manifest");
        }
    }

    /** The catalogue read from the manifest on the classpath. */
    public static CorpusCatalog standard() {
        return Holder.STANDARD;
    }

    /** Loads a manifest id ("dickens") or a path to a file or folder, with the standard catalogue. */
    public static Corpus load(String idOrPath) {
        return standard().corpus(idOrPath);
    }

    public List<CorpusEntry> entries() {
        return entries;
    }

    public CorpusEntry defaultEntry() {
        return find(defaultId).orElseThrow();
    }

    public Optional<CorpusEntry> find(String id) {
        return entries.stream().filter(entry -> entry.id().equals(id)).findFirst();
    }

    /** A manifest corpus when {@code idOrPath} is an id, otherwise the file or folder at that path. */
    public Corpus corpus(String idOrPath) {
        Optional<CorpusEntry> entry = find(idOrPath);
        if (entry.isPresent()) return load(entry.get());
        Path path = Path.of(idOrPath);
        if (!Files.exists(path)) {
            throw new CorpusException(path + ": file not found, and '" + idOrPath
                    + "' is not a corpus id either (known: " + ids() + ")");
        }
        return CorpusFiles.load(path);
    }

    /** Loads a shipped corpus and checks it against the checksum the manifest records. */
    public Corpus load(CorpusEntry entry) {
        byte[] bytes;
        try (InputStream in = CorpusCatalog.class.getResourceAsStream(entry.resource())) {
            if (in == null) {
                throw new CorpusException("corpus '" + entry.id() + "': resource " + entry.resource()
                        + " is not on the classpath (run 'mvn generate-resources' to unpack " + entry.artifact() + ")");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new CorpusException("corpus '" + entry.id() + "': cannot read " + entry.resource(), e);
        }
        Path name = Path.of(entry.resource().substring(1));
        String text = TextFiles.decode(bytes, name);
        Corpus corpus = Corpus.of(entry.id(), entry.title(), entry.source(), entry.format().documents(text, name));
        if (!corpus.sha256().equals(entry.sha256())) {
            throw new CorpusException("corpus '" + entry.id() + "': SHA-256 of the cleaned text is " + corpus.sha256()
                    + " but the manifest records " + entry.sha256() + " (did the artifact or the reader change?)");
        }
        return corpus;
    }

    /** Parses a manifest; see datasets/README.md for the fields. */
    public static CorpusCatalog read(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        List<CorpusEntry> entries = new ArrayList<>();
        for (JsonNode node : root.path("corpora")) {
            JsonNode source = node.path("source");
            JsonNode split = node.path("split");
            entries.add(new CorpusEntry(
                    node.path("id").asText(), node.path("title").asText(),
                    source.path("artifact").asText(), source.path("path").asText(), source.path("resource").asText(),
                    node.path("licence").asText(), CorpusFormat.fromId(node.path("format").asText()),
                    node.path("documents").asInt(), node.path("characters").asLong(),
                    node.path("sha256").asText(), node.path("tokenizer").asText(),
                    new SplitSpec(split.path("train").asDouble(), split.path("validation").asDouble(),
                            SplitMode.valueOf(split.path("mode").asText()), split.path("seed").asLong())));
        }
        return new CorpusCatalog(root.path("default").asText(), entries);
    }

    private String ids() {
        return String.join(", ", entries.stream().map(CorpusEntry::id).toList());
    }

    /** Reads the manifest once, on first use. */
    private static final class Holder {
        static final CorpusCatalog STANDARD = readStandard();

        private static CorpusCatalog readStandard() {
            try (InputStream in = CorpusCatalog.class.getResourceAsStream(MANIFEST_RESOURCE)) {
                if (in == null) throw new IllegalStateException(MANIFEST_RESOURCE + " is not on the classpath");
                return read(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + MANIFEST_RESOURCE, e);
            }
        }
    }
}
