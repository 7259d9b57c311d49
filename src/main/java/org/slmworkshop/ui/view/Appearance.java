package org.slmworkshop.ui.view;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.PopupWindow;
import javafx.stage.Window;
import org.slmworkshop.ui.AppSettings;

/**
 * How the window looks: its zoom, its theme and presenter mode. Each is a stylesheet on the scene,
 * never a bitmap scale: the zoom is a one-rule sheet that sets the root font (every other size in
 * the app's CSS is in em, relative to it), the dark theme is {@code css/dark.css}. Dialogs opened
 * later get the same sheets. The zoom and the theme are saved in the settings; presenter mode is not.
 */
public final class Appearance {
    /** On the scene's root while presenter mode is on; labs that hide columns in it watch for it ({@link #watchPresenting}). */
    public static final PseudoClass PRESENTING = PseudoClass.getPseudoClass("presenting");
    public static final String DARK_STYLE_CLASS = "theme-dark";
    public static final String LIGHT_STYLE_CLASS = "theme-light";
    static final String DARK_SHEET = Appearance.class.getResource("/css/dark.css").toExternalForm();

    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.SYSTEM);
    private final BooleanProperty presenting = new SimpleBooleanProperty(this, "presenting");
    private final Theme system;
    private final Consumer<UnaryOperator<AppSettings>> saver;
    private Scene scene;

    /**
     * @param saver  stores a change of the settings (the workspace's atomic save)
     * @param system the desktop's theme, for {@link Theme#SYSTEM}
     */
    public Appearance(AppSettings settings, Consumer<UnaryOperator<AppSettings>> saver, Theme system) {
        this.saver = saver;
        this.system = system;
        zoom.set(Zoom.clamp(settings.zoom()));
        theme.set(themeFromSystemProperty(Theme.parse(settings.theme())));
        zoom.addListener((obs, old, level) -> {
            apply();
            saver.accept(s -> s.withZoom(level.doubleValue()));
        });
        theme.addListener((obs, old, chosen) -> {
            apply();
            saver.accept(s -> s.withTheme(chosen.id()));
        });
        presenting.addListener(o -> apply());
    }

    /** {@code -Dslm.theme=light|dark} wins over the saved choice (screenshots, a projector that needs one). */
    private static Theme themeFromSystemProperty(Theme saved) {
        String forced = System.getProperty("slm.theme");
        return forced == null ? saved : Theme.parse(forced);
    }

    /** Styles {@code scene} from now on, and every dialog opened over it. */
    public void attach(Scene target) {
        this.scene = target;
        apply();
        ObservableList<Window> windows = Window.getWindows();
        windows.addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                for (Window window : change.getAddedSubList()) {
                    if (ours(window)) style(window.getScene());
                }
            }
        });
    }

    /**
     * A dialog over our window (owned by it, directly or through another dialog): styled like it. Windows
     * of anything else in the same JavaFX runtime (another main window, a test's stage) are left alone.
     */
    private boolean ours(Window window) {
        if (window instanceof PopupWindow || window.getScene() == null || scene == null || window.getScene() == scene) {
            return false;
        }
        Window main = scene.getWindow();
        for (Window w = window; w instanceof javafx.stage.Stage stage; ) {
            Window owner = stage.getOwner();
            if (owner == null) return false;
            if (owner == main) return true;
            w = owner;
        }
        return false;
    }

    private void apply() {
        if (scene == null) return;
        style(scene);
        for (Window window : List.copyOf(Window.getWindows())) {
            if (ours(window)) style(window.getScene());
        }
    }

    private void style(Scene target) {
        ObservableList<String> sheets = target.getStylesheets();
        String newZoomSheet = zoomSheet(rootFontPx());
        sheets.removeIf(sheet -> sheet.startsWith(ZOOM_SHEET_PREFIX) || sheet.equals(DARK_SHEET));
        if (effectiveTheme() == Theme.DARK) sheets.add(DARK_SHEET);
        sheets.add(newZoomSheet);
        var root = target.getRoot();
        root.getStyleClass().removeAll(DARK_STYLE_CLASS, LIGHT_STYLE_CLASS);
        root.getStyleClass().add(effectiveTheme() == Theme.DARK ? DARK_STYLE_CLASS : LIGHT_STYLE_CLASS);
        root.pseudoClassStateChanged(PRESENTING, presenting.get());
    }

    /** Every zoom sheet starts with this comment, so its data URI starts with the same 16 base64 characters. */
    private static final String ZOOM_MARK = "/* slm zoom */";
    private static final String ZOOM_SHEET_PREFIX = "data:text/css;base64," + Base64.getEncoder().encodeToString(
            ZOOM_MARK.substring(0, 12).getBytes(StandardCharsets.US_ASCII));

    /** A stylesheet, as a data URI, that sets the root font to {@code px}. */
    static String zoomSheet(double px) {
        String css = ZOOM_MARK + "   .root { -fx-font-size: " + String.format(java.util.Locale.ROOT, "%.2f", px) + "px; }";
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.US_ASCII));
    }

    /** The root font now: the zoom, enlarged in presenter mode. */
    public double rootFontPx() {
        return Zoom.rootFontPx(zoom.get(), presenting.get());
    }

    public Theme effectiveTheme() {
        return theme.get().resolve(system);
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public BooleanProperty presentingProperty() {
        return presenting;
    }

    public void zoomIn() {
        zoom.set(Zoom.in(zoom.get()));
    }

    public void zoomOut() {
        zoom.set(Zoom.out(zoom.get()));
    }

    public void resetZoom() {
        zoom.set(1);
    }

    /** The scene this styles, or null before {@link #attach}. */
    public Scene scene() {
        return scene;
    }

    /**
     * Calls {@code onChange} with true when {@code node}'s window enters presenter mode and false
     * when it leaves it, and again with the current state whenever the node enters a window (so
     * {@code onChange} must not mind hearing the same state twice): a lab hides its settings column with it.
     */
    public static void watchPresenting(Node node, Consumer<Boolean> onChange) {
        javafx.collections.SetChangeListener<PseudoClass> rootListener = change -> {
            if (change.getElementAdded() == PRESENTING) onChange.accept(true);
            if (change.getElementRemoved() == PRESENTING) onChange.accept(false);
        };
        node.sceneProperty().addListener((obs, old, now) -> {
            if (old != null && old.getRoot() != null) old.getRoot().getPseudoClassStates().removeListener(rootListener);
            if (now != null && now.getRoot() != null) {
                now.getRoot().getPseudoClassStates().addListener(rootListener);
                onChange.accept(now.getRoot().getPseudoClassStates().contains(PRESENTING));
            }
        });
        if (node.getScene() != null && node.getScene().getRoot() != null) {
            node.getScene().getRoot().getPseudoClassStates().addListener(rootListener);
            if (node.getScene().getRoot().getPseudoClassStates().contains(PRESENTING)) onChange.accept(true);
        }
    }
}
