package org.slmworkshop.ui.view;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Light or dark. The dark theme is {@code css/dark.css} over the light one: it resets Modena's seed
 * colours and the app's own {@code -slm-*} colours, so every rule written for the light theme keeps
 * working (see {@link DarkPalette}). {@link #SYSTEM} follows the desktop's setting where it can be read.
 */
public enum Theme {
    SYSTEM, LIGHT, DARK;

    /** What the settings file and {@code -Dslm.theme} call it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code light}, {@code dark} or {@code system}; anything else (or nothing) is {@link #SYSTEM}. */
    public static Theme parse(String id) {
        if (id == null) return SYSTEM;
        for (Theme theme : values()) if (theme.id().equalsIgnoreCase(id.trim())) return theme;
        return SYSTEM;
    }

    /** LIGHT or DARK: this choice, with {@link #SYSTEM} resolved to {@code system}. */
    public Theme resolve(Theme system) {
        return this == SYSTEM ? (system == DARK ? DARK : LIGHT) : this;
    }

    private static volatile Theme detected;

    /**
     * The desktop's colour scheme, read once (it may start a short process, so call it off the FX
     * thread first, as {@code WorkshopApp.init} does). JavaFX 22's {@code Platform.Preferences}
     * when present; else GNOME's or GTK's setting, macOS's {@code AppleInterfaceStyle} or Windows'
     * {@code AppsUseLightTheme}; LIGHT when none says dark.
     */
    public static Theme system() {
        Theme known = detected;
        if (known == null) {
            known = detect();
            detected = known;
        }
        return known;
    }

    private static Theme detect() {
        Boolean fromJavaFx = fromPlatformPreferences();
        if (fromJavaFx != null) return fromJavaFx ? DARK : LIGHT;
        String gtkTheme = System.getenv("GTK_THEME");
        if (gtkTheme != null && gtkTheme.toLowerCase(Locale.ROOT).contains("dark")) return DARK;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) return output("defaults", "read", "-g", "AppleInterfaceStyle").contains("Dark") ? DARK : LIGHT;
        if (os.contains("win")) {
            String value = output("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                    "/v", "AppsUseLightTheme");
            return value.contains("0x0") ? DARK : LIGHT;
        }
        String scheme = output("gsettings", "get", "org.gnome.desktop.interface", "color-scheme");
        if (scheme.contains("dark")) return DARK;
        return output("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme").toLowerCase(Locale.ROOT)
                .contains("dark") ? DARK : LIGHT;
    }

    /** JavaFX 22+ reads the platform's colour scheme; this project's JavaFX 21 has no such API yet. */
    private static Boolean fromPlatformPreferences() {
        try {
            Object preferences = javafx.application.Platform.class.getMethod("getPreferences").invoke(null);
            Object scheme = preferences.getClass().getMethod("getColorScheme").invoke(preferences);
            return scheme != null && "DARK".equals(scheme.toString());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** A command's output, or "" when it is missing, fails or takes over a second. */
    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream in = process.getInputStream()) {
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return "";
                }
                return process.exitValue() == 0 ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
