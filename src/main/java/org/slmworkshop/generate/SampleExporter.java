package org.slmworkshop.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.slmworkshop.util.AtomicFiles;
import org.slmworkshop.util.Json;

/** Writes a {@link SampleExport} as .txt, .md or .json, chosen by the file name, through a temp file and a rename. */
public final class SampleExporter {
    private SampleExporter() {}

    public enum Format { TXT, MD, JSON }

    public static Format formatOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) return Format.JSON;
        if (name.endsWith(".md")) return Format.MD;
        if (name.endsWith(".txt")) return Format.TXT;
        throw new IllegalArgumentException("export file " + path + " must end in .txt, .md or .json");
    }

    public static void write(Path path, SampleExport export) {
        Format format = formatOf(path);
        byte[] bytes = render(export, format).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(path, out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public static SampleExport readJson(Path path) throws IOException {
        return Json.MAPPER.readValue(path.toFile(), SampleExport.class);
    }

    public static String render(SampleExport export, Format format) {
        return switch (format) {
            case JSON -> {
                try {
                    yield Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(export) + "\n";
                } catch (IOException e) {
                    throw new IllegalStateException("cannot write the samples as JSON", e);
                }
            }
            case MD -> markdown(export);
            case TXT -> text(export);
        };
    }

    private static String text(SampleExport export) {
        StringBuilder out = new StringBuilder("SLM Workshop samples\n");
        header(export, out, "");
        for (int i = 0; i < export.samples().size(); i++) {
            Sample sample = export.samples().get(i);
            out.append("\n--- ").append(i + 1).append(". ").append(sample.label()).append(" (").append(summary(sample))
                    .append(")\n").append(export.prompt()).append(sample.text()).append('\n');
            if (export.memorisation() != null) out.append("memorised: ").append(export.memorisation().describe(i)).append('\n');
        }
        if (!export.divergences().isEmpty()) out.append("\nfirst different step:\n");
        for (Comparison.Divergence d : export.divergences()) {
            out.append("  ").append(d.firstLabel()).append(" vs ").append(d.secondLabel()).append(": ")
                    .append(step(d)).append('\n');
        }
        return out.toString();
    }

    private static String markdown(SampleExport export) {
        StringBuilder out = new StringBuilder("# SLM Workshop samples\n\n");
        header(export, out, "- ");
        for (int i = 0; i < export.samples().size(); i++) {
            Sample sample = export.samples().get(i);
            out.append("\n## ").append(i + 1).append(". `").append(sample.label()).append("`\n\n")
                    .append(summary(sample)).append("\n\n````text\n").append(export.prompt()).append(sample.text())
                    .append("\n````\n");
            if (export.memorisation() != null) {
                out.append("\nMemorised: ").append(export.memorisation().describe(i).replace("`", "\\`")).append('\n');
            }
        }
        if (!export.divergences().isEmpty()) {
            out.append("\n## First different step\n\n| first | second | step |\n|---|---|---|\n");
            for (Comparison.Divergence d : export.divergences()) {
                out.append("| `").append(d.firstLabel()).append("` | `").append(d.secondLabel()).append("` | ")
                        .append(step(d)).append(" |\n");
            }
        }
        return out.toString();
    }

    private static void header(SampleExport export, StringBuilder out, String bullet) {
        SampleExport.ModelSource model = export.model();
        out.append(bullet).append("exported: ").append(export.exportedAt()).append('\n');
        out.append(bullet).append("model: ").append(model.kind()).append(String.format(Locale.ROOT, " (%,d parameters, %d training steps)",
                model.parameterCount(), model.trainingSteps())).append('\n');
        out.append(bullet).append("checkpoint: ").append(model.checkpoint()).append(", created ")
                .append(model.checkpointCreatedAt()).append('\n');
        out.append(bullet).append("prompt: ").append(export.promptStartsFromEndOfText() ? "(empty: started from <eot>)"
                : "\"" + export.prompt() + "\"").append('\n');
        out.append(bullet).append("seed: ").append(export.seed()).append(", max tokens: ").append(export.maxTokens()).append('\n');
    }

    private static String summary(Sample sample) {
        return String.format(Locale.ROOT, "%d tokens, log p = %.2f, stopped at %s", sample.length(), sample.logProbability(),
                sample.stopReason() == Sample.StopReason.END_OF_TEXT ? "<eot>"
                        : sample.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    static String step(Comparison.Divergence divergence) {
        return divergence.firstDifferentStep() == null ? "identical" : String.valueOf(divergence.firstDifferentStep());
    }
}
