package org.slmworkshop.ui.lesson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.css.CssMetaData;
import javafx.css.FontCssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.AccessibleRole;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.stage.Window;
import org.slmworkshop.lesson.Figure;

/**
 * One lesson figure, {@code ![alt](figures/name.svg "title")}: an SVG drawn at the size and pixel
 * density it is shown at. Its natural width is the viewBox width in units of
 * {@link Figure#UNITS_PER_EM} per em of the inherited CSS font, so it grows with the text when the
 * reader zooms; in a narrower column it is drawn smaller to fit, never wider than the column.
 * Each change of size, font or screen scale draws it again from the vector source. A figure that
 * cannot be read shows why, in place, like a formula error.
 */
public final class FigureNode extends Region {
    /** A figure narrower than its natural size is drawn in steps of this share, so a window drag redraws it seldom. */
    static final double FIT_STEP = 0.02;

    private static final CssMetaData<FigureNode, Font> FONT = new FontCssMetaData<>("-fx-font", Font.font(15)) {
        @Override
        public boolean isSettable(FigureNode node) {
            return !node.font.isBound();
        }

        @Override
        public StyleableProperty<Font> getStyleableProperty(FigureNode node) {
            return node.font;
        }
    };

    private static final List<CssMetaData<? extends Styleable, ?>> CSS_META_DATA;

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(Region.getClassCssMetaData());
        all.add(FONT);
        CSS_META_DATA = Collections.unmodifiableList(all);
    }

    private final String destination;
    private final String alt;
    private final String caption;
    private final StyleableObjectProperty<Font> font =
            new SimpleStyleableObjectProperty<>(FONT, this, "font", FONT.getInitialValue(null));
    private final ImageView view = new ImageView();
    private final InvalidationListener relayout = o -> requestLayout();
    private final WeakInvalidationListener weakRelayout = new WeakInvalidationListener(relayout);
    private final ChangeListener<Window> windowChanged = (o, old, window) -> watchWindow(old, window);
    private final WeakChangeListener<Window> weakWindowChanged = new WeakChangeListener<>(windowChanged);
    private Path file;
    private Figure figure;
    private String error;
    private Label errorLabel;
    private FigureRenderer.Rendered rendered;
    private int renders;

    /**
     * The figure {@code destination} (as written in the Markdown) relative to {@code folder} (the
     * lesson's folder; null means the working directory). {@code title} may be null or empty;
     * the caption is the title, or the alt text when there is none.
     */
    public FigureNode(Path folder, String destination, String alt, String title) {
        this.destination = destination;
        this.alt = alt == null ? "" : alt.strip();
        this.caption = title != null && !title.isBlank() ? title.strip() : this.alt;
        getStyleClass().add("figure");
        setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        setAccessibleText(this.alt.isEmpty() ? caption : this.alt);
        view.setSmooth(true);
        view.setPreserveRatio(false);
        view.setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        view.setAccessibleText(getAccessibleText());
        font.addListener(relayout);
        sceneProperty().addListener((o, old, scene) -> watchScreenScale(old, scene));
        try {
            file = Figure.resolve(folder, destination);
            figure = Figure.load(file);
            error = null;
            getChildren().setAll(view);
        } catch (Figure.Unreadable e) {
            figure = null;
            showError(e.getMessage());
        }
    }

    /** The path as written in the Markdown. */
    public String destination() {
        return destination;
    }

    /** The file the figure was read from, or null if the destination names no file. */
    public Path file() {
        return file;
    }

    public String alt() {
        return alt;
    }

    /** The caption shown under the figure: its title, or its alt text. */
    public String caption() {
        return caption;
    }

    /** Why the figure cannot be shown, or null. */
    public String error() {
        return error;
    }

    /** The drawn figure, or null before the first layout and for a figure with an error. */
    public FigureRenderer.Rendered rendered() {
        return error == null ? rendered : null;
    }

    /** How many times the figure was drawn (each size and scale change draws it once). */
    int renders() {
        return renders;
    }

    public ImageView imageView() {
        return error == null ? view : null;
    }

    /** The font whose size sets the figure's size, {@code -fx-font} in CSS (inherited like a Text's). */
    public StyleableObjectProperty<Font> fontProperty() {
        return font;
    }

    /** The width the figure takes at the current font when the column has room, in logical pixels. */
    public double naturalWidth() {
        return figure == null ? 0 : figure.width() * font.get().getSize() / Figure.UNITS_PER_EM;
    }

    /** The width drawn in a column {@code available} pixels wide: natural, or smaller in steps of 2% to fit. */
    double fittedWidth(double available) {
        double natural = naturalWidth();
        if (available <= 0 || natural <= available) return natural;
        double share = Math.max(FIT_STEP, Math.floor(available / natural / FIT_STEP) * FIT_STEP);
        return natural * share;
    }

    /** Device pixels per logical pixel where the figure is shown: the screen's scale times any scaling above it. */
    double outputScale() {
        Scene scene = getScene();
        Window window = scene == null ? null : scene.getWindow();
        double screen = window == null ? 1 : window.getRenderScaleX();
        Point2D origin = localToScene(0, 0);
        double transform = origin.distance(localToScene(1, 0));
        if (!(transform > 0) || !Double.isFinite(transform)) transform = 1;
        return Math.max(0.25, Math.min(8, screen * transform));
    }

    private void watchScreenScale(Scene old, Scene scene) {
        if (old != null) {
            old.windowProperty().removeListener(weakWindowChanged);
            watchWindow(old.getWindow(), null);
        }
        if (scene != null) {
            scene.windowProperty().addListener(weakWindowChanged);
            watchWindow(null, scene.getWindow());
        }
    }

    /** Moving to a screen of another scale (or a new window) draws the figure again. */
    private void watchWindow(Window old, Window window) {
        if (old != null) old.renderScaleXProperty().removeListener(weakRelayout);
        if (window != null) window.renderScaleXProperty().addListener(weakRelayout);
        requestLayout();
    }

    private void showError(String message) {
        error = message;
        rendered = null;
        errorLabel = new Label("Figure not shown: " + message);
        errorLabel.getStyleClass().add("figure-error");
        errorLabel.setWrapText(true);
        errorLabel.setAccessibleText((alt.isEmpty() ? "Figure" : alt) + ": not shown, " + message);
        getChildren().setAll(errorLabel);
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        double inner = error != null ? errorLabel.prefWidth(-1) : naturalWidth();
        return snappedLeftInset() + inner + snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double available = width < 0 ? -1 : width - snappedLeftInset() - snappedRightInset();
        double inner;
        if (error != null) {
            inner = errorLabel.prefHeight(available < 0 ? -1 : available);
        } else {
            inner = fittedWidth(available) * figure.height() / figure.width();
        }
        return snappedTopInset() + inner + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double available = getWidth() - snappedLeftInset() - snappedRightInset();
        if (error != null) {
            errorLabel.resizeRelocate(snappedLeftInset(), snappedTopInset(), available, errorLabel.prefHeight(available));
            return;
        }
        double width = fittedWidth(available);
        if (width <= 0) return;
        double scale = outputScale();
        if (rendered == null || Math.abs(rendered.width() - width) > 0.5 / scale || rendered.scale() != scale) {
            rendered = FigureRenderer.render(figure, width, scale);
            renders++;
            view.setImage(rendered.image());
            view.setFitWidth(rendered.width());
            view.setFitHeight(rendered.height());
        }
        double x = snappedLeftInset() + Math.max(0, (available - rendered.width()) / 2);
        view.relocate(snapPositionX(x), snappedTopInset());
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS_META_DATA;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS_META_DATA;
    }
}
