package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.image.Image;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class MarkdownViewTest {
    private StackPane root;

    @Start
    void start(Stage stage) {
        root = new StackPane();
        Scene scene = new Scene(root, 720, 700);
        scene.getStylesheets().add(MarkdownViewTest.class.getResource("/css/workshop.css").toExternalForm());   // the palette, as in the app
        stage.setScene(scene);
        stage.sizeToScene();   // the runtime reuses one stage: an earlier test may have resized it
        stage.show();
    }

    private MarkdownView show(String markdown) {
        return FxThread.call(() -> {
            MarkdownView view = new MarkdownView();
            view.setMarkdown(markdown);
            root.getChildren().setAll(view);
            root.applyCss();
            root.layout();
            return view;
        });
    }

    @Test
    void anInlineFormulaIsAnImageSittingOnTheTextLine() {
        MarkdownView view = show("The loss is $\\frac{1}{N}\\sum_i x_i$ per token.");
        TextFlow flow = assertInstanceOf(TextFlow.class, view.getChildren().get(0));
        assertEquals(3, flow.getChildren().size());
        Text before = assertInstanceOf(Text.class, flow.getChildren().get(0));
        FormulaNode formula = assertInstanceOf(FormulaNode.class, flow.getChildren().get(1));
        Text after = assertInstanceOf(Text.class, flow.getChildren().get(2));
        assertEquals("The loss is ", before.getText());
        assertEquals(" per token.", after.getText());
        assertNull(formula.error());
        Image image = formula.imageView().getImage();
        assertTrue(image.getHeight() > 0 && image.getWidth() > 0);
        assertEquals("\\frac{1}{N}\\sum_i x_i", formula.tex());
        assertEquals(1, view.formulaImageCount());

        double[] baselines = FxThread.call(() -> new double[] {
                textBaselineInScene(before),
                formula.localToScene(0, formula.getBaselineOffset()).getY(),
                textBaselineInScene(after)});
        assertEquals(baselines[0], baselines[1], 1.0, "the formula's baseline is the text's baseline");
        assertEquals(baselines[0], baselines[2], 0.01);
        // a fraction reaches above and below the line
        double top = FxThread.call(() -> formula.localToScene(0, 0).getY());
        double bottom = FxThread.call(() -> formula.localToScene(0, formula.getHeight()).getY());
        assertTrue(top < baselines[0] - 8 && bottom > baselines[0] + 3, top + " " + baselines[0] + " " + bottom);
    }

    private static double textBaselineInScene(Text text) {
        return text.localToScene(0, text.getLayoutBounds().getMinY() + text.getBaselineOffset()).getY();
    }

    @Test
    void aFractionIsTallerThanALetterAndTheImageIsRenderedAtTwiceTheSize() {
        MarkdownView view = show("$x$ and $\\frac{n_{\\alpha\\beta}}{n_\\beta}$");
        FormulaNode letter = view.formulas().get(0);
        FormulaNode fraction = view.formulas().get(1);
        double letterHeight = FxThread.call(letter::getHeight);
        double fractionHeight = FxThread.call(fraction::getHeight);
        assertTrue(fractionHeight > 1.5 * letterHeight, fractionHeight + " vs " + letterHeight);
        Image image = fraction.imageView().getImage();
        assertEquals(FormulaRenderer.SCALE * fraction.imageView().getFitHeight(), image.getHeight(), 0.01);
    }

    @Test
    void aDisplayFormulaStandsCentredOnItsOwnLine() {
        MarkdownView view = show("Before,\n$$p(w_i \\mid w_{<i}) \\approx p(w_i \\mid w_{i-1}).$$\nafter.");
        assertEquals(3, view.getChildren().size(), "the paragraph splits around the formula");
        assertEquals("Before,", FxThread.joined(view.getChildren().get(0)));
        HorizontalScroll display = assertInstanceOf(HorizontalScroll.class, view.getChildren().get(1));
        FormulaNode formula = FxThread.all(display, FormulaNode.class).get(0);
        assertTrue(formula.isDisplay());
        assertEquals("after.", FxThread.joined(view.getChildren().get(2)));
        double[] centres = FxThread.call(() -> new double[] {
                formula.localToScene(formula.getLayoutBounds()).getCenterX(),
                view.localToScene(view.getLayoutBounds()).getCenterX()});
        assertEquals(centres[1], centres[0], 2.0);
    }

    @Test
    void aDisplayFormulaWiderThanTheColumnIsTypesetSmallerToFitAndFullSizeAgainWhenThereIsRoom() {
        String wide = "$$\\mathrm{Embedding}(V, d) \\;\\to\\; \\mathrm{dropout}\\ 0.1 \\;\\to\\; \\mathrm{Linear}(d, V)"
                + " \\;\\to\\; \\mathrm{softmax}$$";
        MarkdownView view = show(wide);
        HorizontalScroll display = assertInstanceOf(HorizontalScroll.class, view.getChildren().get(0));
        FormulaNode formula = FxThread.all(display, FormulaNode.class).get(0);
        double natural = FxThread.call(() -> formula.prefWidth(-1));
        assertEquals(1.0, FxThread.call(formula::shrink), "fits a 720-pixel column at full size");

        double column = Math.round(natural * 0.8);   // room for 80% of it
        FxThread.call(() -> {
            view.setMaxWidth(column);
            root.layout();
            root.layout();   // the formula re-typesets smaller, then the column lays it out
            return null;
        });
        double shrink = FxThread.call(formula::shrink);
        assertTrue(shrink < 1 && shrink >= FormulaNode.MIN_SHRINK, "shrink " + shrink);
        double width = FxThread.call(() -> formula.prefWidth(-1));
        double available = FxThread.call(() -> display.getWidth() - display.snappedLeftInset() - display.snappedRightInset());
        assertTrue(width <= available + 0.5, width + " fits in " + available);
        assertTrue(width > 0.9 * available, "no smaller than it must be: " + width + " of " + available);
        assertEquals(FormulaRenderer.SCALE * formula.imageView().getFitWidth(), formula.imageView().getImage().getWidth(), 1.0,
                "typeset at the smaller size, not a scaled bitmap");

        FxThread.call(() -> {
            view.setMaxWidth(Double.MAX_VALUE);
            root.layout();
            root.layout();
            return null;
        });
        assertEquals(1.0, FxThread.call(formula::shrink));
        assertEquals(natural, FxThread.call(() -> formula.prefWidth(-1)), 0.5);
    }

    @Test
    void aFormulaJLaTeXMathCannotReadShowsItsSourceInRedWithTheError() {
        MarkdownView view = show("Good $x$, bad $\\notacommand{x}$, and the text goes on.");
        assertEquals(1, view.formulaImageCount());
        assertEquals(1, view.formulaErrors().size());
        FormulaNode bad = view.formulas().get(1);
        assertNotNull(bad.error());
        assertNull(bad.imageView());
        Label source = FxThread.all(bad, Label.class).get(0);
        assertEquals("$\\notacommand{x}$", source.getText());
        assertTrue(source.getStyleClass().contains("formula-error"));
        assertTrue(source.getTooltip().getText().startsWith("Formula error: "), source.getTooltip().getText());
        assertTrue(source.getTooltip().getText().contains("notacommand"), source.getTooltip().getText());
        Color red = FxThread.call(() -> (Color) source.getTextFill());
        assertTrue(red.getRed() > 0.6 && red.getGreen() < 0.4, red.toString());
        assertTrue(FxThread.joined(view).endsWith(", and the text goes on."));
    }

    @Test
    void formulasTakeTheirColourAndSizeFromTheStylesheet() {
        MarkdownView view = show("## Heading $x$\n\nBody $x$");
        FormulaNode inHeading = view.formulas().get(0);
        FormulaNode inBody = view.formulas().get(1);
        assertTrue(FxThread.call(inHeading::getHeight) > FxThread.call(inBody::getHeight) * 1.2,
                "a formula in a heading is as large as the heading");
        assertEquals(Color.web("#1f2937"), darkestPixel(inBody.imageView().getImage()), "the text colour");

        FxThread.run(() -> {
            view.setStyle("-slm-fg: #cc0000;"); // the text colour, which formulas follow
            root.applyCss();
            root.layout();
        });
        Color ink = darkestPixel(inBody.imageView().getImage());
        assertTrue(ink.getRed() > 0.7 && ink.getGreen() < 0.1 && ink.getBlue() < 0.1, ink.toString());
        Text body = FxThread.lessonTexts(view).stream().filter(t -> t.getText().startsWith("Body")).findFirst().orElseThrow();
        assertEquals(Color.web("#cc0000"), body.getFill());
    }

    /** The colour of the most opaque pixel: the ink of the formula. */
    private static Color darkestPixel(Image image) {
        Color best = Color.TRANSPARENT;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = image.getPixelReader().getColor(x, y);
                if (c.getOpacity() > best.getOpacity()) best = c;
            }
        }
        return best;
    }

    @Test
    void theSameFormulaAtTheSameSizeIsTheSameImage() throws Exception {
        FormulaRenderer.Rendered a = FxThread.call(() -> FormulaRenderer.render("\\ln 79 \\approx 4.369", false, 16, Color.BLACK));
        FormulaRenderer.Rendered b = FxThread.call(() -> FormulaRenderer.render("\\ln 79 \\approx 4.369", false, 16, Color.BLACK));
        FormulaRenderer.Rendered c = FxThread.call(() -> FormulaRenderer.render("\\ln 79 \\approx 4.369", false, 20, Color.BLACK));
        assertSame(a.image(), b.image());
        assertFalse(a.image() == c.image());
        assertTrue(c.height() > a.height());
    }

    @Test
    void headingsEmphasisCodeAndQuotesGetTheirStyles() {
        MarkdownView view = show("""
                # Title

                Some **bold**, *italic* and `code $x$` text.

                > quoted *words*

                ---

                ```java
                int price = $5; // $x$
                ```
                """);
        List<Node> blocks = view.getChildren();
        assertTrue(blocks.get(0).getStyleClass().containsAll(List.of("heading", "h1")));
        List<Text> texts = FxThread.lessonTexts(blocks.get(1));
        assertTrue(texts.stream().anyMatch(t -> t.getText().equals("bold") && t.getStyleClass().contains("strong")));
        assertTrue(texts.stream().anyMatch(t -> t.getText().equals("italic") && t.getStyleClass().contains("emphasis")));
        Label code = FxThread.all(blocks.get(1), Label.class).get(0);
        assertEquals("code $x$", code.getText());
        assertTrue(code.getStyleClass().contains("inline-code"));
        assertTrue(blocks.get(2).getStyleClass().contains("blockquote"));
        assertEquals("quoted words", FxThread.joined(blocks.get(2)));
        assertInstanceOf(Separator.class, blocks.get(3));
        CodeBlock block = assertInstanceOf(CodeBlock.class, blocks.get(4));
        assertEquals("int price = $5; // $x$", block.getText());
        assertFalse(block.isEditable());
        assertTrue(view.formulas().isEmpty(), "dollars in code are not math");
        double[] heights = FxThread.call(() -> new double[] {block.getHeight(), block.getFont().getSize()});
        assertTrue(heights[0] > heights[1] && heights[0] < 6 * heights[1], "one line tall: " + heights[0]);
    }

    @Test
    void listsNestAndNumberFromTheirStart() {
        MarkdownView view = show("""
                3. third
                4. fourth
                   - inner $x$
                   - inner two
                """);
        VBox list = assertInstanceOf(VBox.class, view.getChildren().get(0));
        assertTrue(list.getStyleClass().contains("list"));
        List<String> markers = new ArrayList<>();
        for (Label label : FxThread.all(list, Label.class)) {
            if (label.getStyleClass().contains("list-marker")) markers.add(label.getText());
        }
        assertEquals(List.of("3.", "4.", "◦", "◦"), markers);
        assertEquals(1, view.formulaImageCount());
    }

    @Test
    void aTableBecomesAGridWithAHeaderRow() {
        MarkdownView view = show("""
                | tokenizer | $V$ |
                |---|--:|
                | char | 79 |
                | word | 8,192 |
                """);
        GridPane grid = FxThread.all(view, GridPane.class).get(0);
        assertEquals(6, grid.getChildren().size());
        TextFlow header = (TextFlow) grid.getChildren().get(1);
        assertTrue(header.getStyleClass().contains("table-header"));
        assertEquals(1, FxThread.all(header, FormulaNode.class).size());
        TextFlow last = (TextFlow) grid.getChildren().get(5);
        assertEquals("8,192", FxThread.joined(last));
        assertEquals(javafx.scene.text.TextAlignment.RIGHT, last.getTextAlignment());
        assertEquals(2, GridPane.getRowIndex(last));
    }

    @Test
    void anEscapedDollarIsADollar() {
        MarkdownView view = show("It costs \\$5 and $x$.");
        assertEquals("It costs $5 and .", FxThread.joined(view));
        assertEquals(1, view.formulaImageCount());
    }

    @Test
    void clickingALinkHandsItsAddressToTheHandler(FxRobot robot) {
        List<String> opened = new ArrayList<>();
        MarkdownView view = show("See [the paper](https://arxiv.org/abs/1706.03762) for more.");
        FxThread.run(() -> view.setOnLink(opened::add));
        Text link = FxThread.lessonTexts(view).stream().filter(t -> t.getStyleClass().contains("link")).findFirst().orElseThrow();
        assertEquals("the paper", link.getText());
        robot.clickOn(link);
        assertEquals(List.of("https://arxiv.org/abs/1706.03762"), opened);
    }
}
