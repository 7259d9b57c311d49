package org.slmworkshop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slmworkshop.kernels.BackendMode;

/** A first {@code --backend} of the jar's launcher becomes {@code -Dslm.backend} for the app and every command. */
class LauncherTest {
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(BackendMode.PROPERTY);
        System.clearProperty(BackendMode.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty(BackendMode.PROPERTY);
        else System.setProperty(BackendMode.PROPERTY, before);
    }

    @Test
    void aLeadingBackendIsTakenInEitherSpellingAndTheRestIsLeft() {
        assertArrayEquals(new String[0], Launcher.takeBackend(new String[] {"--backend", "gpu"}));
        assertEquals("cuda", System.getProperty(BackendMode.PROPERTY));
        assertArrayEquals(new String[] {"train", "--steps", "3"}, Launcher.takeBackend(new String[] {"--backend=CPU", "train", "--steps", "3"}));
        assertEquals("cpu", System.getProperty(BackendMode.PROPERTY));
    }

    @Test
    void aBackendAfterTheCommandIsTheCommandsOwn() {
        String[] args = {"train", "--backend", "cuda"};
        assertArrayEquals(args, Launcher.takeBackend(args));
        assertNull(System.getProperty(BackendMode.PROPERTY));
    }

    @Test
    void aWrongOrMissingValueIsRefused() {
        assertEquals("unknown backend 'tpu': use cpu, cuda or auto",
                assertThrows(IllegalArgumentException.class, () -> Launcher.takeBackend(new String[] {"--backend", "tpu"})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Launcher.takeBackend(new String[] {"--backend"}));
        assertNull(System.getProperty(BackendMode.PROPERTY));
    }
}
