package org.slmworkshop.ui.lesson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.scene.text.TextFlow;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.ThematicBreak;

/**
 * Turns one commonmark document into JavaFX nodes: a list of blocks for a {@link VBox}. Text goes
 * into {@link TextFlow}s so it wraps with the column; formula placeholders left by
 * {@link MathSpans} become {@link FormulaNode}s. Styling is left to CSS classes (lesson.css).
 */
final class MarkdownRenderer {
    private static final String[] BULLETS = {"•", "◦", "▪"};

    private final List<MathSpans.Formula> formulas;
    private final Consumer<String> openLink;
    private final List<FormulaNode> formulaNodes = new ArrayList<>();
    private final List<FigureNode> figureNodes = new ArrayList<>();
    private final Path folder;
    private int listDepth;

    /** How the inline text being rendered is styled: CSS classes, and the link it belongs to. */
    private record Style(List<String> classes, String link) {
        Style with(String styleClass) {
            List<String> more = new ArrayList<>(classes);
            more.add(styleClass);
            return new Style(more, link);
        }

        Style linkTo(String destination) {
            return with("link").withLink(destination);
        }

        private Style withLink(String destination) {
            return new Style(classes, destination);
        }
    }

    private static final Style PLAIN = new Style(List.of(), null);

    /**
     * {@code openLink} receives a link's destination when it is clicked; null ignores clicks.
     * Figures ({@code ![alt](figures/name.svg)}) are read relative to {@code folder}.
     */
    MarkdownRenderer(List<MathSpans.Formula> formulas, Consumer<String> openLink, Path folder) {
        this.formulas = formulas;
        this.openLink = openLink;
        this.folder = folder;
    }

    List<FormulaNode> formulaNodes() {
        return formulaNodes;
    }

    List<FigureNode> figureNodes() {
        return figureNodes;
    }

