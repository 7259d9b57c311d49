package org.slmworkshop.ui.lab.beam;

import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/**
 * One drawn node: the token, a badge (beam number, end, greedy), the token's log p and p, and the
 * path's Σ log p and p; a pruned node shows the first two on one line. Plain {@link Text} nodes laid
 * out by hand, not labels in boxes: a wide search draws hundreds of nodes, and controls would cost
 * the FX thread a second of CSS.
 */
final class BeamNodeView extends Region {
    private static final double LINE_GAP = 1;

    private BeamTreeLayout.Cell cell;
    private final Text token;
    private final Text badge;
    private final Text own;
    private final Text path;   // hidden on one-line nodes

    BeamNodeView(BeamTreeLayout.Cell cell, String token, String badge, String own, String path) {
        this.cell = cell;
        this.token = text(token, "node-token");
        this.badge = text(badge, "node-badge");
        this.own = text(own, "node-own");
        this.path = text(path == null ? "" : path, "node-path");
        this.path.setVisible(path != null);
        getChildren().addAll(this.token, this.badge, this.own, this.path);
        // painted once into a bitmap and copied after that: a tree of a few hundred rounded, bordered boxes took
        // 30-80 ms to paint in software rendering whenever a part of it changed
        setCache(true);
        setCacheHint(javafx.scene.CacheHint.QUALITY);
    }

    private static Text text(String value, String styleClass) {
        Text text = new Text(value);
        text.getStyleClass().add(styleClass);
        text.setTextOrigin(VPos.TOP);
        return text;
    }

    /** Another search's cell drawn in this node: its texts ({@code newPath} null on a one-line node). */
    void update(BeamTreeLayout.Cell newCell, String newToken, String newBadge, String newOwn, String newPath) {
        cell = newCell;
        setText(token, newToken);
        setText(badge, newBadge);
        setText(own, newOwn);
        setText(path, newPath == null ? "" : newPath);
        if (path.isVisible() != (newPath != null)) {
            path.setVisible(newPath != null);
            requestLayout();
        }
    }

    private void setText(Text text, String value) {
        if (!value.equals(text.getText())) {
            text.setText(value);
            requestLayout();   // the badge and numbers are placed by their widths
        }
    }

    BeamTreeLayout.Cell cell() {
        return cell;
    }

    String tokenText() {
        return token.getText();
    }

    /** The colour the token is drawn in. */
    javafx.scene.paint.Paint tokenFill() {
        return token.getFill();
    }

    /** The token's own log p and p, as drawn. */
    String ownText() {
        return own.getText();
    }

    @Override
    protected void layoutChildren() {
        Insets insets = getInsets();
        double left = insets.getLeft(), right = getWidth() - insets.getRight(), top = insets.getTop();
        badge.setVisible(path.isVisible());
        if (!path.isVisible()) {   // one line: token left, numbers right
            double middle = getHeight() / 2;
            token.relocate(left, middle - height(token) / 2);
            own.relocate(right - width(own), middle - height(own) / 2);
            return;
        }
        token.relocate(left, top);
        badge.relocate(right - width(badge), top + (height(token) - height(badge)) / 2);
        double y = top + height(token) + LINE_GAP;
        own.relocate(left, y);
        path.relocate(left, y + height(own) + LINE_GAP);
    }

    private static double width(Text text) {
        return text.getLayoutBounds().getWidth();
    }

    private static double height(Text text) {
        return text.getLayoutBounds().getHeight();
    }
}
