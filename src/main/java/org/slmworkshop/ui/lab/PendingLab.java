package org.slmworkshop.ui.lab;

import javafx.scene.Node;
import javafx.scene.control.Label;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;

/** TEMPORARY while the labs are written in parallel; removed before the desktop app lands. */
final class PendingLab implements LabView {
    private final Label label;

    PendingLab(Lab lab) {
        label = new Label(Labs.title(lab));
    }

    @Override
    public Node view() {
        return label;
    }

    @Override
    public void apply(LabSettings settings) {
        label.setText(label.getText() + "\n" + settings);
        label.setWrapText(true);
    }
}
