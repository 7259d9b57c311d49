package org.slmworkshop.ui.lab;

import org.slmworkshop.lesson.Lab;
import org.slmworkshop.ui.Workspace;

/** The one place that maps a lesson's lab name to its component. */
public final class Labs {
    private Labs() {}

    public static LabView create(Lab lab, Workspace workspace) {
        return switch (lab) {
            case CORPUS -> new org.slmworkshop.ui.lab.corpus.CorpusLab(workspace);
            case TRAINING -> new org.slmworkshop.ui.lab.training.TrainingLab(workspace);
            case TRANSITION -> new org.slmworkshop.ui.lab.heatmap.TransitionLab(workspace);
            case LOWRANK -> new org.slmworkshop.ui.lab.lowrank.LowRankLab(workspace);
            case ATTENTION -> new org.slmworkshop.ui.lab.heatmap.AttentionLab(workspace);
            case SAMPLING -> {
                var sampling = new org.slmworkshop.ui.lab.sampling.SamplingLab(workspace);
                sampling.setOnTrainItYourself(() -> workspace.openLab(Lab.TRAINING, "gpt"));
                yield sampling;
            }
        };
    }

    /**
     * Tab titles for a lesson's labs: the lab's name, and where a lesson has two labs of one kind
     * (lesson 6 trains on Dickens and on Macbeth) what tells them apart.
     */
    public static java.util.List<String> tabTitles(java.util.List<org.slmworkshop.lesson.LabSettings> labs) {
        return labs.stream().map(settings -> {
            long same = labs.stream().filter(other -> other.lab() == settings.lab()).count();
            if (same == 1) return title(settings.lab());
            String model = settings.model() == null ? "" : settings.model().equals("gpt") ? "GPT" : settings.model();
            String corpus = settings.corpus() == null ? "" : settings.corpus();
            String detail = (model + (model.isEmpty() || corpus.isEmpty() ? "" : " on ") + corpus).trim();
            return detail.isEmpty() ? title(settings.lab()) : title(settings.lab()) + " · " + detail;
        }).toList();
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
