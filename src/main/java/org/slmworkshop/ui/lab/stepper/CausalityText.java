package org.slmworkshop.ui.lab.stepper;

import java.util.Locale;
import org.slmworkshop.inspect.CausalityCheck.StageChange;
import org.slmworkshop.inspect.Stage;

/** The causality check of one stage, in the words the stepper shows under it. */
final class CausalityText {
    private CausalityText() {}

    /** "unchanged: 0 of 1,664 values differ at positions 0..12", or what moved when the check fails. */
    static String line(TraceJob.Comparison comparison, int stageIndex, Stage stage) {
        int earlier = comparison.firstEdited();
        if (earlier == 0) return "The edit is at position 0: there is no earlier position to compare.";
        if (earlier >= stage.length()) return "No token differs: change a later token to compare.";
        long compared = (long) earlier * stage.width();
        int differing = comparison.differingValues()[stageIndex];
        String positions = earlier == 1 ? "position 0" : "positions 0.." + (earlier - 1);
        StageChange change = comparison.check().stages().get(stageIndex);
        if (differing == 0 && change.identical()) {
            return String.format(Locale.ROOT, "unchanged: 0 of %,d values differ at %s", compared, positions);
        }
        return String.format(Locale.ROOT, "CHANGED: %,d of %,d values differ at %s (largest difference %.3g): the"
                + " model looked ahead", differing, compared, positions, change.maxDifference());
    }

    /** "later positions: 39 of 40 rows changed", for the positions from the edit on. */
    static String later(TraceJob.Comparison comparison, int stageIndex, Stage stage) {
        int first = comparison.firstEdited();
        boolean[] changed = comparison.changedRows()[stageIndex];
        int count = 0;
        for (int t = first; t < changed.length; t++) if (changed[t]) count++;
        int later = stage.length() - first;
        if (later <= 0) return "";
        String rows = later == 1 ? "position " + first : "positions " + first + ".." + (stage.length() - 1);
        return String.format(Locale.ROOT, "from the edit on (%s): %d of %d rows changed", rows, count, later);
    }

    /** The check over every stage: "causality holds at all 57 stages", or how many broke it. */
    static String summary(TraceJob.Comparison comparison, int stages) {
        int earlier = comparison.firstEdited();
        if (earlier == 0) return "The edit is at position 0: nothing comes before it.";
        int broken = comparison.check().broken().size();
        String positions = earlier == 1 ? "position 0" : "positions 0.." + (earlier - 1);
        if (broken == 0) {
            return String.format(Locale.ROOT, "Causality holds: every one of the %d stages keeps %s bit-identical.", stages,
                    positions);
        }
        return String.format(Locale.ROOT, "Causality broken: %d of %d stages changed at %s.", broken, stages, positions);
    }
}
