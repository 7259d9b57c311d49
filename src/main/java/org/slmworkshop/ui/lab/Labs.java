package org.slmworkshop.ui.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
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
            case STEPPER -> new org.slmworkshop.ui.lab.stepper.StepperLab(workspace);
            case SAMPLING -> {
                var sampling = new org.slmworkshop.ui.lab.sampling.SamplingLab(workspace);
                sampling.setOnTrainItYourself(() -> workspace.openLab(Lab.TRAINING, "gpt"));
                yield sampling;
            }
            case BEAM -> new org.slmworkshop.ui.lab.beam.BeamLab(workspace);
            case SURPRISE -> new org.slmworkshop.ui.lab.surprise.SurpriseLab(workspace);
            case EMBEDDING -> new org.slmworkshop.ui.lab.embedding.EmbeddingLab(workspace);
            case RESUME -> new org.slmworkshop.ui.lab.resume.ResumeLab(workspace);
        };
    }

    /**
     * Tab titles for a lesson's labs: the lab's name, and where a lesson has several labs of one kind
     * what tells them apart ("Corpus & tokens · word", "Training · GPT on macbeth").
     */
    public static List<String> tabTitles(List<LabSettings> labs) {
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < labs.size(); i++) {
            LabSettings settings = labs.get(i);
            List<LabSettings> same = labs.stream().filter(other -> other.lab() == settings.lab()).toList();
            if (same.size() == 1) {
                titles.add(title(settings.lab()));
                continue;
            }
            List<String> parts = new ArrayList<>();
            if (differ(same, LabSettings::model) && settings.model() != null) {
                parts.add(settings.model().equals("gpt") ? "GPT" : settings.model());
            }
            if (differ(same, LabSettings::corpus) && settings.corpus() != null) parts.add("on " + settings.corpus());
            if (differ(same, LabSettings::tokenizer) && settings.tokenizer() != null) parts.add(settings.tokenizer());
            if (differ(same, LabSettings::vocab) && settings.vocab() != null) parts.add("V " + settings.vocab());
            String detail = parts.isEmpty() ? String.valueOf(same.indexOf(settings) + 1) : String.join(" ", parts);
            titles.add(title(settings.lab()) + " · " + detail);
        }
        return titles;
    }

    private static boolean differ(List<LabSettings> labs, Function<LabSettings, Object> field) {
        return labs.stream().map(field).map(String::valueOf).distinct().count() > 1;
    }

    public static String title(Lab lab) {
        return switch (lab) {
            case CORPUS -> "Corpus & tokens";
            case TRAINING -> "Training";
            case TRANSITION -> "Transition matrix";
            case LOWRANK -> "Low rank";
            case ATTENTION -> "Attention";
            case SAMPLING -> "Sampling";
            case BEAM -> "Beam search";
            case STEPPER -> "Forward pass";
            case SURPRISE -> "Surprise";
            case EMBEDDING -> "Embedding map";
            case RESUME -> "Resume experiment";
        };
    }
}
