package org.slmworkshop.ui.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.css.CssMetaData;
import javafx.css.FontCssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;

/**
 * A region that draws text on a canvas and still follows the CSS: its font is the inherited
 * {@code -fx-font} (the root font, which View ▸ Zoom and presenter mode set) and its inks are the
 * theme's {@code -slm-*} colours. A subclass draws with {@link #font} and {@link #ink} and redraws in
 * {@link #styleChanged}.
 */
public abstract class StyledRegion extends Region {
    /** The theme colours a canvas draws with, and their light-theme defaults (workshop.css). */
    public enum Ink {
        TEXT("-slm-text", "#1f2937"), TEXT_STRONG("-slm-text-strong", "#111827"), TEXT_SOFT("-slm-text-soft", "#374151"),
        MUTED("-slm-muted", "#6b7280"), GRID("-slm-grid", "#e5e7eb"), TICK("-slm-tick", "#c4c8cf"),
        SURFACE("-slm-surface", "#ffffff"), BORDER("-slm-border", "#dfe3ea");

        final String property;
        final Color light;

        Ink(String property, String light) {
            this.property = property;
            this.light = Color.web(light);
        }
    }

    private static final CssMetaData<StyledRegion, Font> FONT = new FontCssMetaData<>("-fx-font", Font.font(Zoom.BASE_FONT_PX)) {
        @Override
        public boolean isSettable(StyledRegion node) {
            return !node.font.isBound();
        }

        @Override
        public StyleableProperty<Font> getStyleableProperty(StyledRegion node) {
            return node.font;
        }
    };
    private static final Map<Ink, CssMetaData<StyledRegion, Color>> INKS = new EnumMap<>(Ink.class);
    private static final List<CssMetaData<? extends Styleable, ?>> CSS_META_DATA;

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(Region.getClassCssMetaData());
        all.add(FONT);
        for (Ink ink : Ink.values()) {
            CssMetaData<StyledRegion, Color> meta = new CssMetaData<>(ink.property, StyleConverter.getColorConverter(),
                    ink.light, true) {
                @Override
                public boolean isSettable(StyledRegion node) {
                    return true;
                }

                @Override
                public StyleableProperty<Color> getStyleableProperty(StyledRegion node) {
                    return node.inks.get(ink);
                }
            };
            INKS.put(ink, meta);
            all.add(meta);
        }
        CSS_META_DATA = Collections.unmodifiableList(all);
    }

    private final StyleableObjectProperty<Font> font =
            new SimpleStyleableObjectProperty<>(FONT, this, "font", FONT.getInitialValue(null));
    private final Map<Ink, StyleableObjectProperty<Color>> inks = new EnumMap<>(Ink.class);

    protected StyledRegion() {
        for (Ink ink : Ink.values()) {
            var property = new SimpleStyleableObjectProperty<>(INKS.get(ink), this, ink.name(), ink.light);
            property.addListener(o -> styleChanged());
            inks.put(ink, property);
        }
        font.addListener(o -> styleChanged());
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS_META_DATA;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS_META_DATA;
    }

    /** The inherited font: the root font unless a style sheet sets another on the way down. */
    public final Font cssFont() {
        return font.get();
    }

    /** How much larger than at 100% the text is drawn (2 at 200% zoom). */
    public final double textScale() {
        return cssFont().getSize() / Zoom.BASE_FONT_PX;
    }

    /** The font a canvas label {@code px} px high at 100% has now. */
    protected final Font font(double px, FontWeight weight) {
        return Font.font(cssFont().getFamily(), weight, FontPosture.REGULAR, px * textScale());
    }

    protected final Font font(double px, FontWeight weight, FontPosture posture) {
        return Font.font(cssFont().getFamily(), weight, posture, px * textScale());
    }

    /** A theme colour, as the style sheets set it now. */
    public final Color ink(Ink ink) {
        return inks.get(ink).get();
    }

    /** The font or a theme colour changed: redraw. */
    protected abstract void styleChanged();
}
