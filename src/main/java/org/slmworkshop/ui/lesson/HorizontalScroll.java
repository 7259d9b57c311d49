package org.slmworkshop.ui.lesson;

import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;

/**
 * Holds something that may be wider than the text column (a display formula, a table): it is as
 * tall as its content, scrolls sideways when it does not fit, and never scrolls vertically, so the
 * lesson's own scroll pane keeps the mouse wheel.
 */
final class HorizontalScroll extends ScrollPane {
    private static final double FALLBACK_BAR_HEIGHT = 14;
    private java.util.function.DoublePredicate fitter = width -> false;

    HorizontalScroll(Node content) {
        super(content);
        getStyleClass().add("horizontal-scroll");
        setFitToHeight(true);
        setHbarPolicy(ScrollBarPolicy.AS_NEEDED);
        setVbarPolicy(ScrollBarPolicy.NEVER);
        setMinWidth(0);
        // the height depends on whether a scroll bar is needed, which depends on the width
        widthProperty().addListener(o -> {
            if (getParent() != null) getParent().requestLayout();
        });
    }

    /**
     * Asked, before each layout, to make the content fit the width there is (a formula typesets itself
     * smaller); returns whether it changed, and it scrolls only if that was not enough.
     */
    void setFitter(java.util.function.DoublePredicate fitter) {
        this.fitter = fitter;
    }

    @Override
    protected void layoutChildren() {
        double available = getWidth() - snappedLeftInset() - snappedRightInset();
        if (fitter.test(available) && getParent() != null) getParent().requestLayout();
        super.layoutChildren();
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + getContent().prefWidth(-1) + snappedRightInset() + 1;
    }

    @Override
    protected double computePrefHeight(double width) {
        double contentWidth = getContent().prefWidth(-1);
        double available = (width > 0 ? width : getWidth()) - snappedLeftInset() - snappedRightInset();
        boolean overflows = available > 0 && contentWidth > available + 0.5;
        return snappedTopInset() + getContent().prefHeight(-1) + snappedBottomInset() + (overflows ? barHeight(this) : 0);
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    /** The height of {@code parent}'s horizontal scroll bar, as styled, whether or not it shows. */
    static double barHeight(Parent parent) {
        for (Node node : parent.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.HORIZONTAL) {
                double h = bar.prefHeight(-1);
                if (h > 0) return h;
            }
        }
        return FALLBACK_BAR_HEIGHT;
    }
}
