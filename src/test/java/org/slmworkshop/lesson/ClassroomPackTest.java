package org.slmworkshop.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassroomPackTest {
    @TempDir
    Path temp;
    Path root;
    Path lessons;

    static final String LESSON = """
            ---
            title: The class GPT
            labs:
              - lab: training
                corpus: class-corpus/tiny.txt
                model: gpt
                hyperparameters: {steps: 40, lr: 0.001, seed: 7}
                locked: [steps, lr, seed]
              - lab: stepper
                checkpoint: datasets/checkpoints/class.ckpt
            exercises:
              - id: one
                question: One?
                answer: {kind: number, value: 1, tolerance: 0.1}
              - id: two
                question: Two?
                answer: {kind: choice, options: [a, b], correct: 1}
            ---
            # The class GPT

            Text.
            """;

    @BeforeEach
    void makeLessonsFolder() throws IOException {
        root = Files.createDirectories(temp.resolve("course"));
        lessons = Files.createDirectories(root.resolve("lessons"));
        Files.writeString(lessons.resolve("01-class.md"), LESSON);
        Files.writeString(lessons.resolve("README.md"), "How to use these lessons.\n");
        Files.createDirectories(lessons.resolve("figures"));
        Files.write(lessons.resolve("figures/plot.svg"), "<svg/>".getBytes(StandardCharsets.UTF_8));
        Files.writeString(lessons.resolve(".01-class.md.swp"), "an editor's swap file");
        Files.createDirectories(root.resolve("datasets/checkpoints"));
        Files.copy(Path.of("datasets/checkpoints/gpt-dickens.ckpt"), root.resolve("datasets/checkpoints/class.ckpt"));
        Files.createDirectories(root.resolve("class-corpus"));
        Files.writeString(root.resolve("class-corpus/tiny.txt"), "the cat sat on the mat. ".repeat(200));
    }

    private static Map<String, byte[]> files(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) files.put(ClassroomPack.slashed(folder.relativize(p)), Files.readAllBytes(p));
        }
        return files;
    }

    @Test
    void aPackRoundTripsByteForByteAndPacksAgainToTheSameBytes() throws Exception {
        Path extra = Files.writeString(temp.resolve("extra.txt"), "a corpus for the whole class\n");
        Path pack = temp.resolve("class.slmpack");
        ClassroomPack.Exported exported = ClassroomPack.export(lessons, extra.toString(), pack);
        assertEquals(1, exported.lessons());
        assertEquals(List.of("datasets/checkpoints/class.ckpt"), exported.checkpoints());
        assertEquals(List.of("class-corpus/tiny.txt", "corpora/extra.txt"), exported.corpora());
        List<String> paths = exported.manifest().entries().stream().map(ClassroomPack.Entry::path).toList();
        assertEquals(List.of("class-corpus/tiny.txt", "corpora/extra.txt", "datasets/checkpoints/class.ckpt",
                "lessons/01-class.md", "lessons/README.md", "lessons/figures/plot.svg"), paths, "the swap file stays out");
        byte[] lesson = Files.readAllBytes(lessons.resolve("01-class.md"));
        ClassroomPack.Entry lessonEntry = exported.manifest().entries().get(3);
        assertEquals(lesson.length, lessonEntry.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lesson)), lessonEntry.sha256());

        PackReader.Imported imported = PackReader.importInto(pack, temp.resolve("unpacked"), false);
        Map<String, byte[]> expected = files(root);
        expected.remove("lessons/.01-class.md.swp");
        expected.put("corpora/extra.txt", Files.readAllBytes(extra));
        Map<String, byte[]> actual = files(imported.root());
        assertEquals(expected.keySet(), actual.keySet());
        for (String path : expected.keySet()) assertArrayEquals(expected.get(path), actual.get(path), path);
        assertEquals(temp.resolve("unpacked/corpora/extra.txt"), imported.corpus());

        Lessons.Loaded reopened = Lessons.load(imported.lessonsFolder());
        assertTrue(reopened.ok(), "the unpacked lessons find their checkpoint and corpus: " + reopened.problems());
        assertEquals(List.of("steps", "lr", "seed"), reopened.lessons().get(0).labs().get(0).locked());

        Path again = temp.resolve("again.slmpack");
        ClassroomPack.export(imported.lessonsFolder(), imported.corpus().toString(), again);
        assertArrayEquals(Files.readAllBytes(pack), Files.readAllBytes(again), "the same folder packs to the same bytes");
        assertEquals(exported.manifest(), PackReader.verify(again));
    }

    /** The offset of an entry's (compressed) data in a zip file: after its local header, name and extra field. */
    private static int dataOffset(byte[] zip, String name) {
        byte[] needle = name.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 30; i < zip.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (zip[i + j] != needle[j]) continue outer;
            int header = i - 30;
            if (zip[header] != 'P' || zip[header + 1] != 'K' || zip[header + 2] != 3 || zip[header + 3] != 4) continue;
            int extra = (zip[header + 28] & 0xff) | (zip[header + 29] & 0xff) << 8;
            return i + needle.length + extra;
        }
        throw new AssertionError(name + " not found");
    }

    @Test
    void aFlippedByteIsRefusedNamingTheEntryAndNothingChanges() throws Exception {
        Path pack = temp.resolve("class.slmpack");
        ClassroomPack.export(lessons, null, pack);
        byte[] bytes = Files.readAllBytes(pack);
        bytes[dataOffset(bytes, "lessons/01-class.md") + 10] ^= 0x01;
        Files.write(pack, bytes);

        Path current = Files.createDirectories(temp.resolve("current"));
        Files.createDirectories(current.resolve("lessons"));
        Files.writeString(current.resolve("lessons/01-mine.md"), "the lessons in use");
        Map<String, byte[]> before = files(temp);

        PackException refused = assertThrows(PackException.class, () -> PackReader.importInto(pack, current, true));
        assertTrue(refused.getMessage().startsWith("entry 'lessons/01-class.md' is damaged"), refused.getMessage());
        Map<String, byte[]> after = files(temp);
        assertEquals(before.keySet(), after.keySet(), "no file added or removed, no temp folder left");
        for (String path : before.keySet()) assertArrayEquals(before.get(path), after.get(path), path);
        try (Stream<Path> listing = Files.list(temp)) {
            assertEquals(List.of("class.slmpack", "course", "current"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
        PackException verified = assertThrows(PackException.class, () -> PackReader.verify(pack));
        assertEquals(refused.getMessage(), verified.getMessage());
    }

    @Test
    void aFileChangedInsideAValidZipIsCaughtByItsSha256() throws Exception {
        Path pack = temp.resolve("class.slmpack");
        ClassroomPack.Exported exported = ClassroomPack.export(lessons, null, pack);
        // a well-formed zip with the same manifest, where one lesson says something else in as many bytes
        Map<String, byte[]> entries = new TreeMap<>(files(root));
        entries.remove("lessons/.01-class.md.swp");
        String text = new String(entries.get("lessons/README.md"), StandardCharsets.UTF_8);
        entries.put("lessons/README.md", text.replace("How", "Who").getBytes(StandardCharsets.UTF_8));
        entries.put(ClassroomPack.MANIFEST, org.slmworkshop.util.Json.MAPPER.writeValueAsBytes(exported.manifest()));
        Path forged = zip(temp.resolve("forged.slmpack"), entries);
        PackException refused = assertThrows(PackException.class, () -> PackReader.verify(forged));
        assertTrue(refused.getMessage().startsWith("entry 'lessons/README.md' is damaged: its SHA-256 is "), refused.getMessage());
    }

    private static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private static String manifest(String... pathAndContent) throws Exception {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < pathAndContent.length; i += 2) {
            byte[] bytes = pathAndContent[i + 1].getBytes(StandardCharsets.UTF_8);
            if (entries.length() > 0) entries.append(',');
            entries.append(String.format("{\"path\":\"%s\",\"size\":%d,\"sha256\":\"%s\"}", pathAndContent[i], bytes.length,
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))));
        }
        return "{\"format\":\"" + ClassroomPack.FORMAT + "\",\"version\":1,\"lessons\":\"lessons\",\"entries\":[" + entries + "]}";
    }

    @Test
    void aForeignZipAndAFileThatIsNoZipAreRefused() throws Exception {
        Path foreign = zip(temp.resolve("photos.zip"), Map.of("holiday.txt", "sun".getBytes(StandardCharsets.UTF_8)));
        PackException noManifest = assertThrows(PackException.class, () -> PackReader.importInto(foreign, temp.resolve("a"), false));
        assertEquals("photos.zip is not a classroom pack: it is a zip file without slmpack.json (a pack is made with "
                + "File ▸ Export classroom pack… or 'slm pack export')", noManifest.getMessage());
        Path otherFormat = zip(temp.resolve("other.zip"), Map.of(ClassroomPack.MANIFEST,
                "{\"format\":\"something-else\",\"version\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("other.zip is not a classroom pack: its slmpack.json says format 'something-else', not '"
                + ClassroomPack.FORMAT + "'", assertThrows(PackException.class, () -> PackReader.verify(otherFormat)).getMessage());
        Path text = Files.writeString(temp.resolve("notes.slmpack"), "just some notes");
        PackException notZip = assertThrows(PackException.class, () -> PackReader.verify(text));
        assertTrue(notZip.getMessage().startsWith("notes.slmpack is not a classroom pack: it is not a readable zip file"), notZip.getMessage());
        assertFalse(Files.exists(temp.resolve("a")));
    }

    @Test
    void anEntryThatWouldEscapeTheTargetIsRefusedBeforeAnythingIsWritten() throws Exception {
        for (String evil : List.of("../evil.md", "lessons/../../evil.md", "/tmp/evil.md", "lessons\\..\\..\\evil.md", "C:evil.md")) {
            Map<String, byte[]> entries = new TreeMap<>();
            entries.put("lessons/01-a.md", "lesson".getBytes(StandardCharsets.UTF_8));
            entries.put(evil, "gotcha".getBytes(StandardCharsets.UTF_8));
            entries.put(ClassroomPack.MANIFEST, manifest("lessons/01-a.md", "lesson", evil.replace("\\", "\\\\"), "gotcha")
                    .getBytes(StandardCharsets.UTF_8));
            Path pack = zip(temp.resolve("slip.slmpack"), entries);
            Path into = temp.resolve("deep/into");
            PackException refused = assertThrows(PackException.class, () -> PackReader.importInto(pack, into, false), evil);
            assertEquals("entry '" + evil + "' would be written outside the pack's folder (or has an unsafe name); the pack is refused",
                    refused.getMessage());
            assertFalse(Files.exists(temp.resolve("evil.md")));
            assertFalse(Files.exists(temp.resolve("deep/evil.md")));
            assertFalse(Files.exists(into));
        }
    }

    @Test
    void packsOverTheLimitsAndUnlistedEntriesAreRefused() throws Exception {
        Path pack = temp.resolve("class.slmpack");
        ClassroomPack.Exported exported = ClassroomPack.export(lessons, null, pack);
        long total = exported.manifest().totalBytes();
        PackException tooBig = assertThrows(PackException.class,
                () -> PackReader.verify(pack, new ClassroomPack.Limits(100, 1L << 30, total - 1)));
        assertEquals(String.format("class.slmpack unpacks to %,d bytes; a pack may hold at most %,d; the pack is refused", total, total - 1),
                tooBig.getMessage());
        PackException tooMany = assertThrows(PackException.class, () -> PackReader.verify(pack, new ClassroomPack.Limits(3, 1L << 30, 1L << 32)));
        assertTrue(tooMany.getMessage().startsWith("class.slmpack has more than 3 entries"), tooMany.getMessage());

        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("lessons/01-a.md", "lesson".getBytes(StandardCharsets.UTF_8));
        entries.put("lessons/extra.md", "smuggled".getBytes(StandardCharsets.UTF_8));
        entries.put(ClassroomPack.MANIFEST, manifest("lessons/01-a.md", "lesson").getBytes(StandardCharsets.UTF_8));
        Path smuggled = zip(temp.resolve("smuggled.slmpack"), entries);
        assertEquals("entry 'lessons/extra.md' is not listed in the manifest of smuggled.slmpack; the pack was changed after it was made "
                + "and is refused", assertThrows(PackException.class, () -> PackReader.verify(smuggled)).getMessage());
    }

    @Test
    void anExistingFolderIsReplacedOnlyWhenAskedAndOnlyByAGoodPack() throws Exception {
        Path pack = temp.resolve("class.slmpack");
        ClassroomPack.export(lessons, null, pack);
        Path into = Files.createDirectories(temp.resolve("class"));
        Files.writeString(into.resolve("old.txt"), "the previous import");
        PackException busy = assertThrows(PackException.class, () -> PackReader.importInto(pack, into, false));
        assertTrue(busy.getMessage().endsWith("already exists and is not empty; choose a new folder (or replace it)"), busy.getMessage());
        assertEquals("the previous import", Files.readString(into.resolve("old.txt")));
        PackReader.Imported imported = PackReader.importInto(pack, into, true);
        assertFalse(Files.exists(into.resolve("old.txt")));
        assertArrayEquals(Files.readAllBytes(lessons.resolve("01-class.md")), Files.readAllBytes(imported.lessonsFolder().resolve("01-class.md")));
        try (Stream<Path> listing = Files.list(temp)) {
            assertEquals(List.of("class", "class.slmpack", "course"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void lessonsWithProblemsOrPathsOutsideTheirFolderAreNotPacked() throws Exception {
        Files.writeString(lessons.resolve("01-class.md"), LESSON.replace("datasets/checkpoints/class.ckpt", "../outside.ckpt"));
        Files.copy(root.resolve("datasets/checkpoints/class.ckpt"), temp.resolve("outside.ckpt"));
        PackException outside = assertThrows(PackException.class, () -> ClassroomPack.export(lessons, null, temp.resolve("x.slmpack")));
        assertTrue(outside.getMessage().startsWith("lesson 01-class.md names the checkpoint ../outside.ckpt, which is outside "), outside.getMessage());
        Files.writeString(lessons.resolve("01-class.md"), LESSON.replace("locked: [steps, lr, seed]", "locked: [steps, speed]"));
        PackException broken = assertThrows(PackException.class, () -> ClassroomPack.export(lessons, null, temp.resolve("x.slmpack")));
        assertTrue(broken.getMessage().contains("01-class.md:8: cannot lock 'speed'"), broken.getMessage());
        assertFalse(Files.exists(temp.resolve("x.slmpack")));
    }
}
