package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Figure;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Every figure in lessons/figures parses, draws at 1x and 2x, fits the text column, and a lesson shows it. */
@ExtendWith(ApplicationExtension.class)
class ShippedFiguresTest {
    private static final Path FIGURES = Path.of("lessons", "figures");
    /** Beside the labs, at 1360 × 860, the lesson column is about 430 px: a figure much wider is drawn with small text. */
    private static final double COLUMN = 560;

    @Start
    void start(Stage stage) {
        // the toolkit only
    }

    private static List<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.list(FIGURES)) {
            return files.filter(f -> f.toString().endsWith(".svg")).sorted().toList();
        }
    }

    @Test
    void theFourFiguresAreShipped() throws IOException {
        List<String> names = shipped().stream().map(f -> f.getFileName().toString()).toList();
        assertEquals(List.of("gpt-block.svg", "gpt-shapes.svg", "low-rank.svg", "markov-chain.svg"), names);
    }

    @Test
    void everyShippedFigureParsesAndDrawsAtOneAndTwoTimes() throws Exception {
        for (Path file : shipped()) {
            Figure figure = Figure.load(file);
            assertTrue(figure.width() <= COLUMN, file + " is wider than the column: " + figure.width());
            Image once = FigureRenderer.render(figure, figure.width(), 1).image();
            Image twice = FigureRenderer.render(figure, figure.width(), 2).image();
            assertEquals(Math.round(figure.width()), (long) once.getWidth(), file.toString());
            assertEquals(2 * Math.round(figure.width()), (long) twice.getWidth(), file.toString());
            assertEquals(2 * Math.round(figure.height()), (long) twice.getHeight(), file.toString());
            double inked = inkedShare(twice);
            // a drawing: some ink, mostly background
            assertTrue(inked > 0.02 && inked < 0.6, file + ": " + inked + " of the pixels are drawn");
        }
    }

    @Test
    void theMarkovChainsNodesHaveTheLessonsLightBlue() throws Exception {
        // circle w₁ is centred on (40, 64) with radius 23, filled #ddf4ff; its text sits lower
        Figure figure = Figure.load(FIGURES.resolve("markov-chain.svg"));
        PixelReader pixels = FigureRenderer.render(figure, figure.width(), 2).image().getPixelReader();
        assertEquals(0xffddf4ff, pixels.getArgb(2 * 40, 2 * 48));
        assertEquals(0xffddf4ff, pixels.getArgb(2 * 52, 2 * 52));
        assertEquals(0, pixels.getArgb(2 * 40, 2 * 8) >>> 24, "the background is transparent");
    }

    @Test
    void eachFigureIsShownByALessonAndEveryLessonsFiguresResolve() throws Exception {
        Set<Path> shown = new HashSet<>();
        Lessons.Loaded loaded = Lessons.load(Path.of("lessons"));
        assertTrue(loaded.ok(), "problems: " + loaded.problems());
        for (Lesson lesson : loaded.lessons()) {
            for (Figure.Reference reference : Figure.references(lesson.body())) {
                assertTrue(reference.alt().length() > 20, lesson.id() + ": describe " + reference.destination() + " in its alt text");
                shown.add(Figure.resolve(lesson.file().getParent(), reference.destination()).toAbsolutePath().normalize());
            }
        }
        for (Path file : shipped()) {
            assertTrue(shown.contains(file.toAbsolutePath().normalize()), file + " is in no lesson");
        }
    }

    private static double inkedShare(Image image) {
        PixelReader pixels = image.getPixelReader();
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        long inked = 0;
        for (int y = 0; y < height; y += 2) {
            for (int x = 0; x < width; x += 2) {
                if ((pixels.getArgb(x, y) >>> 24) > 0) inked++;
            }
        }
        return inked / (double) ((width + 1) / 2 * ((height + 1) / 2));
    }
}
