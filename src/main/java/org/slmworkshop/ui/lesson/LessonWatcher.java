package org.slmworkshop.ui.lesson;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.slmworkshop.lesson.Problem;

/**
 * Watches the lessons folder so an instructor can edit a lesson in their own editor and see it
 * re-rendered. A change to a lesson file is debounced (editors write a temporary file and rename
 * it, which fires several events), the file is read again with {@link Lessons#loadFile}, and the
 * listener hears the new lesson or its problems, on the JavaFX thread by default. Files are named
 * {@code folder.resolve(name)} with the folder as given, so they equal the paths of
 * {@link Lessons#load} on the same folder. The {@code figures} folder beside the lessons is watched
 * too: saving a figure reloads each lesson that shows it (and a broken figure is reported like a
 * broken lesson).
 */
public final class LessonWatcher implements Closeable {
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);

    /** What the watcher reports. Calls arrive on the delivery executor (the FX thread by default). */
    public interface Listener {
        /** The file was changed (or created) and reads as a valid lesson. */
        void lessonChanged(Lesson lesson);

        /** The file was changed and has problems; each names the file and line. */
        void lessonFailed(Path file, List<Problem> problems);

        /** The file is gone (deleted, or renamed away). */
        default void lessonRemoved(Path file) {}
    }

    private final Path folder;
    private final Path watched;
    /** The figures folder, {@link #FIGURES} under the lessons folder, if it existed when watching began. */
    private final Path figures;
    public static final String FIGURES = "figures";
    private final Listener listener;
    private final Duration debounce;
    private final Executor delivery;
    private final WatchService watchService;
    private final ScheduledExecutorService reloader;
    private final Map<Path, ScheduledFuture<?>> pending = new HashMap<>();
    private final Thread watchThread;
    private volatile boolean closed;

    /** Watches {@code folder}, reporting on the JavaFX thread after a 300 ms quiet period. */
    public LessonWatcher(Path folder, Listener listener) throws IOException {
        this(folder, listener, DEFAULT_DEBOUNCE, Platform::runLater);
    }

    public LessonWatcher(Path folder, Listener listener, Duration debounce, Executor delivery) throws IOException {
        this.folder = folder;
        this.watched = folder.toAbsolutePath().normalize();
        this.listener = listener;
        this.debounce = debounce;
        this.delivery = delivery;
        this.watchService = watched.getFileSystem().newWatchService();
        watched.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        Path figureFolder = watched.resolve(FIGURES);
        if (Files.isDirectory(figureFolder)) {
            figureFolder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            this.figures = figureFolder;
        } else {
            this.figures = null;
        }
        this.reloader = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "lesson-reload"));
        this.watchThread = daemon(this::watch, "lesson-watcher");
        watchThread.start();
    }

    public Path folder() {
        return folder;
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private void watch() {
        try {
            while (!closed) {
                WatchKey key = watchService.take();
                boolean figureFolder = figures != null && figures.equals(key.watchable());
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        scheduleAll(); // events were lost: look at every lesson again
                    } else if (figureFolder && event.context() instanceof Path name && isFigureFile(name)) {
                        scheduleShowing(name.getFileName().toString());
                    } else if (!figureFolder && event.context() instanceof Path name && isLessonFile(name)) {
                        schedule(folder.resolve(name));
                    }
                }
                if (!key.reset() && !figureFolder) break; // the lessons folder itself is gone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    static boolean isLessonFile(Path name) {
        String file = name.getFileName().toString();
        return file.endsWith(".md") && !org.slmworkshop.lesson.Lessons.NOT_LESSONS.contains(file.toUpperCase(java.util.Locale.ROOT))
                && !file.startsWith(".");
    }

    static boolean isFigureFile(Path name) {
        String file = name.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return file.endsWith(".svg") && !file.startsWith(".");
    }

    /** Reloads each lesson whose text names the figure {@code figures/NAME}. */
    private void scheduleShowing(String figureName) {
        String reference = FIGURES + "/" + figureName;
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(LessonWatcher::isLessonFile).filter(file -> mentions(file, reference)).forEach(this::schedule);
        } catch (IOException e) {
            // the next event tries again
        }
    }

    private static boolean mentions(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException | RuntimeException e) {
            return false; // unreadable or not UTF-8: its own event reports it
        }
    }

    private void scheduleAll() {
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(LessonWatcher::isLessonFile).forEach(this::schedule);
        } catch (IOException e) {
            // the next event tries again
        }
    }

    private synchronized void schedule(Path file) {
        if (closed) return;
        ScheduledFuture<?> previous = pending.get(file);
        if (previous != null) previous.cancel(false);
        pending.put(file, reloader.schedule(() -> reload(file), debounce.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void reload(Path file) {
        synchronized (this) {
            pending.remove(file);
        }
        if (closed) return;
        if (!Files.exists(file)) {
            deliver(() -> listener.lessonRemoved(file));
            return;
        }
        Lessons.Loaded loaded = Lessons.loadFile(file);
        if (loaded.ok() && !loaded.lessons().isEmpty()) {
            Lesson lesson = loaded.lessons().get(0);
            deliver(() -> listener.lessonChanged(lesson));
        } else {
            List<Problem> problems = loaded.problems();
            deliver(() -> listener.lessonFailed(file, problems));
        }
    }

    private void deliver(Runnable call) {
        delivery.execute(() -> {
            if (!closed) call.run();
        });
    }

    /** Stops watching; nothing is reported after this returns. */
    @Override
    public void close() throws IOException {
        closed = true;
        reloader.shutdownNow();
        watchService.close();
    }
}
