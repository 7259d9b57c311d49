package org.slmworkshop.ui.lesson;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.application.HostServices;
import javafx.scene.layout.VBox;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;

/**
 * Lesson Markdown as JavaFX nodes, parsed by commonmark-java (with GFM tables) and with
 * {@code $…$} / {@code $$…$$} formulas typeset by JLaTeXMath. Text wraps with the view's width.
 * Links open through {@link HostServices} when one is given, and are ignored otherwise.
 */
public class MarkdownView extends VBox {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    private Consumer<String> openLink;
    private String markdown = "";
    private List<FormulaNode> formulas = List.of();
    private List<FigureNode> figures = List.of();
    private Path folder;

    public MarkdownView() {
        this((HostServices) null);
    }

    /** {@code hostServices} opens clicked links in the browser; null ignores link clicks. */
    public MarkdownView(HostServices hostServices) {
        getStyleClass().add("markdown");
        addStylesheet(this);
        setFillWidth(true);
        setMinWidth(0);
        setHostServices(hostServices);
    }

    public MarkdownView(String markdown, HostServices hostServices) {
        this(hostServices);
        setMarkdown(markdown);
    }

    /** The lesson stylesheet, {@code /css/lesson.css}, added once to {@code parent}. */
    static void addStylesheet(javafx.scene.Parent parent) {
        URL css = MarkdownView.class.getResource("/css/lesson.css");
        if (css != null && !parent.getStylesheets().contains(css.toExternalForm())) {
            parent.getStylesheets().add(css.toExternalForm());
        }
    }

    public final void setHostServices(HostServices hostServices) {
        this.openLink = hostServices == null ? null : hostServices::showDocument;
    }

    /** Replaces the link handler (for example to open links inside the app); null ignores clicks. */
    public final void setOnLink(Consumer<String> openLink) {
        this.openLink = openLink;
    }

    /** Renders {@code markdown}, replacing what was shown; figures are read relative to the last folder given. */
    public final void setMarkdown(String markdown) {
        setMarkdown(markdown, folder);
    }

    /**
     * Renders {@code markdown}, replacing what was shown; figures ({@code ![alt](figures/name.svg)})
     * are read relative to {@code folder}, the lesson file's folder (null: the working directory).
     */
    public final void setMarkdown(String markdown, Path folder) {
        this.markdown = Objects.requireNonNull(markdown, "markdown");
        this.folder = folder;
        MathSpans.Extracted extracted = MathSpans.extract(markdown);
        MarkdownRenderer renderer = new MarkdownRenderer(extracted.formulas(), url -> {
            if (openLink != null) openLink.accept(url);
        }, folder);
        getChildren().setAll(renderer.blocks(PARSER.parse(extracted.markdown())));
        formulas = List.copyOf(renderer.formulaNodes());
        figures = List.copyOf(renderer.figureNodes());
    }

    /** Every figure shown, drawn or not, in reading order. */
    public final List<FigureNode> figures() {
        return figures;
    }

    /** "path: why" for every figure that cannot be shown. */
    public final List<String> figureErrors() {
        return figures.stream().filter(f -> f.error() != null).map(f -> f.destination() + ": " + f.error()).toList();
    }

    public final String getMarkdown() {
        return markdown;
    }

    /** Every formula shown, typeset or not, in reading order. */
    public final List<FormulaNode> formulas() {
        return formulas;
    }

    /** How many formulas were typeset as images. */
    public final long formulaImageCount() {
        return formulas.stream().filter(f -> f.error() == null).count();
    }

    /** "formula: error" for every formula JLaTeXMath could not read. */
    public final List<String> formulaErrors() {
        return formulas.stream().filter(f -> f.error() != null).map(f -> f.tex() + ": " + f.error()).toList();
    }
}
