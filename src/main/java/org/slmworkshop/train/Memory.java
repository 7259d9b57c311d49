package org.slmworkshop.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.ModelConfig;

/**
 * The memory guard: estimates what a model will need before anything is allocated, and refuses
 * a model that cannot fit with a message that says what it needs and what to do instead.
 */
public final class Memory {
    private Memory() {}

    /** Bytes by purpose, all float32. */
    public record Estimate(long weights, long optimizerAndGradients, long activations) {
        public long total() {
            return weights + optimizerAndGradients + activations;
        }
    }

    public static Estimate estimate(ModelConfig config, int batchSize) {
        long params = config.parameterCount();
        long rows = (long) batchSize * config.contextLength();
        long vocab = config.vocabSize();
        long activations;
        if (config instanceof BigramConfig bigram && bigram.sparseRows()) {
            // logits, their gradient and the touched rows' gradient; the two AdamW moments, no dense gradient
            return new Estimate(4 * params, 4 * 2 * params, 4 * 3 * rows * vocab);
        } else if (config instanceof BigramConfig) {
            activations = 2 * rows * vocab;
        } else if (config instanceof LowRankConfig lowRank) {
            activations = 2 * rows * vocab + 3 * rows * lowRank.rank();
        } else {
            GptConfig gpt = (GptConfig) config;
            long c = gpt.width();
            long attention = (long) batchSize * gpt.heads() * gpt.contextLength() * gpt.contextLength();
            long perLayer = rows * c * (6 + 3 * 3 + 3 * 4) + 4 * attention;
            activations = 2 * rows * vocab + 4 * rows * c + gpt.layers() * perLayer;
        }
        // weights; gradients, two AdamW moments and the decay mask
        return new Estimate(4 * params, 4 * 4 * params, 4 * activations);
    }

    /** Bytes the engine may use: ND4J's off-heap limit, capped by 80% of physical memory. */
    public static long available() {
        long limit = Pointer.maxPhysicalBytes() > 0 ? Pointer.maxPhysicalBytes() : Long.MAX_VALUE;
        long physical = Pointer.totalPhysicalBytes();
        if (physical > 0) limit = Math.min(limit, (long) (physical * 0.8));
        return limit;
    }

    /** Throws a {@link TrainingException} that explains the problem if the model would not fit. */
    public static void require(ModelConfig config, int batchSize) {
        String refusal = refusal(config, batchSize, available());
        if (refusal != null) throw new TrainingException(refusal);
    }

    /** Why the guard refuses {@code config} when {@code available} bytes are free, or null when it fits. */
    public static String refusal(ModelConfig config, int batchSize, long available) {
        Estimate e = estimate(config, batchSize);
        if (e.total() <= available) return null;
        StringBuilder message = new StringBuilder(String.format(
                "This %s model needs about %s (weights %s, gradients and optimizer %s, activations %s) "
                        + "but only %s is available.", config.kind(), human(e.total()), human(e.weights()),
                human(e.optimizerAndGradients()), human(e.activations()), human(available)));
        if (config instanceof BigramConfig) {
            message.append(String.format(" A %,d × %,d transition matrix is too big for a vocabulary this large: "
                    + "use the compacted BPE or a character or word tokenizer, or the low-rank model, which needs "
                    + "2·V·d parameters instead of V².", config.vocabSize(), config.vocabSize()));
        } else {
            message.append(" Use a smaller vocabulary, width, context or batch size.");
        }
        return message.toString();
    }

    public static String human(long bytes) {
        if (bytes >= 1L << 30) return String.format("%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format("%.1f MB", bytes / (double) (1L << 20));
        return String.format("%.1f KB", bytes / 1024.0);
    }

    /** Peak resident set size of this process in MB, from /proc (Linux), or -1. */
    public static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
