package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.lesson.Figure;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class FigureRendererTest {
    /** 200 × 100 units: white, with a red square from (20, 10) to (60, 50). */
    static final String BOX = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">
              <rect x="0" y="0" width="200" height="100" fill="#ffffff"/>
              <rect x="20" y="10" width="40" height="40" fill="#d1242f"/>
            </svg>
            """;
    static final int RED = 0xffd1242f;
    static final int WHITE = 0xffffffff;

    @TempDir
    Path folder;

    @Start
    void start(Stage stage) {
        // the toolkit only: the renderer makes JavaFX images
    }

    private Figure box() throws Exception {
        return Figure.load(Files.writeString(folder.resolve("box.svg"), BOX));
    }

    @Test
    void theViewBoxSetsTheSizeAndTheImageHasThePixelsOfTheOutputScale() throws Exception {
        Figure figure = box();
        assertEquals(200, figure.width());
        assertEquals(100, figure.height());

        FigureRenderer.Rendered once = FigureRenderer.render(figure, 200, 1);
        assertEquals(200, once.image().getWidth());
        assertEquals(100, once.image().getHeight());
        assertEquals(200, once.width(), 1e-9);
        assertEquals(100, once.height(), 1e-9);

        FigureRenderer.Rendered twice = FigureRenderer.render(figure, 200, 2);
        assertEquals(400, twice.image().getWidth(), "drawn with twice the pixels, not enlarged");
        assertEquals(200, twice.image().getHeight());
        assertEquals(200, twice.width(), 1e-9, "the same logical size");

        FigureRenderer.Rendered wide = FigureRenderer.render(figure, 300, 1.5);
        assertEquals(450, wide.image().getWidth());
        assertEquals(225, wide.image().getHeight());
    }

    @Test
    void aFilledRectangleHasItsColourAndSharpEdgesAtEveryScale() throws Exception {
        Figure figure = box();
        PixelReader once = FigureRenderer.render(figure, 200, 1).image().getPixelReader();
        assertEquals(RED, once.getArgb(40, 30));
        assertEquals(WHITE, once.getArgb(150, 80));
        assertEquals(RED, once.getArgb(20, 10), "the square's first pixel");
        assertEquals(WHITE, once.getArgb(19, 10), "and the one before it");

        PixelReader twice = FigureRenderer.render(figure, 200, 2).image().getPixelReader();
        assertEquals(RED, twice.getArgb(80, 60));
        // the edge at x = 20 units falls on pixel 40: no half-red pixel, as an enlarged 1x image would have
        assertEquals(RED, twice.getArgb(40, 40));
        assertEquals(WHITE, twice.getArgb(39, 40));
        assertEquals(RED, twice.getArgb(119, 99), "the square ends at pixel 119 (60 units)");
        assertEquals(WHITE, twice.getArgb(120, 99));
    }

    @Test
    void aSizeOrScaleOfZeroIsRefused() throws Exception {
        Figure figure = box();
        assertThrows(IllegalArgumentException.class, () -> FigureRenderer.render(figure, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> FigureRenderer.render(figure, 100, 0));
    }

    @Test
    void brokenMissingAndNonSvgFiguresSayWhyWithoutAStackTrace() throws Exception {
        Path broken = Files.writeString(folder.resolve("broken.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <rect>\n</svg>\n");
        Figure.Unreadable e = assertThrows(Figure.Unreadable.class, () -> Figure.load(broken));
        assertTrue(e.getMessage().startsWith("broken.svg:3:3: not well-formed XML"), e.getMessage());

        e = assertThrows(Figure.Unreadable.class, () -> Figure.load(folder.resolve("gone.svg")));
        assertTrue(e.getMessage().startsWith("gone.svg not found (looked for "), e.getMessage());

        Path noBox = Files.writeString(folder.resolve("nobox.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");
        e = assertThrows(Figure.Unreadable.class, () -> Figure.load(noBox));
        assertTrue(e.getMessage().contains("needs a viewBox"), e.getMessage());

        Path html = Files.writeString(folder.resolve("page.svg"), "<html><body/></html>");
        e = assertThrows(Figure.Unreadable.class, () -> Figure.load(html));
        assertTrue(e.getMessage().contains("root element is <html>"), e.getMessage());

        e = assertThrows(Figure.Unreadable.class, () -> Figure.resolve(folder, "figures/photo.png"));
        assertTrue(e.getMessage().contains("figures are SVG files"), e.getMessage());
        e = assertThrows(Figure.Unreadable.class, () -> Figure.resolve(folder, "https://example.org/a.svg"));
        assertTrue(e.getMessage().contains("not a link"), e.getMessage());
        assertEquals(folder.resolve("figures/a.svg"), Figure.resolve(folder, "figures/a.svg"));
    }
}
