package org.slmworkshop.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * The lesson's claim, checked: edit a later token, and every stage at every earlier position keeps exactly the same
 * numbers, bit for bit, because attention never looks ahead.
 *
 * @param firstEdited the first position whose token differs between the two traces (their length when none does)
 * @param stages      for every stage, how far its rows before {@code firstEdited} moved
 */
public record CausalityCheck(int firstEdited, List<StageChange> stages) {
    public CausalityCheck {
        stages = List.copyOf(stages);
    }

    /**
     * @param maxDifference the largest |before − after| over positions before the edit
     * @param identical     whether those rows are bit-identical
     */
    public record StageChange(String label, double maxDifference, boolean identical) {}

    /** Compares two traces of one model on prompts of one length that agree up to some position. */
    public static CausalityCheck compare(ForwardTrace before, ForwardTrace after) {
        if (before.length() != after.length() || before.stages().size() != after.stages().size()) {
            throw new IllegalArgumentException("the causality check compares two prompts of the same length through one model");
        }
        int[] a = before.tokens(), b = after.tokens();
        int firstEdited = 0;
        while (firstEdited < a.length && a[firstEdited] == b[firstEdited]) firstEdited++;
        List<StageChange> changes = new ArrayList<>();
        for (int s = 0; s < before.stages().size(); s++) {
            Stage x = before.stages().get(s), y = after.stages().get(s);
            if (!x.label().equals(y.label())) throw new IllegalArgumentException("the traces' stages differ: " + x + ", " + y);
            int prefix = firstEdited * x.width();
            double max = 0;
            boolean identical = true;
            for (int i = 0; i < prefix; i++) {
                float u = x.values()[i], v = y.values()[i];
                identical &= Float.floatToRawIntBits(u) == Float.floatToRawIntBits(v);
                max = Math.max(max, Math.abs((double) u - v));
            }
            changes.add(new StageChange(x.label(), max, identical));
        }
        return new CausalityCheck(firstEdited, changes);
    }

    /** True when every stage at every position before the edit is bit-identical. */
    public boolean holds() {
        return stages.stream().allMatch(StageChange::identical);
    }

    /** The stages whose earlier positions moved: empty when the check holds. */
    public List<StageChange> broken() {
        return stages.stream().filter(change -> !change.identical()).toList();
    }
}
