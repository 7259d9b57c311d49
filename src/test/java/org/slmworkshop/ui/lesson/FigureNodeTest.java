package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.AccessibleRole;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import javafx.scene.transform.Scale;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class FigureNodeTest {
    /** 300 × 150 units: white, red square from (30, 30) to (90, 90). */
    private static final String BOX = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150">
              <rect x="0" y="0" width="300" height="150" fill="#ffffff"/>
              <rect x="30" y="30" width="60" height="60" fill="#d1242f"/>
            </svg>
            """;

    @TempDir
    Path folder;

    private StackPane root;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        root = new StackPane();
        stage.setScene(new Scene(root, 720, 700));
        stage.setWidth(720);   // the runtime reuses one stage: an earlier test may have resized it
        stage.setHeight(700);
        stage.show();
    }

    @BeforeEach
    void figure() throws Exception {
        Files.createDirectories(folder.resolve("figures"));
        Files.writeString(folder.resolve("figures/box.svg"), BOX);
    }

    private MarkdownView show(String markdown, String style) {
        return FxThread.call(() -> {
            MarkdownView view = new MarkdownView();
            if (style != null) view.setStyle(style);
            view.setMarkdown(markdown, folder);
            root.getChildren().setAll(view);
            root.applyCss();
            root.layout();
            return view;
        });
    }

    private static FigureNode only(MarkdownView view) {
        assertEquals(1, view.figures().size());
        return view.figures().get(0);
    }

    @Test
    void aFigureStandsOnItsOwnWithItsCaptionAndItsAltTextAsAccessibleText() {
        MarkdownView view = show("Before the figure.\n\n![A red square on white](figures/box.svg \"The box\")\n\nAfter.", null);
        FigureNode figure = only(view);
        assertNull(figure.error());
        assertEquals(List.of(), view.figureErrors());
        assertEquals(3, view.getChildren().size(), "paragraph, figure block, paragraph");
        assertInstanceOf(TextFlow.class, view.getChildren().get(0));
        VBox block = assertInstanceOf(VBox.class, view.getChildren().get(1));
        assertTrue(block.getStyleClass().contains("figure-block"));
        assertEquals(figure, block.getChildren().get(0));
        Label caption = assertInstanceOf(Label.class, block.getChildren().get(1));
        assertEquals("The box", caption.getText());
        assertEquals("A red square on white", figure.getAccessibleText());
        assertEquals(AccessibleRole.IMAGE_VIEW, figure.getAccessibleRole());
        assertEquals(folder.resolve("figures/box.svg").normalize(), figure.file());

        // without a title the alt text is the caption
        FigureNode untitled = only(show("![A red square](figures/box.svg)", null));
        assertEquals("A red square", untitled.caption());
    }

    @Test
    void atTheBaseTextSizeOneUnitIsOnePixelAndTheImageHasThoseManyPixels() {
        FigureNode figure = only(show("![box](figures/box.svg)", "-fx-font-size: 15px;"));
        FigureRenderer.Rendered rendered = figure.rendered();
        assertNotNull(rendered);
        assertEquals(1.0, rendered.scale(), "Monocle's screen is 1x");
        assertEquals(300, rendered.image().getWidth());
        assertEquals(150, rendered.image().getHeight());
        assertEquals(300, FxThread.call(() -> figure.imageView().getBoundsInParent().getWidth()), 1e-6);
        // the red square's middle, read back from the image on screen
        assertEquals(0xffd1242f, rendered.image().getPixelReader().getArgb(60, 60));
    }

    @Test
    void zoomingTheTextDrawsTheFigureAgainAtTheNewSize() {
        MarkdownView view = show("![box](figures/box.svg)", "-fx-font-size: 15px;");
        FigureNode figure = only(view);
        int before = figure.renders();
        FxThread.run(() -> {
            view.setStyle("-fx-font-size: 30px;");   // what a 200% zoom of the root font does
            root.applyCss();
            root.layout();
        });
        FigureRenderer.Rendered rendered = figure.rendered();
        assertEquals(600, rendered.image().getWidth(), "drawn from the SVG at 600 px, not a 300 px image enlarged");
        assertEquals(300, rendered.image().getHeight());
        assertEquals(before + 1, figure.renders());
        // the square's edge at 30 units is now at pixel 60, sharp
        assertEquals(0xffd1242f, rendered.image().getPixelReader().getArgb(60, 60));
        assertEquals(0xffffffff, rendered.image().getPixelReader().getArgb(59, 60));
    }

    @Test
    void aScaledParentDrawsTheFigureWithMorePixelsAtTheSameLayoutSize() {
        MarkdownView view = show("![box](figures/box.svg)", "-fx-font-size: 15px;");
        FigureNode figure = only(view);
        FxThread.run(() -> {
            view.getTransforms().setAll(new Scale(2, 2));
            root.layout();
            figure.requestLayout();
            root.layout();
        });
        FigureRenderer.Rendered rendered = figure.rendered();
        assertEquals(2.0, rendered.scale(), 1e-9);
        assertEquals(600, rendered.image().getWidth());
        assertEquals(300, rendered.width(), 1e-9, "the layout size stays 300");
    }

    @Test
    void aNarrowColumnDrawsTheFigureSmallerNeverWider() {
        MarkdownView view = show("![box](figures/box.svg)", "-fx-font-size: 15px;");
        FxThread.run(() -> {
            view.setMaxWidth(200);   // a column 200 pixels wide
            root.layout();
            root.layout();
        });
        FigureNode figure = only(view);
        double column = FxThread.call(figure::getWidth);
        FigureRenderer.Rendered rendered = figure.rendered();
        assertTrue(column < 300, "column " + column);
        assertTrue(rendered.width() <= column && rendered.width() > column * (1 - 2 * FigureNode.FIT_STEP),
                rendered.width() + " in " + column);
        assertEquals(rendered.width() / 2, rendered.height(), 0.51);
    }

    @Test
    void aMissingFigureShowsAMessageInPlace() {
        MarkdownView view = show("Look:\n\n![The missing chart](figures/missing.svg)\n\nStill here.", null);
        FigureNode figure = only(view);
        assertNotNull(figure.error());
        assertTrue(figure.error().startsWith("missing.svg not found (looked for "), figure.error());
        assertNull(figure.rendered());
        Label message = FxThread.all(figure, Label.class).get(0);
        assertTrue(message.getText().startsWith("Figure not shown: missing.svg not found"), message.getText());
        assertTrue(message.getStyleClass().contains("figure-error"));
        assertTrue(FxThread.call(message::getHeight) > 0, "the message is laid out");
        assertEquals(1, view.figureErrors().size());
        assertTrue(FxThread.joined(view).contains("Still here."), "the rest of the lesson is shown");

        FigureNode png = only(show("![photo](figures/photo.png)", null));
        assertTrue(png.error().contains("figures are SVG files"), png.error());
    }
}
