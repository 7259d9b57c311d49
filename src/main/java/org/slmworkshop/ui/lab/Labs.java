package org.slmworkshop.ui.lab;

import org.slmworkshop.lesson.Lab;
import org.slmworkshop.ui.Workspace;

/** The one place that maps a lesson's lab name to its component. */
public final class Labs {
    private Labs() {}

    public static LabView create(Lab lab, Workspace workspace) {
        return switch (lab) {
            case CORPUS -> new PendingLab(lab);
            case TRAINING -> new org.slmworkshop.ui.lab.training.TrainingLab(workspace);
            case TRANSITION -> new PendingLab(lab);
            case LOWRANK -> new PendingLab(lab);
            case ATTENTION -> new PendingLab(lab);
            case SAMPLING -> new PendingLab(lab);
        };
    }

    public static String title(Lab lab) {
        return switch (lab) {
            case CORPUS -> "Corpus & tokens";
            case TRAINING -> "Training";
            case TRANSITION -> "Transition matrix";
            case LOWRANK -> "Low rank";
            case ATTENTION -> "Attention";
            case SAMPLING -> "Sampling";
        };
    }
}
