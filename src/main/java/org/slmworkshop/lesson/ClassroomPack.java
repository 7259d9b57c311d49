package org.slmworkshop.lesson;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusEntry;
import org.slmworkshop.util.AtomicFiles;
import org.slmworkshop.util.Json;

/**
 * A classroom pack: one zip file ({@code .slmpack}) with a lessons folder, the checkpoints its lessons
 * open, the corpora they name by path and optionally one more corpus, and a manifest ({@code slmpack.json})
 * that lists every entry with its size and SHA-256. The pack mirrors the folder above the lessons, so the
 * lessons' relative paths ({@code datasets/checkpoints/gpt-dickens.ckpt}) hold after import unchanged.
 * Reading and importing are in {@link PackReader}.
 */
public final class ClassroomPack {
    public static final String MANIFEST = "slmpack.json";
    public static final String FORMAT = "slm-workshop-classroom-pack";
    public static final int VERSION = 1;
    public static final String LESSONS = "lessons";
    public static final String CORPORA = "corpora";
    public static final String EXTENSION = ".slmpack";
    /** Every entry carries the same time, so the same folder always packs to the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private ClassroomPack() {}

    /** One file of the pack: its path inside the pack ('/'-separated), its size in bytes and its SHA-256 (hex). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String path, long size, String sha256) {}

    /**
     * What {@code slmpack.json} says.
     *
     * @param corpus the extra corpus's path inside the pack, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Manifest(String format, int version, String lessons, String corpus, List<Entry> entries) {
        public Manifest {
            entries = entries == null ? List.of() : List.copyOf(entries);
        }

        public long totalBytes() {
            return entries.stream().mapToLong(Entry::size).sum();
        }

        /** The lesson files (lessons/*.md except README.md and NOTATION.md, as {@link Lessons} reads them). */
        public List<String> lessonFiles() {
            return entries.stream().map(Entry::path)
                    .filter(p -> p.startsWith(LESSONS + "/") && p.indexOf('/', LESSONS.length() + 1) < 0)
                    .filter(p -> p.endsWith(".md") && !Lessons.NOT_LESSONS.contains(
                            p.substring(LESSONS.length() + 1).toUpperCase(java.util.Locale.ROOT))).toList();
        }
    }

    /**
     * How much a pack may hold: a pack is refused before anything is written when it lists more.
     * The defaults are far above a workshop's few lessons and checkpoints.
     */
    public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
        public static final Limits DEFAULT = new Limits(10_000, 2L << 30, 4L << 30);
    }

    /** A written pack and what is in it. */
    public record Exported(Path file, Manifest manifest, int lessons, List<String> checkpoints, List<String> corpora) {}

    /** Where a file of the pack comes from: a file on disk, or bytes (a shipped corpus read from the classpath). */
    private record Source(Path file, byte[] bytes) {
        InputStream open() throws IOException {
            return file != null ? Files.newInputStream(file) : new java.io.ByteArrayInputStream(bytes);
        }
    }

    /**
     * Packs {@code lessonsFolder} (every file in it, recursively, except hidden ones and other packs), every
     * checkpoint and corpus path its lessons name (relative to the folder above the lessons), and {@code corpus}
     * when not null (a shipped corpus id or a file or folder) under {@code corpora/}. Written atomically.
     * Lessons with problems are refused, so a pack always opens cleanly.
     */
    public static Exported export(Path lessonsFolder, String corpus, Path out) {
        Path folder = lessonsFolder.toAbsolutePath().normalize();
        Lessons.Loaded loaded = Lessons.load(folder);
        if (!loaded.ok()) {
            throw new PackException("the lessons in " + folder + " have " + loaded.problems().size() + " problem"
                    + (loaded.problems().size() == 1 ? "" : "s") + "; fix them first ('slm lessons check --dir " + folder + "'):\n"
                    + loaded.problems().stream().limit(5).map(Problem::toString).collect(Collectors.joining("\n")));
        }
        Path root = folder.getParent();
        Map<String, Source> files = new TreeMap<>();
        for (Path file : walk(folder)) {
            if (file.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) continue;
            add(files, LESSONS + "/" + slashed(folder.relativize(file)), new Source(file, null));
        }
        List<String> checkpoints = new ArrayList<>();
        List<String> corpora = new ArrayList<>();
        for (Lesson lesson : loaded.lessons()) {
            for (LabSettings lab : lesson.labs()) {
                if (lab.checkpoint() != null) {
                    String path = underRoot(root, lab.checkpoint(), lesson, "checkpoint");
                    if (!files.containsKey(path)) checkpoints.add(path);
                    add(files, path, new Source(root.resolve(path), null));
                }
                if (lab.corpus() != null && CorpusCatalog.standard().find(lab.corpus()).isEmpty()) {
                    String path = underRoot(root, lab.corpus(), lesson, "corpus");
                    if (!corpora.contains(path)) corpora.add(path);
                    Path source = root.resolve(path);
                    if (Files.isDirectory(source)) {
                        for (Path file : walk(source)) add(files, path + "/" + slashed(source.relativize(file)), new Source(file, null));
                    } else {
                        add(files, path, new Source(source, null));
                    }
                }
            }
        }
        String corpusEntry = corpus == null ? null : addCorpus(files, corpus);
        if (corpusEntry != null) corpora.add(corpusEntry);
        if (files.size() > Limits.DEFAULT.maxEntries()) {
            throw new PackException("the pack would hold " + files.size() + " files; a pack holds at most " + Limits.DEFAULT.maxEntries());
        }
        List<Entry> entries = new ArrayList<>();
        try {
            AtomicFiles.write(out, stream -> {
                try (ZipOutputStream zip = new ZipOutputStream(stream)) {
                    for (Map.Entry<String, Source> file : files.entrySet()) {
                        entries.add(write(zip, file.getKey(), file.getValue()));
                    }
                    Manifest manifest = new Manifest(FORMAT, VERSION, LESSONS, corpusEntry, entries);
                    byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
                    ZipEntry entry = new ZipEntry(MANIFEST);
                    entry.setTimeLocal(ENTRY_TIME);
                    zip.putNextEntry(entry);
                    zip.write(json);
                    zip.closeEntry();
                }
            });
        } catch (IOException e) {
            throw new PackException("could not write " + out + ": " + e.getMessage(), e);
        }
        Manifest manifest = new Manifest(FORMAT, VERSION, LESSONS, corpusEntry, entries);
        long total = manifest.totalBytes();
        if (total > Limits.DEFAULT.maxTotalBytes()) {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // the message below says what went wrong
            }
            throw new PackException(String.format("the pack would unpack to %,d bytes; a pack holds at most %,d", total,
                    Limits.DEFAULT.maxTotalBytes()));
        }
        return new Exported(out, manifest, loaded.lessons().size(), checkpoints, corpora);
    }

    private static Entry write(ZipOutputStream zip, String path, Source source) throws IOException {
        ZipEntry entry = new ZipEntry(path);
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        MessageDigest sha = sha256();
        long size;
        try (InputStream in = source.open()) {
            OutputStream counted = new DigestOutputStream(OutputStream.nullOutputStream(), sha);
            byte[] buffer = new byte[1 << 16];
            size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                zip.write(buffer, 0, n);
                counted.write(buffer, 0, n);
                size += n;
            }
        }
        zip.closeEntry();
        if (size > Limits.DEFAULT.maxEntryBytes()) {
            throw new PackException(String.format("%s is %,d bytes; a file in a pack may have at most %,d", path, size,
                    Limits.DEFAULT.maxEntryBytes()));
        }
        return new Entry(path, size, HexFormat.of().formatHex(sha.digest()));
    }

    /** The extra corpus: a shipped corpus's text as the manifest's resource, or a file or folder, under corpora/. */
    private static String addCorpus(Map<String, Source> files, String corpus) {
        java.util.Optional<CorpusEntry> shipped = CorpusCatalog.standard().find(corpus);
        if (shipped.isPresent()) {
            String resource = shipped.get().resource();
            try (InputStream in = ClassroomPack.class.getResourceAsStream(resource)) {
                if (in == null) throw new PackException("the shipped corpus '" + corpus + "' is not on the classpath (" + resource + ")");
                String path = CORPORA + "/" + resource.substring(resource.lastIndexOf('/') + 1);
                add(files, path, new Source(null, in.readAllBytes()));
                return path;
            } catch (IOException e) {
                throw new PackException("cannot read the shipped corpus '" + corpus + "': " + e.getMessage(), e);
            }
        }
        Path source = Path.of(corpus).toAbsolutePath().normalize();
        if (!Files.exists(source)) {
            throw new PackException("corpus " + corpus + ": no such file or folder, and not a shipped corpus id either (known: "
                    + CorpusCatalog.standard().entries().stream().map(CorpusEntry::id).collect(Collectors.joining(", ")) + ")");
        }
        String path = CORPORA + "/" + source.getFileName();
        if (Files.isDirectory(source)) {
            for (Path file : walk(source)) add(files, path + "/" + slashed(source.relativize(file)), new Source(file, null));
        } else {
            add(files, path, new Source(source, null));
        }
        return path;
    }

    /** A lesson's relative path, checked to stay inside the folder above the lessons, '/'-separated. */
    private static String underRoot(Path root, String given, Lesson lesson, String what) {
        Path resolved = root.resolve(given).normalize();
        if (Path.of(given).isAbsolute() || !resolved.startsWith(root) || resolved.equals(root)) {
            throw new PackException("lesson " + lesson.file().getFileName() + " names the " + what + " " + given
                    + ", which is outside " + root + "; a pack holds only paths relative to the folder above the lessons");
        }
        if (!Files.exists(resolved)) {
            throw new PackException("lesson " + lesson.file().getFileName() + " names the " + what + " " + given + ", which does not exist");
        }
        String path = slashed(root.relativize(resolved));
        if (path.equals(MANIFEST)) throw new PackException("lesson " + lesson.file().getFileName() + ": " + MANIFEST + " is the pack's own file");
        return path;
    }

    private static void add(Map<String, Source> files, String path, Source source) {
        Source before = files.putIfAbsent(path, source);
        if (before != null && !(before.file() != null && source.file() != null
                && before.file().toAbsolutePath().normalize().equals(source.file().toAbsolutePath().normalize()))) {
            throw new PackException("two different files would be packed as " + path);
        }
    }

    /** Regular files under {@code folder}, sorted, leaving out hidden ones (editors' and our own temp files) and packs. */
    private static List<Path> walk(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> folder.relativize(p).toString().chars().noneMatch(c -> c == 0))
                    .filter(p -> { // no hidden file or folder on the way down
                        for (Path part : folder.relativize(p)) if (part.toString().startsWith(".")) return false;
                        return true;
                    })
                    .filter(p -> !p.getFileName().toString().endsWith(EXTENSION))
                    .sorted().toList();
        } catch (IOException e) {
            throw new PackException("cannot read " + folder + ": " + e.getMessage(), e);
        }
    }

    static String slashed(Path relative) {
        List<String> parts = new ArrayList<>();
        for (Path part : relative) parts.add(part.toString());
        return String.join("/", parts);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
