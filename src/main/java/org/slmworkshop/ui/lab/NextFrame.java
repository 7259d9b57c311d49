package org.slmworkshop.ui.lab;

import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Work placed between frames, FX thread only. {@link #run} acts in the next frame's animation phase, so what it
 * changes is laid out and painted in that frame, not in the one being built now: a lab that shows much at once (a
 * first trace, a new tree and its table) spreads it over frames. {@link #afterLayout} acts once a frame that
 * satisfies a condition has gone to the renderer: the window's first frame with a lesson's text is painted before
 * the engine loads or the first lab is built.
 */
public final class NextFrame {
    private NextFrame() {}

    /**
     * Runs {@code then} in a later event, after the first frame of {@code scene} for which {@code ready} (asked once
     * per frame, after its layout) is true.
     */
    public static void afterLayout(Scene scene, BooleanSupplier ready, Runnable then) {
        Runnable[] pulse = new Runnable[1];
        pulse[0] = () -> {
            if (!ready.getAsBoolean()) return;
            scene.removePostLayoutPulseListener(pulse[0]);
            Platform.runLater(then);
        };
        scene.addPostLayoutPulseListener(pulse[0]);
        Platform.requestNextPulse();
    }

    private static boolean inAction;   // FX thread only: an action of run() is running, in a frame's animation phase

    /**
     * Runs {@code action} in the animation phase of the frame after the one being built now. A timer started from
     * an event is first called in the very frame that lays that event's changes out, so it waits for a frame with a
     * later time stamp; one started from another action (a frame's animation phase) is first called in the next frame,
     * and acts then.
     */
    public static void run(Runnable action) {
        boolean chained = inAction;
        new AnimationTimer() {
            private long first = Long.MIN_VALUE;

            @Override
            public void handle(long now) {
                if (!chained) {
                    if (first == Long.MIN_VALUE) first = now;
                    if (now == first) return;
                }
                stop();
                inAction = true;
                try {
                    action.run();
                } finally {
                    inAction = false;
                }
            }
        }.start();
    }
}
