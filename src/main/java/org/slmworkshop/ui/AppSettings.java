package org.slmworkshop.ui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slmworkshop.util.AtomicFiles;
import org.slmworkshop.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app remembers between starts, kept in {@code ~/.slm-workshop/settings.json}
 * (the folder moves with {@code -Dslm.home}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AppSettings(String lastLesson, double windowWidth, double windowHeight, boolean maximized,
                          String lastCorpus, String lastCheckpoint, String lessonsFolder,
                          double zoom, String theme) {
    private static final Logger LOG = LoggerFactory.getLogger(AppSettings.class);
    private static final double DEFAULT_WIDTH = 1360;
    private static final double DEFAULT_HEIGHT = 860;
    public static final AppSettings DEFAULTS = new AppSettings(null, DEFAULT_WIDTH, DEFAULT_HEIGHT, false, null, null, null, 1, null);

    public AppSettings {
        if (!(windowWidth >= 640)) windowWidth = DEFAULT_WIDTH;
        if (!(windowHeight >= 480)) windowHeight = DEFAULT_HEIGHT;
        // an old settings file has no zoom (0); a hand-edited one may hold anything
        zoom = org.slmworkshop.ui.view.Zoom.clamp(zoom > 0 ? zoom : 1);
    }

    public static Path home() {
        String configured = System.getProperty("slm.home");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".slm-workshop");
    }

    public static Path file() {
        return home().resolve("settings.json");
    }

    /** The saved settings, or the defaults when there are none or the file cannot be read. */
    public static AppSettings load() {
        Path file = file();
        if (!Files.exists(file)) return DEFAULTS;
        try {
            return Json.MAPPER.readValue(file.toFile(), AppSettings.class);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable settings {}: {}", file, e.getMessage());
            return DEFAULTS;
        }
    }

    public void save() {
        try {
            Files.createDirectories(home());
            AtomicFiles.write(file(), writer -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(writer, this));
        } catch (IOException e) {
            LOG.warn("could not save settings to {}: {}", file(), e.getMessage());
        }
    }

    public AppSettings withLesson(String lesson) {
        return new AppSettings(lesson, windowWidth, windowHeight, maximized, lastCorpus, lastCheckpoint, lessonsFolder, zoom, theme);
    }

    public AppSettings withWindow(double width, double height, boolean isMaximized) {
        return new AppSettings(lastLesson, width, height, isMaximized, lastCorpus, lastCheckpoint, lessonsFolder, zoom, theme);
    }

    public AppSettings withCorpus(String corpus) {
        return new AppSettings(lastLesson, windowWidth, windowHeight, maximized, corpus, lastCheckpoint, lessonsFolder, zoom, theme);
    }

    public AppSettings withCheckpoint(String checkpoint) {
        return new AppSettings(lastLesson, windowWidth, windowHeight, maximized, lastCorpus, checkpoint, lessonsFolder, zoom, theme);
    }

    public AppSettings withLessonsFolder(String folder) {
        return new AppSettings(lastLesson, windowWidth, windowHeight, maximized, lastCorpus, lastCheckpoint, folder, zoom, theme);
    }

    /** The UI's zoom, 1 = 100% (see {@link org.slmworkshop.ui.view.Zoom}). */
    public AppSettings withZoom(double level) {
        return new AppSettings(lastLesson, windowWidth, windowHeight, maximized, lastCorpus, lastCheckpoint, lessonsFolder,
                level, theme);
    }

    /** {@code system}, {@code light} or {@code dark}; null means follow the system. */
    public AppSettings withTheme(String choice) {
        return new AppSettings(lastLesson, windowWidth, windowHeight, maximized, lastCorpus, lastCheckpoint, lessonsFolder,
                zoom, choice);
    }
}
