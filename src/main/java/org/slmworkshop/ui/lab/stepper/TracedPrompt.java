package org.slmworkshop.ui.lab.stepper;

import java.util.List;
import org.slmworkshop.inspect.ForwardTrace;
import org.slmworkshop.inspect.ForwardTrace.TopToken;
import org.slmworkshop.inspect.Stage;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.ui.ModelSnapshot;

/**
 * One traced prompt, with everything the stepper draws computed ahead (off the FX thread): the token labels, each
 * stage's norm at each position and its largest |value| (the colour scale), the top next tokens at each position,
 * and the causality comparison when a later token was changed.
 *
 * @param snapshot   the model it was traced on
 * @param tokens     the printable label of each prompt token
 * @param topTokens  per position, the likeliest next tokens
 * @param comparison the trace before the edit and how far each stage moved, or null
 * @param norms      [stage][position]: the L2 norm of that row
 * @param extents    [stage]: the largest |value| of the stage over all positions
 */
record TracedPrompt(ModelSnapshot snapshot, ForwardTrace trace, List<String> tokens, List<List<TopToken>> topTokens,
                    TraceJob.Comparison comparison, double[][] norms, double[] extents) {

    static TracedPrompt of(ModelSnapshot snapshot, ForwardTrace trace, List<String> tokens, List<List<TopToken>> top,
                           TraceJob.Comparison comparison) {
        List<Stage> stages = trace.stages();
        double[][] norms = new double[stages.size()][];
        double[] extents = new double[stages.size()];
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            norms[s] = new double[stage.length()];
            for (int t = 0; t < stage.length(); t++) norms[s][t] = stage.norm(t);
            double extent = 0;
            for (float v : stage.values()) if (Float.isFinite(v)) extent = Math.max(extent, Math.abs(v));
            extents[s] = extent;
        }
        return new TracedPrompt(snapshot, trace, List.copyOf(tokens), List.copyOf(top), comparison, norms, extents);
    }

    int length() {
        return trace.length();
    }

    int[] ids() {
        return trace.tokens();
    }

    /** The number of attention heads per block, 0 outside a GPT. */
    int heads() {
        return snapshot.model() instanceof Gpt gpt ? gpt.config().heads() : 0;
    }
}
