package org.slmworkshop.ui.lab;

import javafx.scene.Node;
import org.slmworkshop.lesson.LabSettings;

/**
 * One lab beside a lesson's text. Lessons configure the same few components differently; a lab
 * reads its starting settings once and then belongs to the learner.
 */
public interface LabView {
    /** The lab's root node, built once. */
    Node view();

    /** Applies the lesson's starting settings (FX thread, right after creation). */
    void apply(LabSettings settings);

    /**
     * Applies the settings of {@code lesson}'s lab; a lab that names its lesson (the training lab's locks,
     * the run's origin) overrides this. {@code lesson} may be null outside a lesson.
     */
    default void apply(LabSettings settings, org.slmworkshop.lesson.Lesson lesson) {
        apply(settings);
    }

    /** Stops whatever background work the lab started; called when its window closes. */
    default void dispose() {}

    /**
     * True while the lab computes something in the background (a trace, a search, a map); always false
     * for a lab that does its work elsewhere. Tests and bench/fx-stall count a lab's passes with it.
     */
    default javafx.beans.property.ReadOnlyBooleanProperty busyProperty() {
        return new javafx.beans.property.ReadOnlyBooleanWrapper(false).getReadOnlyProperty();
    }
}
