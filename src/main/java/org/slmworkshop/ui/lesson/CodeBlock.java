package org.slmworkshop.ui.lesson;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/**
 * A fenced or indented code block: monospaced, selectable and copyable, as tall as its lines (no
 * vertical scroll bar), and scrolling sideways when a line is longer than the column.
 */
public final class CodeBlock extends TextArea {
    public CodeBlock(String code) {
        super(stripFinalNewline(code));
        getStyleClass().add("code-block");
        setEditable(false);
        setWrapText(false);
        setFocusTraversable(false);
        setPrefRowCount((int) getText().lines().count());
        setMinWidth(0);
        setPrefColumnCount(20);
        widthProperty().addListener(o -> {
            if (getParent() != null) getParent().requestLayout();
        });
        fontProperty().addListener(o -> {
            if (getParent() != null) getParent().requestLayout();
        });
    }

    private static String stripFinalNewline(String code) {
        return code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
    }

    @Override
    protected double computePrefHeight(double width) {
        Text probe = new Text(getText().isEmpty() ? " " : getText());
        probe.setFont(getFont());
        double textWidth = probe.getLayoutBounds().getWidth();
        double textHeight = probe.getLayoutBounds().getHeight();
        Insets content = contentPadding();
        double available = (width > 0 ? width : getWidth()) - snappedLeftInset() - snappedRightInset()
                - content.getLeft() - content.getRight();
        boolean overflows = available > 0 && textWidth > available;
        return snappedTopInset() + content.getTop() + textHeight + content.getBottom()
                + snappedBottomInset() + (overflows ? HorizontalScroll.barHeight(this) : 0) + 2;
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computeMaxHeight(double width) {
        return computePrefHeight(width);
    }

    private Insets contentPadding() {
        Node content = lookup(".content");
        return content instanceof Region region ? region.getPadding() : new Insets(8);
    }

}
