package org.slmworkshop.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/** css/dark.css against css/workshop.css: every colour is there, and each is its light value turned over. */
class DarkPaletteTest {
    private static final Path CSS = Path.of("resources/css");
    private static final Pattern DECLARATION = Pattern.compile("(-slm-[\\w-]+):\\s*(#[0-9a-fA-F]{6,8})\\s*;");

    private static Map<String, Color> palette(String file) throws IOException {
        String css = Files.readString(CSS.resolve(file));
        String root = css.substring(css.indexOf(".root {"), css.indexOf('}', css.indexOf(".root {")));
        Map<String, Color> colours = new LinkedHashMap<>();
        Matcher m = DECLARATION.matcher(root);
        while (m.find()) colours.put(m.group(1), Color.web(m.group(2)));
        return colours;
    }

    @Test
    void every_light_colour_has_its_dark_counterpart_with_the_lightness_turned_over_and_the_hue_kept() throws IOException {
        Map<String, Color> light = palette("workshop.css"), dark = palette("dark.css");
        assertTrue(light.size() > 100, "palette: " + light.size());
        assertEquals(light.keySet(), dark.keySet());
        light.forEach((name, colour) -> {
            Color expected = DarkPalette.invert(colour), actual = dark.get(name);
            assertEquals(expected.getRed(), actual.getRed(), 1.01 / 255, name);
            assertEquals(expected.getGreen(), actual.getGreen(), 1.01 / 255, name);
            assertEquals(expected.getBlue(), actual.getBlue(), 1.01 / 255, name);
            assertEquals(colour.getOpacity(), actual.getOpacity(), 1.01 / 255, name);
        });
    }

    @Test
    void white_becomes_the_darkest_surface_and_text_becomes_light_with_at_least_7_to_1_contrast() throws IOException {
        assertEquals(DarkPalette.DARKEST, DarkPalette.lightness(DarkPalette.invert(Color.WHITE)), 0.3);
        assertEquals(DarkPalette.DARKEST + DarkPalette.SPAN, DarkPalette.lightness(DarkPalette.invert(Color.BLACK)), 0.3);
        Map<String, Color> dark = palette("dark.css");
        assertTrue(contrast(dark.get("-slm-text"), dark.get("-slm-surface")) >= 7,
                "text on surface: " + contrast(dark.get("-slm-text"), dark.get("-slm-surface")));
        assertTrue(contrast(dark.get("-slm-muted"), dark.get("-slm-surface")) >= 4.5, "muted text");
        // hue kept: a pale red box stays red, only darker
        double[] pale = DarkPalette.lab(Color.web("#fee2e2")), turned = DarkPalette.lab(DarkPalette.invert(Color.web("#fee2e2")));
        assertEquals(Math.atan2(pale[2], pale[1]), Math.atan2(turned[2], turned[1]), 0.05);
    }

    @Test
    void every_colour_the_style_sheets_look_up_is_defined() throws IOException {
        Map<String, Color> light = palette("workshop.css");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.list(CSS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".css")).toList()) {
                String css = Files.readString(file);
                Matcher used = Pattern.compile("(?<![\\w-])(-slm-[\\w-]++)(?!\\s*:)").matcher(css);
                while (used.find()) {
                    String name = used.group(1);
                    boolean definedHere = Pattern.compile(Pattern.quote(name) + "\\s*:").matcher(css).find();
                    if (!light.containsKey(name) && !definedHere) missing.add(file.getFileName() + ": " + name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "looked up but never defined: " + missing);
    }

    /** WCAG contrast ratio. */
    private static double contrast(Color a, Color b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
