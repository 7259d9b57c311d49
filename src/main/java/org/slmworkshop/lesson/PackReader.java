package org.slmworkshop.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slmworkshop.lesson.ClassroomPack.Entry;
import org.slmworkshop.lesson.ClassroomPack.Limits;
import org.slmworkshop.lesson.ClassroomPack.Manifest;
import org.slmworkshop.util.Json;

/**
 * Checks and unpacks a classroom pack. Every entry name is checked before anything is written (none may
 * leave the target folder), every file is hashed against the manifest while it is read, and sizes are
 * counted as the bytes arrive rather than trusted from the zip. An import unpacks into a temp folder
 * beside the target and moves it into place only when all of it checked out, so a refused pack changes nothing.
 */
public final class PackReader {
    private static final long MAX_MANIFEST_BYTES = 4L << 20;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private PackReader() {}

    /** An unpacked pack: the folder it went to and its lessons folder (what the app opens). */
    public record Imported(Path root, Path lessonsFolder, Manifest manifest) {
        /** The pack's extra corpus on disk, or null. */
        public Path corpus() {
            return manifest.corpus() == null ? null : root.resolve(manifest.corpus());
        }
    }

    /** Reads and hashes every entry of {@code pack}; writes nothing. Throws {@link PackException} with the reason. */
    public static Manifest verify(Path pack) {
        return verify(pack, Limits.DEFAULT);
    }

    public static Manifest verify(Path pack, Limits limits) {
        return read(pack, limits, null);
    }

    public static Imported importInto(Path pack, Path into, boolean replace) {
        return importInto(pack, into, replace, Limits.DEFAULT);
    }

