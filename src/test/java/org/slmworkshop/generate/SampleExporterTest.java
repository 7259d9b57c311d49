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
    void anUnknownExtensionIsRefusedBeforeAnythingIsWritten() {
        Path pdf = folder.resolve("samples.pdf");
        String message = assertThrows(IllegalArgumentException.class, () -> SampleExporter.write(pdf, export())).getMessage();
        assertTrue(message.contains(".txt, .md or .json"), message);
        assertTrue(Files.notExists(pdf));
    }
}
