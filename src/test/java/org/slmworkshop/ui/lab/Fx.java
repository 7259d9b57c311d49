package org.slmworkshop.ui.lab;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/** Reads UI state on the FX thread, and waits for it, from a test thread (the lab tests share it). */
public final class Fx {
    private Fx() {}

    public static <T> T get(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("reading on the FX thread failed", e);
        }
    }

    public static void run(Runnable action) {
        get(() -> {
            action.run();
            return null;
        });
    }

    /** Waits until {@code condition}, evaluated on the FX thread, holds. */
    public static void waitUntil(String what, int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> Boolean.TRUE.equals(get(condition)));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
