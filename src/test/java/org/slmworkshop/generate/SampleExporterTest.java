package org.slmworkshop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmworkshop.text.SplitSpec;

/** One schema, three renderings, written through a temp file and a rename. */
class SampleExporterTest {
    @TempDir
    Path folder;

    private SampleExport export() {
        Generator generator = new Generator(ToyModels.greedyTrap(), ToyModels.abc());
        Prompt prompt = generator.prompt("a");
        Comparison comparison = generator.compare(prompt,
                List.of(DecodingSettings.greedy(), DecodingSettings.sample(0.9).withTopK(2)), 6, 5, TokenListener.NONE);
        SampleExport.ModelSource source = new SampleExport.ModelSource("bigram", 25, "toy.ckpt", "2024-01-02T03:04:05Z", 0);
        return SampleExport.of(source, prompt, comparison, "2024-05-06T07:08:09Z");
    }

    @Test
    void jsonRoundTripsAndTextFormatsCarryTheSameFields() throws Exception {
        SampleExport export = export();
        Path json = folder.resolve("samples.json");
        SampleExporter.write(json, export);
        SampleExport back = SampleExporter.readJson(json);
        assertEquals(SampleExport.FORMAT, back.format());
        assertEquals(export.model(), back.model());
        assertEquals(export.seed(), back.seed());
        assertEquals(export.divergences(), back.divergences());
        assertEquals(export.samples().get(1).settings(), back.samples().get(1).settings());
        assertArrayEquals(export.samples().get(1).tokens(), back.samples().get(1).tokens());
        assertEquals(export.samples().get(0).text(), back.samples().get(0).text());

        for (String name : List.of("samples.md", "samples.txt")) {
            Path file = folder.resolve(name);
            SampleExporter.write(file, export);
            String text = Files.readString(file);
            for (String field : List.of("toy.ckpt", "2024-01-02T03:04:05Z", "2024-05-06T07:08:09Z", "seed: 5", "greedy",
                    "temperature=0.9,top-k=2", "a" + export.samples().get(0).text())) {
                assertTrue(text.contains(field), name + " lacks " + field + ":\n" + text);
            }
        }
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temp file is left behind");
        }
    }

    @Test
    void theMemorisationReportRoundTripsAndEveryFormatShowsIt() throws Exception {
        SampleExport plain = export();
        SuffixIndex training = SuffixIndex.of("abcabcab");
        List<Memorisation> meters = plain.samples().stream().map(s -> Memorisation.measure(training, s.text(), 2)).toList();
        MemorisationReport report = new MemorisationReport(true, null, "toy", SplitSpec.DEFAULT, 2, meters);
        SampleExport export = new SampleExport(plain.format(), plain.version(), plain.exportedAt(), plain.model(), plain.prompt(),
                plain.promptStartsFromEndOfText(), plain.seed(), plain.maxTokens(), plain.samples(), plain.divergences(), report, null);

        Path json = folder.resolve("memorised.json");
        SampleExporter.write(json, export);
        assertEquals(report, SampleExporter.readJson(json).memorisation());
        for (String name : List.of("memorised.md", "memorised.txt")) {
            Path file = folder.resolve(name);
            SampleExporter.write(file, export);
            String text = Files.readString(file);
            for (Memorisation meter : meters) assertTrue(text.contains(meter.describe()), name + " lacks " + meter.describe() + ":\n" + text);
        }
        assertTrue(SampleExporter.render(plain, SampleExporter.Format.TXT).indexOf("memorised") < 0, "no report, no line");

        MemorisationReport missing = MemorisationReport.notMeasured("gone.txt", 24, "the training text gone.txt is not found");
        assertEquals("not measured (the training text gone.txt is not found)", missing.describe(0));
        String message = assertThrows(IllegalArgumentException.class, () -> new SampleExport(plain.format(), plain.version(),
                plain.exportedAt(), plain.model(), plain.prompt(), plain.promptStartsFromEndOfText(), plain.seed(),
                plain.maxTokens(), plain.samples(), plain.divergences(),
                new MemorisationReport(true, null, "toy", SplitSpec.DEFAULT, 2, meters.subList(0, 1)), null)).getMessage();
        assertEquals("the memorisation report measures 1 samples, but the export holds 2", message);
    }

    @Test
    void anUnknownExtensionIsRefusedBeforeAnythingIsWritten() {
        Path pdf = folder.resolve("samples.pdf");
        String message = assertThrows(IllegalArgumentException.class, () -> SampleExporter.write(pdf, export())).getMessage();
        assertTrue(message.contains(".txt, .md or .json"), message);
        assertTrue(Files.notExists(pdf));
    }
}
