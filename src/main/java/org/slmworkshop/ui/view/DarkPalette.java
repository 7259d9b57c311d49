package org.slmworkshop.ui.view;

import javafx.scene.paint.Color;

/**
 * How the dark theme's colours come from the light theme's: each colour's CIELAB lightness is turned
 * over (L* → 8 + 88 · ((100 − L*) / 100)^0.8, so white becomes a near-black surface and near-black text
 * a light grey, and mid greys come out a little lighter than a straight flip, to keep muted text readable)
 * while its hue and chroma stay, so a pale red warning box becomes a dark red one with light red
 * text, and the app keeps its look. {@code css/dark.css} holds the result for every colour of
 * {@code css/workshop.css}'s palette; {@code DarkPaletteTest} checks that it does.
 */
public final class DarkPalette {
    static final double DARKEST = 8, SPAN = 88, EXPONENT = 0.8;

    private DarkPalette() {}

    /** The dark theme's counterpart of a light theme colour (alpha kept). */
    public static Color invert(Color light) {
        double[] lab = lab(light);
        double lightness = DARKEST + SPAN * Math.pow(Math.max(0, 100 - lab[0]) / 100, EXPONENT);
        return fromLab(lightness, lab[1], lab[2], light.getOpacity());
    }

    /** CIELAB L* of a colour, 0 (black) to 100 (white), D65. */
    public static double lightness(Color colour) {
        return lab(colour)[0];
    }

    static double[] lab(Color c) {
        double r = linear(c.getRed()), g = linear(c.getGreen()), b = linear(c.getBlue());
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    static Color fromLab(double lightness, double a, double b, double opacity) {
        double fy = (lightness + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
        double x = 0.95047 * fInverse(fx), y = fInverse(fy), z = 1.08883 * fInverse(fz);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return new Color(gamma(r), gamma(g), gamma(bl), opacity);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double fInverse(double t) {
        return t * t * t > 216.0 / 24389 ? t * t * t : (116 * t - 16) / (24389.0 / 27);
    }

    private static double linear(double channel) {
        return channel <= 0.04045 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }

    /** Back to sRGB, clipped into the gamut. */
    private static double gamma(double channel) {
        double v = channel <= 0.0031308 ? 12.92 * channel : 1.055 * Math.pow(channel, 1 / 2.4) - 0.055;
        return Math.max(0, Math.min(1, v));
    }

    /** {@code #rrggbb}, or {@code #rrggbbaa} when not opaque. */
    public static String hex(Color c) {
        String rgb = String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
        return c.getOpacity() >= 1 ? rgb : rgb + String.format("%02x", Math.round(c.getOpacity() * 255));
    }
}
