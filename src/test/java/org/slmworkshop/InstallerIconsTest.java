package org.slmworkshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The icons jpackage gives the macOS and Windows installers (jlink/build-installer): they cannot be built
 * here, so their files are checked as those systems read them: the .ico's directory of images and the
 * .icns's table of typed entries.
 */
class InstallerIconsTest {
    private static final Path ICONS = Path.of("resources/icons");

    @Test
    void theWindowsIconHoldsFiveSizesFrom16To256() throws IOException {
        ByteBuffer ico = ByteBuffer.wrap(Files.readAllBytes(ICONS.resolve("slm-workshop.ico"))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, ico.getShort(0), "reserved");
        assertEquals(1, ico.getShort(2), "type 1 is an icon");
        int count = ico.getShort(4);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int entry = 6 + 16 * i;
            int width = Byte.toUnsignedInt(ico.get(entry));
            sizes.add(width == 0 ? 256 : width);   // 0 means 256
            int bytes = ico.getInt(entry + 8), offset = ico.getInt(entry + 12);
            assertTrue(bytes > 0 && offset + bytes <= ico.capacity(), "image " + i + " lies inside the file");
        }
        assertEquals(List.of(256, 64, 48, 32, 16), sizes);
    }

    @Test
    void theMacIconHoldsItsTypedImagesAndItsLengthIsTheFiles() throws IOException {
        byte[] bytes = Files.readAllBytes(ICONS.resolve("slm-workshop.icns"));
        ByteBuffer icns = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        assertEquals("icns", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(bytes.length, icns.getInt(4), "the header's length");
        List<String> types = new ArrayList<>();
        for (int at = 8; at < bytes.length; ) {
            types.add(new String(bytes, at, 4, StandardCharsets.US_ASCII));
            int length = icns.getInt(at + 4);
            assertTrue(length > 8, "entry at " + at);
            at += length;
            assertTrue(at <= bytes.length, "entries end inside the file");
        }
        // 256 px (PNG), 128, 48, 32 and 16 px with their masks
        assertTrue(types.containsAll(List.of("ic08", "it32", "t8mk", "ih32", "h8mk", "il32", "l8mk", "is32", "s8mk")),
                types.toString());
    }

    @Test
    void theInstallerScriptGivesEachPlatformItsIcon() throws IOException {
        String script = Files.readString(Path.of("jlink/build-installer"));
        assertTrue(script.contains("--icon resources/icons/slm-workshop-256.png --linux-shortcut"));
        assertTrue(script.contains("--icon resources/icons/slm-workshop.icns --mac-package-name"));
        assertTrue(script.contains("--icon resources/icons/slm-workshop.ico --win-menu"));
    }
}
