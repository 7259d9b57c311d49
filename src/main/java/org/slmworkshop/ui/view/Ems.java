package org.slmworkshop.ui.view;

import java.util.Locale;
import javafx.scene.Node;

/**
 * Sizes given in pixels at 100% that grow with View ▸ Zoom: written as an inline style in em, relative to the node's
 * own font, which the zoom scales. A pixel width set in code stays put while the text in it doubles (at 200% a
 * spinner of 72 px showed no digits).
 */
public final class Ems {
    private Ems() {}

    /** The node's preferred width: {@code px} at 100% (13 px type). */
    public static void prefWidth(Node node, double px) {
        String rule = String.format(Locale.ROOT, "-fx-pref-width: %.3fem;", px / Zoom.BASE_FONT_PX);
        String style = node.getStyle() == null ? "" : node.getStyle().strip();
        node.setStyle(style.isEmpty() ? rule : style + (style.endsWith(";") ? " " : "; ") + rule);
    }
}