    /**
     * Unpacks {@code pack} into {@code into} (its lessons in {@code into/lessons}). An existing non-empty
     * {@code into} is refused unless {@code replace}; then it is swapped out only after the new one checked out.
     */
    public static Imported importInto(Path pack, Path into, boolean replace, Limits limits) {
        Path target = into.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) throw new PackException(target + " is a file, not a folder");
        if (!replace && !isEmptyOrMissing(target)) {
            throw new PackException(target + " already exists and is not empty; choose a new folder (or replace it)");
        }
        Path parent = target.getParent();
        Path temp;
        try {
            Files.createDirectories(parent);
            temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".unpacking-");
        } catch (IOException e) {
            throw new PackException("cannot create a folder in " + parent + ": " + e.getMessage(), e);
        }
        Manifest manifest;
        try {
            manifest = read(pack, limits, temp);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        try {
            moveIntoPlace(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new PackException("the pack checked out but could not be moved to " + target + ": " + e.getMessage(), e);
        }
        return new Imported(target, target.resolve(manifest.lessons()), manifest);
    }

    /** Renames the checked folder over the target; an old target is renamed aside first and deleted last. */
    private static void moveIntoPlace(Path checked, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            if (isEmptyOrMissing(target)) {
                Files.delete(target);
            } else {
                old = target.resolveSibling("." + target.getFileName() + ".replaced-" + System.nanoTime());
                move(target, old);
            }
        }
        try {
            move(checked, target);
        } catch (IOException e) {
            if (old != null) move(old, target);   // put the previous one back
            throw e;
        }
        if (old != null) deleteQuietly(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static Manifest read(Path pack, Limits limits, Path target) {
        String name = pack.getFileName().toString();
        if (!Files.isRegularFile(pack)) throw new PackException("file not found: " + pack);
        try (ZipFile zip = new ZipFile(pack.toFile())) {
            List<ZipEntry> files = new ArrayList<>();
            Map<String, ZipEntry> byName = new HashMap<>();
            int count = 0;
            for (var all = zip.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                if (++count > limits.maxEntries() + 1) {
                    throw new PackException(name + " has more than " + limits.maxEntries() + " entries; the pack is refused");
                }
                checkName(entry.getName());
                if (entry.isDirectory()) continue;
                if (byName.put(entry.getName(), entry) != null) {
                    throw new PackException(name + " holds the entry '" + entry.getName() + "' twice; the pack is refused");
                }
                if (!entry.getName().equals(ClassroomPack.MANIFEST)) files.add(entry);
            }
            ZipEntry manifestEntry = byName.get(ClassroomPack.MANIFEST);
            if (manifestEntry == null) {
                throw new PackException(name + " is not a classroom pack: it is a zip file without " + ClassroomPack.MANIFEST
                        + " (a pack is made with File ▸ Export classroom pack… or 'slm pack export')");
            }
            Manifest manifest = manifest(zip, manifestEntry, name);
            Map<String, Entry> listed = checkManifest(manifest, limits, name);
            for (ZipEntry file : files) {
                if (!listed.containsKey(file.getName())) {
                    throw new PackException("entry '" + file.getName() + "' is not listed in the manifest of " + name
                            + "; the pack was changed after it was made and is refused");
                }
            }
            for (Entry entry : listed.values()) {
                ZipEntry file = byName.get(entry.path());
                if (file == null) throw new PackException("entry '" + entry.path() + "' is listed in the manifest but missing from " + name);
                copyChecked(zip, file, entry, target);
            }
            return manifest;
        } catch (ZipException e) {
            throw new PackException(name + " is not a classroom pack: it is not a readable zip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new PackException("cannot read " + pack + ": " + e.getMessage(), e);
        }
    }

    private static Manifest manifest(ZipFile zip, ZipEntry entry, String name) throws IOException {
        byte[] json;
        try (InputStream in = zip.getInputStream(entry)) {
            json = in.readNBytes((int) MAX_MANIFEST_BYTES + 1);
        } catch (ZipException e) {
            throw new PackException("the manifest of " + name + " is damaged: " + e.getMessage(), e);
        }
        if (json.length > MAX_MANIFEST_BYTES) throw new PackException("the manifest of " + name + " is too large; the pack is refused");
        Manifest manifest;
        try {
            manifest = Json.MAPPER.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new PackException("the manifest of " + name + " is not readable: " + e.getMessage(), e);
        }
        if (!ClassroomPack.FORMAT.equals(manifest.format())) {
            throw new PackException(name + " is not a classroom pack: its " + ClassroomPack.MANIFEST + " says format '"
                    + manifest.format() + "', not '" + ClassroomPack.FORMAT + "'");
        }
        if (manifest.version() > ClassroomPack.VERSION || manifest.version() < 1) {
            throw new PackException(name + " is a classroom pack of version " + manifest.version() + "; this SLM Workshop reads version "
                    + ClassroomPack.VERSION + " (update the app)");
        }
        return manifest;
    }

    /** The manifest's entries by path, after checking names, sizes, hashes, limits and that it has lessons. */
    private static Map<String, Entry> checkManifest(Manifest manifest, Limits limits, String name) {
        if (!ClassroomPack.LESSONS.equals(manifest.lessons())) {
            throw new PackException("the manifest of " + name + " names the lessons folder '" + manifest.lessons() + "', not 'lessons'");
        }
        if (manifest.entries().size() > limits.maxEntries()) {
            throw new PackException(name + " lists " + manifest.entries().size() + " files; a pack holds at most " + limits.maxEntries());
        }
        Map<String, Entry> listed = new LinkedHashMap<>();
        long total = 0;
        for (Entry entry : manifest.entries()) {
            if (entry == null || entry.path() == null) throw new PackException("the manifest of " + name + " has an entry without a path");
            checkName(entry.path());
            if (entry.path().equals(ClassroomPack.MANIFEST)) throw new PackException("the manifest of " + name + " lists itself");
            if (listed.put(entry.path(), entry) != null) throw new PackException("the manifest of " + name + " lists '" + entry.path() + "' twice");
            if (entry.sha256() == null || !SHA256.matcher(entry.sha256()).matches()) {
                throw new PackException("the manifest of " + name + " has no valid SHA-256 for '" + entry.path() + "'");
            }
            if (entry.size() < 0) throw new PackException("the manifest of " + name + " gives '" + entry.path() + "' a negative size");
            if (entry.size() > limits.maxEntryBytes()) {
                throw new PackException(String.format("entry '%s' is %,d bytes; a file in a pack may have at most %,d; the pack is refused",
                        entry.path(), entry.size(), limits.maxEntryBytes()));
            }
            total += entry.size();
        }
        if (total > limits.maxTotalBytes()) {
            throw new PackException(String.format("%s unpacks to %,d bytes; a pack may hold at most %,d; the pack is refused",
                    name, total, limits.maxTotalBytes()));
        }
        if (manifest.corpus() != null && listed.keySet().stream().noneMatch(p -> p.equals(manifest.corpus())
                || p.startsWith(manifest.corpus() + "/"))) {
            throw new PackException("the manifest of " + name + " names the corpus '" + manifest.corpus() + "', which it does not hold");
        }
        if (manifest.lessonFiles().isEmpty()) throw new PackException(name + " holds no lesson files (lessons/*.md)");
        return listed;
    }

    /**
     * Zip-slip and friends: a pack path is relative, '/'-separated, without '.', '..' or empty parts,
     * backslashes, drive letters or control characters, so it can only name a place inside the target.
     */
    static void checkName(String path) {
        boolean bad = path.isEmpty() || path.length() > 1024 || path.startsWith("/") || path.contains("\\")
                || path.contains(":") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        if (!bad) {
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            for (String part : trimmed.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) bad = true;
            }
        }
        if (bad) {
            throw new PackException("entry '" + path + "' would be written outside the pack's folder (or has an unsafe name); the pack is refused");
        }
    }

    /** Reads one entry, counting and hashing its bytes, and writes it under {@code target} when that is not null. */
    private static void copyChecked(ZipFile zip, ZipEntry file, Entry entry, Path target) throws IOException {
        MessageDigest sha = ClassroomPack.sha256();
        long size = 0;
        Path out = null;
        if (target != null) {
            out = target.resolve(entry.path()).normalize();
            if (!out.startsWith(target)) throw new PackException("entry '" + entry.path() + "' would be written outside " + target);
            Files.createDirectories(out.getParent());
        }
        try (InputStream in = zip.getInputStream(file);
             OutputStream sink = out == null ? OutputStream.nullOutputStream() : Files.newOutputStream(out)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > entry.size()) {
                    throw new PackException("entry '" + entry.path() + "' is damaged: it holds more than the " + entry.size()
                            + " bytes the manifest records");
                }
                sha.update(buffer, 0, n);
                sink.write(buffer, 0, n);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new PackException("entry '" + entry.path() + "' is damaged: its compressed bytes do not unpack (" + e.getMessage() + ")", e);
        }
        if (size != entry.size()) {
            throw new PackException("entry '" + entry.path() + "' is damaged: it holds " + size + " bytes, the manifest records " + entry.size());
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(entry.sha256())) {
            throw new PackException("entry '" + entry.path() + "' is damaged: its SHA-256 is " + actual.substring(0, 12)
                    + "…, the manifest records " + entry.sha256().substring(0, 12) + "…");
        }
    }

    private static boolean isEmptyOrMissing(Path folder) {
        if (!Files.exists(folder)) return true;
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // a leftover hidden temp folder is harmless
                }
            });
        } catch (IOException ignored) {
            // nothing to delete
        }
    }
}
