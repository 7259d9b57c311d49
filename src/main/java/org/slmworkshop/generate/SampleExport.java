package org.slmworkshop.generate;

import java.util.List;

/**
 * The one schema of exported samples; {@code .json} writes it as is, {@code .md} and {@code .txt}
 * render the same fields for people (see {@link SampleExporter}).
 *
 * @param exportedAt   ISO-8601 instant of the export
 * @param prompt       the prompt text ("" when generation started from {@code <eot>})
 * @param divergences  per pair of samples, the first step where they differ (empty for one sample)
 * @param memorisation the spans each sample shares with the training text, or null when not asked for
 * @param beamTree     for one beam search, every candidate it ranked, kept or pruned, and greedy's path; else null
 */
public record SampleExport(String format, int version, String exportedAt, ModelSource model, String prompt,
                           boolean promptStartsFromEndOfText, long seed, int maxTokens, List<Sample> samples,
                           List<Comparison.Divergence> divergences, MemorisationReport memorisation,
                           BeamTree beamTree) {

    public static final String FORMAT = "slm-workshop-samples";
    public static final int VERSION = 1;

    public SampleExport {
        if (!FORMAT.equals(format)) throw new IllegalArgumentException("not an SLM Workshop sample export: format " + format);
        if (version != VERSION) throw new IllegalArgumentException("sample export version " + version + "; this app reads " + VERSION);
        samples = List.copyOf(samples);
        divergences = List.copyOf(divergences);
        if (memorisation != null && memorisation.measured() && memorisation.samples().size() != samples.size()) {
            throw new IllegalArgumentException("the memorisation report measures " + memorisation.samples().size()
                    + " samples, but the export holds " + samples.size());
        }
    }

    /**
     * Which model wrote the samples.
     *
     * @param checkpoint          the checkpoint's file name, or null for a model never saved
     * @param checkpointCreatedAt the checkpoint's {@code createdAt}: with the name, it identifies the weights
     */
    public record ModelSource(String kind, long parameterCount, String checkpoint, String checkpointCreatedAt,
                              long trainingSteps) {}

    public static SampleExport of(ModelSource model, Prompt prompt, Comparison comparison, String exportedAt) {
        return of(model, prompt, comparison, exportedAt, null);
    }

    public static SampleExport of(ModelSource model, Prompt prompt, Comparison comparison, String exportedAt,
                                  MemorisationReport memorisation) {
        return of(model, prompt, comparison, exportedAt, memorisation, null);
    }

    public static SampleExport of(ModelSource model, Prompt prompt, Comparison comparison, String exportedAt,
                                  MemorisationReport memorisation, BeamTree beamTree) {
        return new SampleExport(FORMAT, VERSION, exportedAt, model, prompt.text(), prompt.startsFromEndOfText(),
                comparison.seed(), comparison.maxTokens(), comparison.samples(), comparison.divergences(), memorisation,
                beamTree);
    }
}
