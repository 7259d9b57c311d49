package org.slmworkshop.ui.lab.sampling;

import java.util.Locale;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.slmworkshop.generate.Memorisation;

/** A column's memorisation line ("copied: longest 57 chars, 12% of text") and the tooltip that explains it. */
final class CopiedLine {
    private static final int TOOLTIP_EXCERPT = 240;

    private CopiedLine() {}

    static String of(Memorisation meter) {
        if (meter.spans().isEmpty()) return String.format(Locale.ROOT, "no copying ≥ %d chars", meter.minSpan());
        return String.format(Locale.ROOT, "copied: longest %d chars, %s of text", meter.longestMatch(), percent(meter.copiedShare()));
    }

    /** A share as a whole percentage; a little copying never reads as 0%. */
    static String percent(double share) {
        double percent = 100 * share;
        return percent > 0 && percent < 0.5 ? "<1%" : String.format(Locale.ROOT, "%.0f%%", percent);
    }

    static Tooltip tooltip(Memorisation meter, String corpus) {
        Tooltip tooltip = new Tooltip(explanation(meter, corpus));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(440);
        tooltip.setShowDuration(Duration.seconds(30));
        return tooltip;
    }

    /** What the line means, with the longest stretch's text. */
    static String explanation(Memorisation meter, String corpus) {
        String where = "the training text of '" + corpus + "'";
        if (meter.spans().isEmpty()) {
            String longest = meter.longest() == null ? "no character of it occurs there."
                    : String.format(Locale.ROOT, "the longest shared stretch is %d characters:%n\"%s\"", meter.longestMatch(),
                    excerpt(meter.longest().text()));
            return String.format(Locale.ROOT, "Memorisation meter: no stretch of at least %d characters of this text occurs"
                    + " word for word in %s; %s%n%nShort matches are common words and phrases. Lower \"copied ≥\" to see"
                    + " them.", meter.minSpan(), where, longest);
        }
        return String.format(Locale.ROOT, "Memorisation meter: the shaded stretches occur word for word in %s and are at"
                        + " least %d characters long. Short matches are common words and phrases; a long one means the"
                        + " model reproduces its training text.%n%nLongest: %d characters%n\"%s\"%n%n%,d of the %,d generated"
                        + " characters (%s) lie in such stretches; the prompt is not counted.", where, meter.minSpan(),
                meter.longestMatch(), excerpt(meter.longest().text()), meter.copiedCharacters(), meter.textLength(),
                percent(meter.copiedShare()));
    }

    /** Line breaks shown as ⏎, so the stretch stays one paragraph; a very long one cut in the middle. */
    static String excerpt(String text) {
        String flat = text.replace("\n", "⏎");
        if (flat.length() <= TOOLTIP_EXCERPT) return flat;
        int half = TOOLTIP_EXCERPT / 2 - 1;
        return flat.substring(0, half) + " … " + flat.substring(flat.length() - half);
    }
}
