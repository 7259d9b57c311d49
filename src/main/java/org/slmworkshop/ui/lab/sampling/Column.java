package org.slmworkshop.ui.lab.sampling;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.generate.SettingsSpec;

/**
 * One column of the side-by-side comparison: what it demonstrates, its exact settings, and the knobs
 * it takes from the sliders. A sampled column follows the temperature and the cuts it was made with
 * (a top-k column follows top-k, not top-p); greedy follows only the repetition penalty; beam search the
 * width and the repetition penalty. A pinned column follows nothing and keeps exactly its settings.
 *
 * @param uses the knobs the sliders may write into this column, fixed when the column is made
 */
record Column(String title, DecodingSettings settings, Set<Knob> uses, boolean pinned) {

    /** The kinds offered by "Add column". */
    enum Preset { GREEDY, TEMPERATURE, TOP_K, TOP_P, MIN_P, BEAM }

    Column {
        uses = Set.copyOf(uses);
    }

    /** A column from the {@code --compare} syntax, e.g. {@code top-p=0.9,temperature=0.9}. */
    static Column parse(String spec, boolean pinned) {
        return of(SettingsSpec.parse(spec), pinned);
    }

    static Column of(DecodingSettings settings, boolean pinned) {
        return new Column(titleOf(settings), settings, usesOf(settings), pinned);
    }

    /** A new column of a kind, set from the sliders (a cut that is off on its slider starts at a usual value). */
    static Column preset(Preset preset, Knobs knobs) {
        DecodingSettings sampled = DecodingSettings.sample(knobs.temperature());
        DecodingSettings settings = switch (preset) {
            case GREEDY -> DecodingSettings.greedy();
            case TEMPERATURE -> sampled;
            case TOP_K -> sampled.withTopK(knobs.topK() == 0 ? 10 : knobs.topK());
            case TOP_P -> sampled.withTopP(knobs.topP() == 1.0 ? 0.9 : knobs.topP());
            case MIN_P -> sampled.withMinP(knobs.minP() == 0.0 ? 0.1 : knobs.minP());
            case BEAM -> DecodingSettings.beam(knobs.beamWidth(), false);
        };
        return of(settings.withRepetitionPenalty(knobs.repetitionPenalty()), false);
    }

    boolean follows(Knob knob) {
        return !pinned && uses.contains(knob);
    }

    /** This column after the slider of {@code knob} moved to its value in {@code knobs}. */
    Column follow(Knob knob, Knobs knobs) {
        if (!follows(knob)) return this;
        DecodingSettings changed = switch (knob) {
            case TEMPERATURE -> settings.withTemperature(knobs.temperature());
            case TOP_K -> settings.withTopK(knobs.topK() == 0 ? null : knobs.topK());
            case TOP_P -> settings.withTopP(knobs.topP());
            case MIN_P -> settings.withMinP(knobs.minP());
            case REPETITION_PENALTY -> settings.withRepetitionPenalty(knobs.repetitionPenalty());
            case BEAM_WIDTH -> settings.withBeam(knobs.beamWidth(), settings.lengthNormalised());
        };
        return new Column(title, changed, uses, pinned);
    }

    Column withPinned(boolean value) {
        return new Column(title, settings, uses, value);
    }

    /** The exact settings in the {@code --compare} syntax, the way the CLI and the export name them. */
    String label() {
        return settings.label();
    }

    private static Set<Knob> usesOf(DecodingSettings settings) {
        Set<Knob> uses = EnumSet.of(Knob.REPETITION_PENALTY);
        switch (settings.strategy()) {
            case GREEDY -> { }
            case BEAM -> uses.add(Knob.BEAM_WIDTH);
            case SAMPLE -> {
                uses.add(Knob.TEMPERATURE);
                if (settings.topK() != null) uses.add(Knob.TOP_K);
                if (settings.topP() < 1.0) uses.add(Knob.TOP_P);
                if (settings.minP() > 0.0) uses.add(Knob.MIN_P);
            }
        }
        return uses;
    }

    private static String titleOf(DecodingSettings settings) {
        if (settings.strategy() == Strategy.GREEDY) return "greedy";
        if (settings.strategy() == Strategy.BEAM) return "beam search";
        List<String> cuts = new ArrayList<>();
        if (settings.topK() != null) cuts.add("top-k");
        if (settings.topP() < 1.0) cuts.add("top-p");
        if (settings.minP() > 0.0) cuts.add("min-p");
        if (cuts.isEmpty()) cuts.add(settings.repetitionPenalty() != 1.0 ? "repetition penalty" : "temperature");
        return String.join(" + ", cuts);
    }
}
