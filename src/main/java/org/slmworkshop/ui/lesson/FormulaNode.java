package org.slmworkshop.ui.lesson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.css.CssMetaData;
import javafx.css.FontCssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.util.Duration;

/**
 * One typeset formula, inline or display. It takes its size from the inherited CSS font (so a
 * formula in a heading is as large as the heading) and its colour from {@code -slm-formula-color},
 * and reports the formula's baseline so a {@code TextFlow} sits it on the text line. A formula that
 * JLaTeXMath cannot read shows its source in red with the error as a tooltip.
 */
public final class FormulaNode extends Region {
    /** Computer Modern looks smaller than a UI sans-serif at the same pixel size. */
    static final double MATH_SCALE = 1.2;

    private static final CssMetaData<FormulaNode, Font> FONT = new FontCssMetaData<>("-fx-font", Font.font(15)) {
        @Override
        public boolean isSettable(FormulaNode node) {
            return !node.font.isBound();
        }

        @Override
        public StyleableProperty<Font> getStyleableProperty(FormulaNode node) {
            return node.font;
        }
    };

    private static final CssMetaData<FormulaNode, Color> COLOR = new CssMetaData<>("-slm-formula-color",
            StyleConverter.getColorConverter(), Color.web("#1f2328"), true) {
        @Override
        public boolean isSettable(FormulaNode node) {
            return !node.color.isBound();
        }

        @Override
        public StyleableProperty<Color> getStyleableProperty(FormulaNode node) {
            return node.color;
        }
    };

    private static final List<CssMetaData<? extends Styleable, ?>> CSS_META_DATA;

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(Region.getClassCssMetaData());
        all.add(FONT);
        all.add(COLOR);
        CSS_META_DATA = Collections.unmodifiableList(all);
    }

    private final String tex;
    private final boolean display;
    private final StyleableObjectProperty<Font> font =
            new SimpleStyleableObjectProperty<>(FONT, this, "font", FONT.getInitialValue(null));
    private final StyleableObjectProperty<Color> color =
            new SimpleStyleableObjectProperty<>(COLOR, this, "formulaColor", COLOR.getInitialValue(null));
    private final ImageView view = new ImageView();
    private Label errorLabel;
    private String error;
    private FormulaRenderer.Rendered rendered;
    private boolean dirty;
    /** A display formula wider than its column is typeset smaller (never below {@link #MIN_SHRINK}), not scaled. */
    private double shrink = 1;
    static final double MIN_SHRINK = 0.6;
    private static final double SHRINK_STEP = 0.05;   // few sizes, so the renderer's cache stays small

    public FormulaNode(String tex, boolean display) {
        this.tex = tex;
        this.display = display;
        getStyleClass().add(display ? "formula-display" : "formula");
        setAccessibleRole(AccessibleRole.TEXT);
        setAccessibleText(tex);
        view.setSmooth(true);
        view.setPreserveRatio(false);
        font.addListener(o -> invalidate());
        color.addListener(o -> invalidate());
        render();
    }

    public String tex() {
        return tex;
    }

    public boolean isDisplay() {
        return display;
    }

    /** The ink colour, {@code -slm-formula-color} in CSS; lesson.css sets it to the text colour. */
    public ObjectProperty<Color> formulaColorProperty() {
        return color;
    }

    /** The font whose size the formula takes, {@code -fx-font} in CSS (inherited like a Text's). */
    public ObjectProperty<Font> fontProperty() {
        return font;
    }

    /** JLaTeXMath's message when the formula could not be typeset, or null. */
    public String error() {
        return error;
    }

    /** The typeset image, or null if the formula has an error. */
    public ImageView imageView() {
        return error == null ? view : null;
    }

    /**
     * Typesets the formula small enough to fit {@code available} pixels, in steps of 5%, down to
     * {@link #MIN_SHRINK} of its size (then it scrolls); at full size when it fits. Returns whether the size changed.
     */
    boolean fitTo(double available) {
        ensureRendered();
        if (rendered == null || available <= 0) return false;
        double natural = rendered.width() / shrink;
        double wanted = natural <= available ? 1
                : Math.max(MIN_SHRINK, Math.floor(available / natural / SHRINK_STEP) * SHRINK_STEP);
        if (Math.abs(wanted - shrink) < 1e-9) return false;
        shrink = wanted;
        invalidate();
        return true;
    }

    /** The share of its natural size the formula is typeset at (1 unless {@link #fitTo} shrank it). */
    public double shrink() {
        return shrink;
    }

    private void invalidate() {
        dirty = true;
        requestLayout();
    }

    private void ensureRendered() {
        if (dirty) render();
    }

    private void render() {
        dirty = false;
        try {
            rendered = FormulaRenderer.render(tex, display, font.get().getSize() * MATH_SCALE * shrink, color.get());
            view.setImage(rendered.image());
            view.setFitWidth(rendered.width());
            view.setFitHeight(rendered.height());
            if (!getChildren().contains(view)) getChildren().setAll(view);
            error = null;
        } catch (FormulaRenderer.FormulaException e) {
            showError(e.getMessage());
        }
    }

    private void showError(String message) {
        error = message;
        rendered = null;
        if (errorLabel == null) {
            errorLabel = new Label(display ? "$$" + tex + "$$" : "$" + tex + "$");
            errorLabel.getStyleClass().add("formula-error");
            errorLabel.setMinWidth(Region.USE_PREF_SIZE);
            Tooltip tip = new Tooltip("Formula error: " + message);
            tip.setShowDelay(Duration.millis(200));
            tip.setWrapText(true);
            tip.setMaxWidth(480);
            errorLabel.setTooltip(tip);
        }
        getChildren().setAll(errorLabel);
    }

    @Override
    protected double computePrefWidth(double height) {
        ensureRendered();
        double inner = rendered != null ? rendered.width() : errorLabel.prefWidth(-1);
        return snappedLeftInset() + inner + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        ensureRendered();
        double inner = rendered != null ? rendered.height() : errorLabel.prefHeight(-1);
        return snappedTopInset() + inner + snappedBottomInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return computePrefWidth(height);
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computeMaxWidth(double height) {
        return computePrefWidth(height);
    }

    @Override
    protected double computeMaxHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    public double getBaselineOffset() {
        ensureRendered();
        double inner = rendered != null ? rendered.baseline() : errorLabel.getBaselineOffset();
        return snappedTopInset() + inner;
    }

    @Override
    protected void layoutChildren() {
        ensureRendered();
        double x = snappedLeftInset();
        double y = snappedTopInset();
        if (rendered != null) {
            view.relocate(x, y);
        } else {
            errorLabel.resizeRelocate(x, y, errorLabel.prefWidth(-1), errorLabel.prefHeight(-1));
        }
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS_META_DATA;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS_META_DATA;
    }
}
