package org.slmworkshop.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slmworkshop.generate.Beam;
import org.slmworkshop.generate.BeamTree;
import org.slmworkshop.generate.BeamTreeText;
import org.slmworkshop.generate.Comparison;
import org.slmworkshop.generate.DecodingSettings;
import org.slmworkshop.generate.DecodingSettings.Strategy;
import org.slmworkshop.generate.Generator;
import org.slmworkshop.generate.Memorisation;
import org.slmworkshop.generate.MemorisationReport;
import org.slmworkshop.generate.NextTokenDistribution;
import org.slmworkshop.generate.Prompt;
import org.slmworkshop.generate.Sample;
import org.slmworkshop.generate.SampleExport;
import org.slmworkshop.generate.SampleExporter;
import org.slmworkshop.generate.SettingsSpec;
import org.slmworkshop.generate.TokenListener;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.util.Json;
import org.slmworkshop.util.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample", sortOptions = false,
        description = {"Generate text from a checkpoint: greedy, sampling (temperature, top-k, top-p, min-p,"
                + " repetition penalty) or beam search, or several settings side by side with one seed.",
                "Transforms apply in this order: repetition penalty, temperature, top-k, top-p, min-p."})
public final class SampleCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true)
    Path checkpoint;

    @Option(names = "--at-step", paramLabel = "N", description = "Sample the run as it was at step N: one of the"
            + " snapshots the checkpoint keeps (train --snapshots); a step it does not keep lists those it does.")
    Integer atStep;

    @Option(names = "--prompt", defaultValue = "", description = "Text to continue (empty: start a new document from <eot>).")
    String prompt;

    @Option(names = "--strategy", defaultValue = "sample", description = "greedy, sample or beam (default ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--temperature", defaultValue = "1.0", description = "> 0; below 1 sharpens, above 1 flattens.")
    double temperature;

    @Option(names = "--top-k", description = "Keep the k most likely tokens (≥ 1; default: all).")
    Integer topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus: the smallest set reaching p, in (0, 1].")
    double topP;

    @Option(names = "--min-p", defaultValue = "0.0", description = "Drop tokens below min-p × the top probability, in [0, 1].")
    double minP;

    @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "> 0; 1 is off (Hugging Face's definition).")
    double repetitionPenalty;

    @Option(names = "--beam-width", defaultValue = "4", description = "Beams kept by --strategy beam.")
    int beamWidth;

    @Option(names = "--length-norm", description = "Beam search ranks by log-probability per token.")
    boolean lengthNorm;

    @Option(names = "--max-tokens", defaultValue = "200")
    int maxTokens;

    @Option(names = "--seed", defaultValue = "1337", description = "Fixes the random draws: the same seed gives the same text.")
    long seed;

    @Option(names = "--compare", paramLabel = "SPEC", description = {"Run these settings side by side instead of --strategy,"
            + " all on one stream of random numbers; repeat it. SPEC: " + SettingsSpec.SYNTAX})
    List<String> compare = new ArrayList<>();

    @Option(names = "--distribution", paramLabel = "N", description = "Also print the first token's top-N probabilities after each transform.")
    Integer distribution;

    @Option(names = "--allow-unknown", description = "Let prompt text the tokenizer cannot encode become <unk>.")
    boolean allowUnknown;

    @Option(names = "--copy-min", paramLabel = "N", defaultValue = "" + Memorisation.DEFAULT_MIN_SPAN,
            description = {"Memorisation meter: report the spans of at least N characters that each continuation shares"
                    + " with the training split (default ${DEFAULT-VALUE}; 0 skips the meter)."})
    int copyMin;

    @Option(names = "--tree", description = "With --strategy beam: also print the search as a tree (every candidate"
            + " ranked, kept or [pruned], greedy's choices marked *). --json always carries it.")
    boolean tree;

    /** The last beam search's tree, for the export and --tree. */
    private BeamTree beamTree;

    @Option(names = "--out", description = "Export the samples to a .txt, .md or .json file (written atomically).")
    Path out;

    @Option(names = "--json", description = "Print the export schema as one JSON line instead of text for people.")
    boolean json;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() {
        List<DecodingSettings> settings = settings();   // bad settings fail before the checkpoint loads
        backend.chooseAndUse();
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        int step = loaded.state().step();
        if (atStep != null) {   // the same model with the weights it had at that step
            loaded.model().store().values().copyFrom(Checkpoints.readSnapshot(checkpoint, atStep).parameters());
            step = atStep;
        }
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        Generator generator = new Generator(loaded.model(), tokenizer);
        Prompt encoded = generator.prompt(prompt);
        PrintStream err = System.err;
        if (encoded.hasUnknowns() && !allowUnknown) {
            throw new IllegalArgumentException("the prompt holds text the " + tokenizer.kind() + " tokenizer of this checkpoint"
                    + " cannot encode: " + encoded.describeUnknowns() + ". Remove it, or pass --allow-unknown to let it become <unk>.");
        }
        if (encoded.hasUnknowns()) err.println("note: " + encoded.describeUnknowns() + " become <unk>");
        if (encoded.startsFromEndOfText()) err.println("note: empty prompt: generation starts from <eot>, like a new document");
        boolean streaming = !json && compare.isEmpty() && settings.get(0).strategy() != Strategy.BEAM;
        if (!json) printHeader(loaded, step, encoded);
        if (!json && distribution != null) printDistribution(generator.distribution(encoded, settings.get(0), distribution));
        if (streaming) System.out.print(encoded.text());

        long start = System.nanoTime();
        Comparison comparison = run(generator, encoded, settings, streaming);
        double seconds = (System.nanoTime() - start) / 1e9;
        MemorisationReport memorisation = copyMin == 0 ? null : memorisation(loaded, comparison);
        SampleExport export = SampleExport.of(new SampleExport.ModelSource(loaded.model().config().kind(),
                        loaded.model().parameterCount(), checkpoint.getFileName().toString(), loaded.createdAt(),
                        step), encoded, comparison, Instant.now().toString(), memorisation, beamTree);
        if (json) {
            if (memorisation != null && !memorisation.measured()) err.println("note: memorisation " + memorisation.describe(0));
            System.out.println(Json.line(export));
        } else if (streaming) {
            System.out.printf("%n(%s; %.2f s)%n", summary(comparison.samples().get(0)), seconds);
            if (memorisation != null) System.out.println("memorised: " + memorisation.describe(0));
        } else {
            printSamples(comparison, memorisation, seconds);
            if (tree && beamTree != null) System.out.println(BeamTreeText.render(beamTree));
        }
        if (out != null) {
            SampleExporter.write(out, export);
            if (!json) System.out.println("wrote " + out);
        }
        return 0;
    }

    private List<DecodingSettings> settings() {
        if (out != null) SampleExporter.formatOf(out);
        if (copyMin < 0) {
            throw new IllegalArgumentException("--copy-min must be at least 1 character, or 0 to skip the memorisation meter;"
                    + " got " + copyMin);
        }
        if (tree && (!compare.isEmpty() || !"beam".equalsIgnoreCase(strategy.trim()))) {
            throw new IllegalArgumentException("--tree draws a beam search: use it with --strategy beam and without --compare");
        }
        if (!compare.isEmpty()) return compare.stream().map(SettingsSpec::parse).toList();
        Strategy chosen = switch (strategy.toLowerCase(Locale.ROOT)) {
            case "greedy" -> Strategy.GREEDY;
            case "sample" -> Strategy.SAMPLE;
            case "beam" -> Strategy.BEAM;
            default -> throw new IllegalArgumentException("--strategy must be greedy, sample or beam, got '" + strategy + "'");
        };
        return List.of(new DecodingSettings(chosen, temperature, topK, topP, minP, repetitionPenalty, beamWidth, lengthNorm));
    }

    private Comparison run(Generator generator, Prompt encoded, List<DecodingSettings> settings, boolean streaming) {
        if (!compare.isEmpty()) return generator.compare(encoded, settings, maxTokens, seed, TokenListener.NONE);
        DecodingSettings only = settings.get(0);
        if (only.strategy() == Strategy.BEAM) {   // every beam, best first; the tree of the search beside them
            beamTree = generator.beamTree(encoded, only, maxTokens);
            List<Beam> beams = beamTree.returnedBeams();
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < beams.size(); i++) samples.add(beams.get(i).toSample(only.label() + " #" + (i + 1), only));
            return Comparison.of(encoded.text(), seed, maxTokens, samples);
        }
        TokenListener listener = streaming ? token -> System.out.print(token.text()) : TokenListener.NONE;
        Sample sample = generator.generate(encoded, only, maxTokens, seed, listener);
        return Comparison.of(encoded.text(), seed, maxTokens, List.of(sample));
    }

    /**
     * Each continuation against the training split of the checkpoint's corpus. A corpus that cannot be
     * found or has changed is not measured, and says why; the samples print either way.
     */
    private MemorisationReport memorisation(Checkpoints.Loaded loaded, Comparison comparison) {
        String id = loaded.corpusId();
        if (loaded.split() == null) return MemorisationReport.notMeasured(id, copyMin, "the checkpoint does not record its split");
        Corpus corpus;
        try {
            if (CorpusCatalog.standard().find(id).isEmpty() && !Files.exists(Path.of(loaded.corpusSource()))) {
                return MemorisationReport.notMeasured(id, copyMin, "the training text " + loaded.corpusSource() + " is not found");
            }
            corpus = loaded.loadCorpus();
        } catch (RuntimeException e) {
            return MemorisationReport.notMeasured(id, copyMin, "the training text cannot be read: " + Messages.describe(e));
        }
        if (!corpus.sha256().equals(loaded.corpusSha256())) {
            return MemorisationReport.notMeasured(id, copyMin, "the training text of '" + id + "' changed since this checkpoint"
                    + " was saved (SHA-256 " + shortHash(loaded.corpusSha256()) + " then, " + shortHash(corpus.sha256()) + " now)");
        }
        List<String> continuations = comparison.samples().stream().map(Sample::text).toList();
        try {
            return MemorisationReport.measure(corpus, loaded.split(), continuations, copyMin);
        } catch (OutOfMemoryError e) {   // the index's arrays come first and alone, so the heap recovers when they go
            return MemorisationReport.notMeasured(id, copyMin, String.format(Locale.ROOT, "the index of %,d training characters"
                    + " needs about %,d MB while it is built, more than this heap holds", corpus.charCount(),
                    20 * corpus.charCount() >> 20));
        }
    }

    private static String shortHash(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }

    private void printHeader(Checkpoints.Loaded loaded, int step, Prompt encoded) {
        System.out.printf("%s, %,d parameters, %d steps (%s%s, created %s)%n", loaded.model().config().kind(),
                loaded.model().parameterCount(), step, checkpoint.getFileName(),
                atStep == null ? "" : ": its snapshot at step " + atStep + " of " + loaded.state().step(), loaded.createdAt());
        System.out.printf("prompt: %s (%d tokens), seed %d, max %d tokens%n%n",
                encoded.startsFromEndOfText() ? "<eot>" : "\"" + encoded.text() + "\"", encoded.ids().length, seed, maxTokens);
    }

    private static void printDistribution(NextTokenDistribution view) {
        System.out.printf("next token (%s):%n%-12s", view.settings().label(), "token");
        for (var stage : view.stages()) System.out.printf(" %14s", stage.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        System.out.println();
        for (NextTokenDistribution.TokenRow row : view.tokens()) {
            System.out.printf("%-12s", row.label());
            for (double p : row.probabilities()) System.out.printf(" %14.4f", p);
            System.out.println(row.cut() ? "  (cut)" : "");
        }
        System.out.printf("%-12s", "kept tokens");
        for (int kept : view.keptCounts()) System.out.printf(" %14d", kept);
        System.out.printf("%n%n");
    }

    /** Copied stretches are marked ⟦like this⟧ in the text: brackets that prose hardly ever holds. */
    private static void printSamples(Comparison comparison, MemorisationReport memorisation, double seconds) {
        boolean measured = memorisation != null && memorisation.measured();
        for (int i = 0; i < comparison.samples().size(); i++) {
            Sample sample = comparison.samples().get(i);
            System.out.printf("%d. %s (%s)%n", i + 1, sample.label(), summary(sample));
            Memorisation meter = measured ? memorisation.samples().get(i) : null;
            String text = meter == null || meter.spans().isEmpty() ? sample.text() : meter.marked(sample.text(), "⟦", "⟧");
            System.out.println(indent(comparison.prompt() + text));
            if (meter != null) System.out.println("   memorised: " + meter.describe() + (meter.spans().isEmpty() ? "" : ", marked ⟦ ⟧"));
            System.out.println();
        }
        if (memorisation != null && !measured) System.out.println("memorised: " + memorisation.describe(0));
        if (!comparison.divergences().isEmpty()) {
            System.out.println("first different step (1 = first generated token):");
            for (Comparison.Divergence d : comparison.divergences()) {
                String step = d.firstDifferentStep() == null ? "identical" : "step " + d.firstDifferentStep();
                System.out.printf("  %d vs %d  %-40s %s%n", d.first() + 1, d.second() + 1,
                        d.firstLabel() + " / " + d.secondLabel(), step);
            }
        }
        System.out.printf("%d settings × up to %d tokens in %.2f s%n", comparison.samples().size(), comparison.maxTokens(), seconds);
    }

    private static String summary(Sample sample) {
        String stop = switch (sample.stopReason()) {
            case END_OF_TEXT -> "stopped at <eot>";
            case MAX_TOKENS -> "reached --max-tokens";
            case CANCELLED -> "cancelled";
        };
        return String.format(Locale.ROOT, "%d tokens, log p = %.2f, %s", sample.length(), sample.logProbability(), stop);
    }

    private static String indent(String text) {
        return "   " + text.replace("\n", "\n   ");
    }
}
