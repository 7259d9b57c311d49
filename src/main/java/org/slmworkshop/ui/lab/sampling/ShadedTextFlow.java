package org.slmworkshop.ui.lab.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * A text flow that can shade stretches of its text from behind, as a highlighter does. A {@link Text}
 * has no background, so a path drawn from the flow's own range shapes does it. The path is unmanaged:
 * the flow lays out and counts the characters of its managed children only.
 */
final class ShadedTextFlow extends TextFlow {
    /** Characters [start, end) of the flow's text. */
    record Range(int start, int end) {
        Range {
            if (start < 0 || end < start) throw new IllegalArgumentException("not a range: [" + start + ", " + end + ")");
        }
    }

    private final Path shade = new Path();
    private List<Range> shaded = List.of();

    ShadedTextFlow() {
        shade.setManaged(false);
        shade.getStyleClass().add("copied-shade");
        getChildren().add(shade);
    }

    /** Replaces the text with {@code pieces} and shades {@code ranges} of it. */
    void show(List<Text> pieces, List<Range> ranges) {
        shaded = List.copyOf(ranges);
        getChildren().setAll(shade);
        getChildren().addAll(pieces);
    }

    List<Range> shaded() {
        return shaded;
    }

    /** The shading as drawn, in the flow's coordinates (empty before the first layout). */
    Path shade() {
        return shade;
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        List<PathElement> elements = new ArrayList<>();
        for (Range range : shaded) elements.addAll(Arrays.asList(rangeShape(range.start(), range.end())));
        shade.getElements().setAll(elements);
        // range shapes leave out the padding that the text nodes are placed inside
        shade.setLayoutX(snappedLeftInset());
        shade.setLayoutY(snappedTopInset());
    }
}
