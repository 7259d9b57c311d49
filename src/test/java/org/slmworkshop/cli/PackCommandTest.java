package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackCommandTest {
    @TempDir
    Path temp;

    @Test
    void theShippedLessonsExportVerifyAndImportFromTheCommandLine() throws Exception {
        Path pack = temp.resolve("workshop.slmpack");
        CliRun.Result exported = CliRun.main("pack", "export", "--lessons", "lessons", "--out", pack.toString(), "--corpus", "macbeth");
        assertEquals(0, exported.exitCode(), exported.err());
        assertTrue(exported.out().startsWith("wrote " + pack + ": 11 lessons, "), exported.out());
        assertTrue(exported.out().contains("  checkpoint datasets/checkpoints/gpt-dickens.ckpt"), exported.out());
        assertTrue(exported.out().contains("  corpus     corpora/shakes.txt"), exported.out());

        CliRun.Result verified = CliRun.main("pack", "verify", pack.toString());
        assertEquals(0, verified.exitCode(), verified.err());
        assertTrue(verified.out().startsWith("ok  " + pack + ": 11 lessons, "), verified.out());

        Path into = temp.resolve("class");
        CliRun.Result imported = CliRun.main("pack", "import", pack.toString(), "--into", into.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("lessons: " + into.resolve("lessons")), imported.out());
        assertArrayEquals(Files.readAllBytes(Path.of("datasets/checkpoints/gpt-dickens.ckpt")),
                Files.readAllBytes(into.resolve("datasets/checkpoints/gpt-dickens.ckpt")));
        assertArrayEquals(Files.readAllBytes(Path.of("lessons/06-the-gpt.md")), Files.readAllBytes(into.resolve("lessons/06-the-gpt.md")));
        assertEquals(0, CliRun.main("lessons", "check", "--dir", into.resolve("lessons").toString()).exitCode());

        CliRun.Result again = CliRun.main("pack", "import", pack.toString(), "--into", into.toString());
        assertEquals(1, again.exitCode());
        assertEquals("error: " + into + " already exists and is not empty; choose a new folder (or replace it)", again.err().strip());

        Path text = Files.writeString(temp.resolve("notes.slmpack"), "not a zip");
        CliRun.Result refused = CliRun.main("pack", "import", text.toString(), "--into", temp.resolve("other").toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().startsWith("error: notes.slmpack is not a classroom pack"), refused.err());
        assertFalse(Files.exists(temp.resolve("other")));
    }
}