    List<javafx.scene.Node> blocks(Node parent) {
        List<javafx.scene.Node> out = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            out.addAll(block(child));
        }
        return out;
    }

    private List<javafx.scene.Node> block(Node node) {
        if (node instanceof Heading heading) {
            return textBlocks(inlines(heading), "heading", "h" + heading.getLevel());
        } else if (node instanceof Paragraph paragraph) {
            return textBlocks(inlines(paragraph), "paragraph");
        } else if (node instanceof ListBlock list) {
            return List.of(list(list));
        } else if (node instanceof BlockQuote quote) {
            VBox box = new VBox();
            box.getStyleClass().add("blockquote");
            box.getChildren().setAll(blocks(quote));
            return List.of(box);
        } else if (node instanceof FencedCodeBlock code) {
            return List.of(new CodeBlock(code.getLiteral()));
        } else if (node instanceof IndentedCodeBlock code) {
            return List.of(new CodeBlock(code.getLiteral()));
        } else if (node instanceof ThematicBreak) {
            Separator rule = new Separator();
            rule.getStyleClass().add("rule");
            return List.of(rule);
        } else if (node instanceof HtmlBlock html) {
            List<javafx.scene.Node> text = new ArrayList<>();
            addText(html.getLiteral().strip(), PLAIN, text);
            return textBlocks(text, "paragraph");
        } else if (node instanceof TableBlock table) {
            return List.of(table(table));
        }
        return blocks(node);
    }

    // ---- text --------------------------------------------------------------------------------

    private List<javafx.scene.Node> inlines(Node parent) {
        List<javafx.scene.Node> out = new ArrayList<>();
        inlines(parent, PLAIN, out);
        return out;
    }

    private void inlines(Node parent, Style style, List<javafx.scene.Node> out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof org.commonmark.node.Text text) {
                addText(text.getLiteral(), style, out);
            } else if (child instanceof Code code) {
                Label label = new Label(code.getLiteral());
                label.getStyleClass().add("inline-code");
                label.setMinWidth(Region.USE_PREF_SIZE);
                out.add(label);
            } else if (child instanceof Emphasis) {
                inlines(child, style.with("emphasis"), out);
            } else if (child instanceof StrongEmphasis) {
                inlines(child, style.with("strong"), out);
            } else if (child instanceof Link link) {
                inlines(child, style.linkTo(link.getDestination()), out);
            } else if (child instanceof SoftLineBreak) {
                addText(" ", style, out);
            } else if (child instanceof HardLineBreak) {
                addText("\n", style, out);
            } else if (child instanceof HtmlInline html) {
                addText(html.getLiteral(), style, out);
            } else if (child instanceof org.commonmark.node.Image image) {
                FigureNode figure = new FigureNode(folder, image.getDestination(), plainText(image), image.getTitle());
                figureNodes.add(figure);
                out.add(figure);
            } else {
                inlines(child, style, out);
            }
        }
    }

    /** The text inside {@code node} (an image's alt text), formulas as their TeX source. */
    private String plainText(Node node) {
        StringBuilder text = new StringBuilder();
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof org.commonmark.node.Text literal) {
                for (MathSpans.Piece piece : MathSpans.split(literal.getLiteral(), formulas)) {
                    text.append(piece.isFormula() ? piece.formula().tex() : piece.text());
                }
            } else if (child instanceof Code code) {
                text.append(code.getLiteral());
            } else {
                text.append(plainText(child));
            }
        }
        return text.toString();
    }

    private void addText(String literal, Style style, List<javafx.scene.Node> out) {
        for (MathSpans.Piece piece : MathSpans.split(literal, formulas)) {
            if (piece.isFormula()) {
                FormulaNode formula = new FormulaNode(piece.formula().tex(), piece.formula().display());
                formulaNodes.add(formula);
                out.add(formula);
            } else {
                out.add(text(piece.text(), style));
            }
        }
    }

    private Text text(String content, Style style) {
        Text text = new Text(content);
        text.getStyleClass().add("md-text");
        text.getStyleClass().addAll(style.classes());
        if (style.link() != null) {
            String destination = style.link();
            text.setCursor(Cursor.HAND);
            Tooltip.install(text, new Tooltip(destination));
            text.setOnMouseClicked(e -> {
                if (openLink != null) openLink.accept(destination);
            });
        }
        return text;
    }

    /**
     * One text block (a paragraph or heading) as TextFlows; a display formula inside it splits the
     * block, since it stands on a line of its own.
     */
    private List<javafx.scene.Node> textBlocks(List<javafx.scene.Node> inlines, String... styleClasses) {
        List<javafx.scene.Node> out = new ArrayList<>();
        List<javafx.scene.Node> line = new ArrayList<>();
        for (javafx.scene.Node node : inlines) {
            if (node instanceof FormulaNode formula && formula.isDisplay()) {
                addFlow(line, out, styleClasses);
                line = new ArrayList<>();
                out.add(displayMath(formula));
            } else if (node instanceof FigureNode figure) {
                addFlow(line, out, styleClasses);
                line = new ArrayList<>();
                out.add(figureBlock(figure));
            } else {
                line.add(node);
            }
        }
        addFlow(line, out, styleClasses);
        return out;
    }

    private static void addFlow(List<javafx.scene.Node> line, List<javafx.scene.Node> out, String... styleClasses) {
        trim(line);
        if (line.isEmpty()) return;
        out.add(flow(line, styleClasses));
    }

    private static TextFlow flow(List<javafx.scene.Node> children, String... styleClasses) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().addAll(styleClasses);
        flow.getChildren().setAll(children);
        flow.setMinWidth(0);
        return flow;
    }

    /** Drops the spaces a line break leaves next to a display formula. */
    private static void trim(List<javafx.scene.Node> line) {
        while (!line.isEmpty() && line.get(0) instanceof Text t && t.getText().isBlank()) line.remove(0);
        while (!line.isEmpty() && line.get(line.size() - 1) instanceof Text t && t.getText().isBlank()) {
            line.remove(line.size() - 1);
        }
        if (!line.isEmpty() && line.get(0) instanceof Text first) first.setText(first.getText().stripLeading());
        if (!line.isEmpty() && line.get(line.size() - 1) instanceof Text last) last.setText(last.getText().stripTrailing());
    }

    private static javafx.scene.Node displayMath(FormulaNode formula) {
        StackPane centre = new StackPane(formula);
        centre.setAlignment(Pos.CENTER);
        centre.getStyleClass().add("display-math-content");
        HorizontalScroll scroll = new HorizontalScroll(centre);
        scroll.setFitToWidth(true); // centred when it fits, smaller when it is wider, scrolls only below 60%
        scroll.setFitter(formula::fitTo);
        scroll.getStyleClass().add("display-math");
        return scroll;
    }

    /** A figure stands on its own, centred, with its caption under it. */
    private static javafx.scene.Node figureBlock(FigureNode figure) {
        VBox block = new VBox(figure);
        block.getStyleClass().add("figure-block");
        block.setAlignment(Pos.TOP_CENTER);
        block.setFillWidth(true);
        block.setMinWidth(0);
        if (!figure.caption().isEmpty()) {
            Label caption = new Label(figure.caption());
            caption.getStyleClass().add("figure-caption");
            caption.setWrapText(true);
            caption.setTextAlignment(TextAlignment.CENTER);
            caption.setMinHeight(Region.USE_PREF_SIZE);
            block.getChildren().add(caption);
        }
        return block;
    }

    // ---- lists -------------------------------------------------------------------------------

    private javafx.scene.Node list(ListBlock list) {
        VBox box = new VBox();
        box.getStyleClass().addAll("list", list.isTight() ? "tight" : "loose");
        int number = list instanceof OrderedList ordered && ordered.getMarkerStartNumber() != null
                ? ordered.getMarkerStartNumber() : 1;
        String bullet = BULLETS[Math.min(listDepth, BULLETS.length - 1)];
        listDepth++;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            Label marker = new Label(list instanceof BulletList ? bullet : number++ + ".");
            marker.getStyleClass().add("list-marker");
            marker.setMinWidth(Region.USE_PREF_SIZE);
            VBox content = new VBox();
            content.getStyleClass().add("list-item-content");
            content.getChildren().setAll(blocks(item));
            content.setMinWidth(0);
            HBox row = new HBox(marker, content);
            row.getStyleClass().add("list-item");
            row.setAlignment(Pos.BASELINE_LEFT);
            HBox.setHgrow(content, Priority.ALWAYS);
            box.getChildren().add(row);
        }
        listDepth--;
        return box;
    }

    // ---- tables ------------------------------------------------------------------------------

    private javafx.scene.Node table(TableBlock table) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("table");
        int row = 0;
        int columns = 0;
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node tableRow = section.getFirstChild(); tableRow != null; tableRow = tableRow.getNext()) {
                if (!(tableRow instanceof TableRow)) continue;
                int column = 0;
                for (Node cell = tableRow.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (!(cell instanceof TableCell tableCell)) continue;
                    TextFlow flow = flow(inlines(tableCell), "table-cell",
                            tableCell.isHeader() ? "table-header" : (row % 2 == 1 ? "odd" : "even"));
                    flow.setTextAlignment(switch (tableCell.getAlignment() == null
                            ? TableCell.Alignment.LEFT : tableCell.getAlignment()) {
                        case CENTER -> TextAlignment.CENTER;
                        case RIGHT -> TextAlignment.RIGHT;
                        default -> TextAlignment.LEFT;
                    });
                    flow.setMinWidth(Region.USE_PREF_SIZE);
                    grid.add(flow, column++, row);
                }
                columns = Math.max(columns, column);
                row++;
            }
        }
        for (int c = 0; c < columns; c++) {
            ColumnConstraints constraints = new ColumnConstraints();
            constraints.setHgrow(Priority.NEVER);
            grid.getColumnConstraints().add(constraints);
        }
        grid.setMaxWidth(Region.USE_PREF_SIZE);
        HorizontalScroll scroll = new HorizontalScroll(grid);
        scroll.getStyleClass().add("table-scroll");
        return scroll;
    }
}
