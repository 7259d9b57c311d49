package org.slmworkshop.ui.lab;

import javafx.animation.AnimationTimer;

/**
 * Work for the next frame: the action runs in that frame's animation phase, so what it changes is laid out and
 * painted in that frame, not in the one being built now. A lab that shows much at once (a first trace, a new tree
 * and its table) spreads it over frames this way, so no frame holds the FX thread for long. FX thread only.
 */
public final class NextFrame {
    private NextFrame() {}

    public static void run(Runnable action) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                action.run();
            }
        }.start();
    }
}
