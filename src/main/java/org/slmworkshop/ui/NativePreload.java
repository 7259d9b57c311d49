package org.slmworkshop.ui;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import org.slmworkshop.ui.lesson.FormulaRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the native libraries of text rendering (JavaFX's fonts, and AWT's, which JLaTeXMath draws
 * formulas with) before the engine's (ND4J's or CUDA's) start loading in the background. JavaCPP's loader calls dlopen from
 * inside a dl_iterate_phdr callback, and glibc takes those two locks in the opposite order for any
 * other thread's dlopen: the FX thread loading libfontmanager for the first formula while ND4J
 * loaded OpenBLAS froze the window for good (seen under Xvfb, both threads in _rtld_global locks).
 */
final class NativePreload {
    private static final Logger LOG = LoggerFactory.getLogger(NativePreload.class);

    private NativePreload() {}

    /** Call off the FX thread, once the toolkit runs and before the engine's libraries are touched. */
    static void textRendering() {
        long start = System.nanoTime();
        try {
            FormulaRenderer.render("p(w_i \\mid w_{<i}) = \\frac{1}{V}", true, 15, Color.BLACK);
        } catch (FormulaRenderer.FormulaException | RuntimeException e) {
            LOG.warn("could not preload formula rendering: {}", e.getMessage());
        }
        CountDownLatch rendered = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                Text text = new Text("Preload ␣ ↵ α β");
                new Scene(new Group(text));
                text.snapshot(null, null);
            } finally {
                rendered.countDown();
            }
        });
        try {
            if (!rendered.await(20, TimeUnit.SECONDS)) LOG.warn("text rendering did not preload in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("text natives preloaded in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
