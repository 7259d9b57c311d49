package org.slmworkshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.text.TokenizerSpec;
import org.slmworkshop.train.PreparedCorpus;
import org.slmworkshop.train.RunControl;
import org.slmworkshop.train.Schedule;
import org.slmworkshop.train.Trainer;
import org.slmworkshop.train.TrainingConfig;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.train.TrainingSummary;
import org.slmworkshop.util.Rng;

class EventPrinterTest {
    /** Prints a bigram run that is stopped at step 7, as Ctrl-C stops it, and returns what was printed. */
    private static String stoppedRun(boolean json) {
        PreparedCorpus prepared = PreparedCorpus.prepare(CorpusCatalog.load("macbeth"), SplitSpec.DEFAULT,
                TokenizerSpec.defaults("char"));
        TrainingConfig training = new TrainingConfig(100, 4, 3e-2, 3e-3, 0, 100, Schedule.COSINE, 0.9, 0.99, 0, 1, 0,
                TrainingConfig.Batching.WINDOWS, 5, 2, 0, 3);
        Trainer trainer = new Trainer(Models.create(new BigramConfig(prepared.tokenizer().vocabSize(), 16), new Rng(1)),
                prepared.data(), training);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EventPrinter printer = new EventPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), json);
        RunControl control = new RunControl();
        TrainingSummary summary = trainer.run(event -> {
            printer.accept(event);
            if (event instanceof TrainingEvent.Step step && step.step() == 7) control.cancel();
        }, control);
        printer.summary(summary, Map.of("cancelled", summary.stopped()));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStoppedRunsSummarySaysThePerplexityWasNotMeasuredInsteadOfNaN() {
        String text = stoppedRun(false);
        assertFalse(text.contains("NaN"), text);
        assertTrue(text.contains("Cancelled after step 7."), text);
        assertTrue(text.contains("Stopped after 7 steps"), text);
        assertTrue(text.contains("sliding-window perplexity not measured: the run was stopped"), text);
    }

    @Test
    void aStoppedRunsJsonIsStrictJsonWithNullForTheUnmeasuredPerplexity() throws Exception {
        String json = stoppedRun(true);
        assertFalse(json.contains("NaN"), json);
        ObjectMapper strict = new ObjectMapper();   // no NaN allowed, unlike the app's reader
        JsonNode finished = null;
        JsonNode summary = null;
        for (String line : json.lines().toList()) {
            JsonNode node = strict.readTree(line);
            if (node.get("event").asText().equals("finished")) finished = node;
            if (node.get("event").asText().equals("summary")) summary = node;
        }
        assertTrue(finished.get("summary").get("slidingWindowPerplexity").isNull());
        assertTrue(finished.get("summary").get("stopped").asBoolean());
        assertTrue(summary.get("sliding_ppl").isNull(), summary.toString());
        assertTrue(summary.get("cancelled").asBoolean());
        assertEquals(7, summary.get("steps").asInt());
        assertTrue(summary.get("val_ppl").asDouble() > 1, "the losses are measured on the model as it stopped");
    }
}
