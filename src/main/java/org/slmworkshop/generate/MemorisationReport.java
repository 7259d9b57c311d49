package org.slmworkshop.generate;

import java.util.List;
import java.util.Objects;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.SplitSpec;

/**
 * The memorisation meter over every sample of an export, or why it could not run. Samples are
 * measured without their prompt: the learner wrote the prompt, so only the continuation can be copied.
 *
 * @param measured whether the training text was found and searched
 * @param reason   why not, when {@code measured} is false (null otherwise)
 * @param corpusId the corpus whose training split was searched
 * @param split    that split (null when not measured)
 * @param samples  one per sample, in the export's order (empty when not measured)
 */
public record MemorisationReport(boolean measured, String reason, String corpusId, SplitSpec split, int minSpan,
                                 List<Memorisation> samples) {

    public MemorisationReport {
        samples = List.copyOf(samples);
        if (measured == (reason != null)) throw new IllegalArgumentException("a report gives a reason exactly when it is not measured");
        if (!measured && !samples.isEmpty()) throw new IllegalArgumentException("an unmeasured report holds no samples");
    }

    /** Searches the training split of {@code corpus} (indexed once, then cached) for each text. */
    public static MemorisationReport measure(Corpus corpus, SplitSpec split, List<String> texts, int minSpan) {
        SuffixIndex index = TrainingIndex.of(corpus, split);
        List<Memorisation> samples = texts.stream().map(text -> Memorisation.measure(index, text, minSpan)).toList();
        return new MemorisationReport(true, null, corpus.id(), split, minSpan, samples);
    }

    public static MemorisationReport notMeasured(String corpusId, int minSpan, String reason) {
        return new MemorisationReport(false, Objects.requireNonNull(reason, "reason"), corpusId, null, minSpan, List.of());
    }

    /** The line for sample {@code index}: what {@link Memorisation#describe()} says, or "not measured (why)". */
    public String describe(int index) {
        return measured ? samples.get(index).describe() : "not measured (" + reason + ")";
    }
}
