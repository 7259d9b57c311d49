package org.slmworkshop.ui.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Lessons;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Every lesson in lessons/ renders: all formulas typeset, no dollar left over, nothing wider than the page. */
@ExtendWith(ApplicationExtension.class)
class ShippedLessonsRenderTest {
    private LessonText text;

    @Start
    void start(Stage stage) {
        text = new LessonText();
        stage.setScene(new Scene(text, 900, 800));
        stage.show();
    }

    @Test
    void everyShippedLessonRendersItsFormulasWithoutErrors() {
        Lessons.Loaded loaded = Lessons.load(Path.of("lessons"));
        assertTrue(loaded.ok(), "problems: " + loaded.problems());
        assertEquals(11, loaded.lessons().size());
        List<String> failures = new ArrayList<>();
        long total = 0;
        for (Lesson lesson : loaded.lessons()) {
            Rendered r = FxThread.call(() -> render(lesson));
            total += r.images;
            if (!r.errors.isEmpty()) failures.add(lesson.id() + ": formula errors " + r.errors);
            if (r.images == 0) failures.add(lesson.id() + ": no formula images");
            if (!r.leftovers.isEmpty()) failures.add(lesson.id() + ": text with a leftover $ or placeholder: " + r.leftovers);
            if (!r.tooWide.isEmpty()) failures.add(lesson.id() + ": wider than the page: " + r.tooWide);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(total > 200, "formulas typeset in all lessons: " + total);
    }

    private record Rendered(long images, List<String> errors, List<String> leftovers, List<String> tooWide) {}

    private Rendered render(Lesson lesson) {
        text.show(lesson);
        text.applyCss();
        text.layout();
        MarkdownView body = text.markdownView();
        List<String> errors = new ArrayList<>(body.formulaErrors());
        errors.addAll(body.figureErrors());
        for (FigureNode figure : body.figures()) {
            if (figure.rendered() == null) errors.add(figure.destination() + ": not drawn");
        }
        long images = body.formulaImageCount();
        for (MarkdownView question : FxThread.all(text.exercisesView(), MarkdownView.class)) {
            errors.addAll(question.formulaErrors());
            images += question.formulaImageCount();
        }
        for (FormulaNode formula : FxThread.all(text, FormulaNode.class)) {
            if (formula.imageView() != null && formula.imageView().getImage().getHeight() <= 0) {
                errors.add(formula.tex() + ": empty image");
            }
        }
        List<String> leftovers = new ArrayList<>();
        for (Text t : FxThread.lessonTexts(text)) {
            String s = t.getText();
            if (s.indexOf('$') >= 0 || s.indexOf(MathSpans.OPEN) >= 0 || s.indexOf(MathSpans.CLOSE) >= 0) leftovers.add(s);
        }
        Bounds page = body.localToScene(body.getLayoutBounds());
        List<String> tooWide = new ArrayList<>();
        for (TextFlow flow : FxThread.all(body, TextFlow.class)) {
            if (flow.getStyleClass().contains("table-cell")) continue; // tables scroll sideways
            Bounds b = flow.localToScene(flow.getLayoutBounds());
            if (b.getMaxX() > page.getMaxX() + 0.5) tooWide.add(FxThread.joined(flow));
        }
        for (FormulaNode formula : FxThread.all(body, FormulaNode.class)) {
            if (formula.getWidth() > page.getWidth()) tooWide.add("$$" + formula.tex() + "$$ needs scrolling");
        }
        assertFalse(body.getChildren().isEmpty());
        return new Rendered(images, errors, leftovers, tooWide);
    }
}
