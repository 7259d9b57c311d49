package org.slmworkshop.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.ui.AppSettings;

class ZoomTest {
    @Test
    void ctrl_equals_steps_from_100_to_250_percent_and_stops_there() {
        List<Double> seen = new ArrayList<>();
        double level = 1;
        for (int i = 0; i < 9; i++) seen.add(level = Zoom.in(level));
        assertEquals(List.of(1.1, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.5, 2.5), seen);
    }

    @Test
    void ctrl_minus_steps_down_to_75_percent_and_a_level_between_steps_goes_to_the_next_one() {
        assertEquals(0.9, Zoom.out(1));
        assertEquals(0.75, Zoom.out(0.9));
        assertEquals(0.75, Zoom.out(0.75));
        assertEquals(1.25, Zoom.in(1.2));
        assertEquals(1.1, Zoom.out(1.2));
    }

    @Test
    void the_root_font_is_13_px_times_the_zoom_and_presenter_mode_enlarges_it_by_a_further_40_percent() {
        assertEquals(13, Zoom.rootFontPx(1, false), 1e-12);
        assertEquals(26, Zoom.rootFontPx(2, false), 1e-12);
        assertEquals(9.75, Zoom.rootFontPx(0.75, false), 1e-12);
        assertEquals(18.2, Zoom.rootFontPx(1, true), 1e-12);
        assertEquals(39, Zoom.rootFontPx(2.5, true), 1e-12, "capped at 300%");
        assertEquals(32.5, Zoom.rootFontPx(7, false), 1e-12, "clamped to 250%");
    }

    @Test
    void a_settings_file_without_a_zoom_or_with_nonsense_in_it_reads_as_100_percent_or_the_nearest_limit() throws Exception {
        AppSettings old = org.slmworkshop.util.Json.MAPPER.readValue("{\"lastLesson\":\"03\",\"windowWidth\":900,\"windowHeight\":700}",
                AppSettings.class);
        assertEquals(1, old.zoom());
        assertEquals(Theme.SYSTEM, Theme.parse(old.theme()));
        assertEquals(2.5, AppSettings.DEFAULTS.withZoom(40).zoom());
        assertEquals(0.75, AppSettings.DEFAULTS.withZoom(0.1).zoom());
        assertEquals("03", old.withZoom(1.5).withTheme("dark").lastLesson(), "the rest is kept");
    }

    @Test
    void a_theme_choice_resolves_against_the_system() {
        assertEquals(Theme.DARK, Theme.SYSTEM.resolve(Theme.DARK));
        assertEquals(Theme.LIGHT, Theme.SYSTEM.resolve(Theme.LIGHT));
        assertEquals(Theme.LIGHT, Theme.LIGHT.resolve(Theme.DARK));
        assertEquals(Theme.DARK, Theme.parse(" Dark "));
        assertEquals(Theme.SYSTEM, Theme.parse("purple"));
    }
}
