package org.slmworkshop.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.CorpusEntry;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "corpora", description = "List the corpora that ship with the app (datasets/manifest.json).")
final class CorporaCommand implements Callable<Integer> {
    @Option(names = "--json", description = "One JSON object per corpus.")
    boolean json;

    @Override
    public Integer call() {
        CorpusCatalog catalog = CorpusCatalog.standard();
        String defaultId = catalog.defaultEntry().id();
        if (!json) System.out.printf("%-10s %-48s %-10s %s%n", "ID", "TITLE", "TOKENIZER", "SOURCE");
        for (CorpusEntry entry : catalog.entries()) {
            if (json) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", entry.id());
                row.put("title", entry.title());
                row.put("source", entry.source());
                row.put("tokenizer", entry.tokenizerSpec().kind());
                row.put("default", entry.id().equals(defaultId));
                System.out.println(Json.line(row));
            } else {
                System.out.printf("%-10s %-48s %-10s %s%s%n", entry.id(), entry.title(), entry.tokenizerSpec().kind(),
                        entry.source(), entry.id().equals(defaultId) ? "  (default)" : "");
            }
        }
        if (!json) System.out.println("Any UTF-8 .txt file, WikiText raw file, PubMed MEDLINE or XML export, or a folder of them, works as --corpus PATH.");
        return 0;
    }
}
