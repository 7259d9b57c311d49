package org.slmworkshop.ui.lab.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class PulseMonitorTest {
    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Pane(), 200, 100));
        stage.show();
    }

    @Test
    void a_blocked_fx_thread_shows_up_as_the_longest_gap() throws Exception {
        PulseMonitor monitor = new PulseMonitor();
        WaitForAsyncUtils.asyncFx(monitor::start).get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        WaitForAsyncUtils.asyncFx(() -> sleep(120)).get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        PulseMonitor.Gaps gaps = WaitForAsyncUtils.asyncFx(() -> {
            monitor.stop();
            return monitor.gaps();
        }).get(5, TimeUnit.SECONDS);
        assertTrue(gaps.pulses() > 10, gaps.toString());
        assertTrue(gaps.longestMs() >= 120, gaps.toString());
        assertTrue(gaps.medianMs() < 100, gaps.toString());
        assertTrue(gaps.over50Ms() >= 1, gaps.toString());
    }

    private static void sleep(long millis) {
        assertTrue(Platform.isFxApplicationThread());
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
