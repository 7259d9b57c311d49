package org.slmworkshop.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slmworkshop.model.Gpt;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;

/**
 * GPT decoding speed with and without the KV cache, run by {@code bench/decoding}:
 * <pre>java -cp "target/slm-workshop.jar:target/lib/*" org.slmworkshop.generate.DecodingBenchmark --checkpoint GPT.ckpt
 *     [--tokens 256] [--repeats 5] [--compare-tokens 200] [--prompt "It was a"]</pre>
 * Tokens/s: greedy decoding of {@code tokens} tokens from {@code <eot>}, driving the scorer directly
 * (so {@code <eot>} cannot end a run early), median of the repeats after 2 s or more of warm-up. Comparison:
 * the README's five settings, {@code Generator.compare} with {@code compare-tokens} tokens, median wall time.
 * The last line is {@code kv_speedup=… compare_s=…}.
 */
public final class DecodingBenchmark {
    private static final List<String> COMPARE_SPECS =
            List.of("greedy", "temperature=0.8", "top-k=10", "top-p=0.9,temperature=0.9", "beam=4");

    /** Wall times of one measurement: the first warm-up run, then the repeats. */
    private record Timing(double warmupSeconds, double[] seconds) {
        double median() {
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    private DecodingBenchmark() {}

    public static void main(String[] args) {
        Path checkpoint = null;
        int tokens = 256, repeats = 5, compareTokens = 200;
        String promptText = "It was a";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--checkpoint" -> checkpoint = Path.of(require(args[i], value));
                case "--tokens" -> tokens = Integer.parseInt(require(args[i], value));
                case "--repeats" -> repeats = Integer.parseInt(require(args[i], value));
                case "--compare-tokens" -> compareTokens = Integer.parseInt(require(args[i], value));
                case "--prompt" -> promptText = require(args[i], value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        if (checkpoint == null) throw new IllegalArgumentException("--checkpoint PATH is required");
        if (tokens < 1 || repeats < 1 || compareTokens < 1) throw new IllegalArgumentException("counts must be positive");
        run(checkpoint, tokens, repeats, compareTokens, promptText);
    }

    private static void run(Path checkpoint, int tokens, int repeats, int compareTokens, String promptText) {

        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        if (!(loaded.model() instanceof Gpt model)) {
            throw new IllegalArgumentException("the checkpoint holds a " + loaded.model().config().kind() + ", not a GPT");
        }
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        int contextLength = model.config().contextLength();
        System.out.printf("gpt: %,d parameters, context %d, %d layers, %d heads, width %d, V = %d; %d threads%n",
                model.parameterCount(), contextLength, model.config().layers(), model.config().heads(),
                model.config().width(), model.config().vocabSize(), Runtime.getRuntime().availableProcessors());
        if (tokens > contextLength) {
            System.out.printf("note: %d tokens exceed the context of %d; past it every step refills the window,"
                    + " which no cache can avoid%n", tokens, contextLength);
        }

        int[] start = {tokenizer.endOfTextId()};
        // everything cached first, so the ND4J runs of the recomputation cannot slow it down
        Timing cached = time(repeats, () -> decode(new CachedGptScorer(model), start, tokens));
        Generator generator = new Generator(model, tokenizer);
        Prompt prompt = generator.prompt(promptText);
        List<DecodingSettings> settings = COMPARE_SPECS.stream().map(SettingsSpec::parse).toList();
        List<Comparison> results = new ArrayList<>();
        Timing compare = time(3, () -> results.add(
                generator.compare(prompt, settings, compareTokens, 1337, TokenListener.NONE)));
        int generated = results.get(0).samples().stream().mapToInt(Sample::length).sum();

        Timing uncached = time(repeats, () -> decode(new ContextScorer(model, contextLength), start, tokens));
        checkSameTokens(model, start, tokens);
        double cachedRate = tokens / cached.median(), uncachedRate = tokens / uncached.median();
        System.out.printf("%-10s %10s %10s  (%d tokens from <eot>, greedy; median of %d after warm-up)%n",
                "scorer", "tokens/s", "ms/token", tokens, repeats);
        System.out.printf("%-10s %10.0f %10.3f%n", "kv-cache", cachedRate, 1000 / cachedRate);
        System.out.printf("%-10s %10.0f %10.3f%n", "recompute", uncachedRate, 1000 / uncachedRate);
        System.out.printf("compare: %s × %d tokens on \"%s\" (%d generated): %.3f s median of 3 (first run %.3f s)%n",
                String.join(" | ", COMPARE_SPECS), compareTokens, promptText, generated, compare.median(),
                compare.warmupSeconds());
        System.out.printf("kv_speedup=%.1f compare_s=%.2f%n", cachedRate / uncachedRate, compare.median());
    }

    /** Greedy decoding: {@code tokens} argmax picks, the scorer advanced after each but the last. */
    static int[] decode(NextTokenScorer scorer, int[] prompt, int tokens) {
        int[] out = new int[tokens];
        float[] logits = scorer.reset(prompt);
        for (int i = 0; i < tokens; i++) {
            out[i] = LogitTransforms.argmax(LockstepDecoder.toDouble(logits));
            if (i + 1 < tokens) logits = scorer.next(out[i]);
        }
        return out;
    }

    /** The two scorers must pick the same tokens, or the timings compare different work. */
    private static void checkSameTokens(LanguageModel model, int[] prompt, int tokens) {
        int[] withCache = decode(new CachedGptScorer((Gpt) model), prompt, tokens);
        int[] without = decode(new ContextScorer(model, model.config().contextLength()), prompt, tokens);
        if (!Arrays.equals(withCache, without)) System.out.println("warning: the scorers' greedy tokens differ");
    }

    /** Warm-up runs (at least one, and at least 2 s of them, so the JIT has compiled the loops), then the timed repeats. */
    private static Timing time(int repeats, Runnable run) {
        double warmup = seconds(run);
        for (double spent = warmup; spent < 2.0; ) spent += seconds(run);
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) seconds[i] = seconds(run);
        return new Timing(warmup, seconds);
    }

    private static double seconds(Runnable run) {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static String require(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value");
        return value;
    }
}
