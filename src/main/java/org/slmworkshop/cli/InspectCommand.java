package org.slmworkshop.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.generate.Prompt;
import org.slmworkshop.inspect.ForwardTrace;
import org.slmworkshop.inspect.ForwardTrace.TopToken;
import org.slmworkshop.inspect.Stage;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "inspect", sortOptions = false,
        description = {"Run one prompt through a checkpoint's model and show every stage of the forward pass at one position:"
                + " embeddings; per block ln_1, each head's queries, keys, values, attention weights and weighted sum, the MLP"
                + " and the residual stream; ln_f, the logits and the top next tokens.",
                "A GPT shows every stage; a low-rank model its embedding and logits; a bigram its logits."})
final class InspectCommand implements Callable<Integer> {
    private static final int TEXT_VALUES = 4;   // values per stage in text mode

    @Option(names = "--checkpoint", required = true, description = "A checkpoint written by 'train' (any model kind).")
    Path checkpoint;

    @Option(names = "--prompt", required = true, description = "The text the model reads.")
    String prompt;

    @Option(names = "--position", description = "The position to show, 0 = the first token (default: the last).")
    Integer position;

    @Option(names = "--top", defaultValue = "5", description = "How many next tokens to list (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--crop", description = "Keep the last context-length tokens of a longer prompt, as sampling does.")
    boolean crop;

    @Option(names = "--allow-unknown", description = "Let prompt text the tokenizer cannot encode become <unk>.")
    boolean allowUnknown;

    @Option(names = "--json", description = "The whole trace as one JSON object instead of a summary for people.")
    boolean json;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() {
        if (prompt.isEmpty()) throw new IllegalArgumentException("--prompt is empty: give the model some text to read");
        if (top < 1) throw new IllegalArgumentException("--top must be at least 1, got " + top);
        backend.chooseAndUse();
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        LanguageModel model = loaded.model();
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        int[] ids = encode(tokenizer);
        int cropped = 0, context = model.config().contextLength();
        if (ids.length > context && model.config().kind().equals("gpt")) {
            if (!crop) {
                throw new IllegalArgumentException("the prompt is " + ids.length + " tokens, but this GPT reads at most " + context
                        + " (its context length); sampling would keep only the last " + context
                        + ". Shorten the prompt, or pass --crop to inspect those last " + context + " tokens.");
            }
            cropped = ids.length - context;
            ids = Arrays.copyOfRange(ids, cropped, ids.length);
            System.err.println("note: the prompt was cropped to its last " + context + " tokens (the first " + cropped
                    + " dropped), as sampling does");
        }
        int shown = position == null ? ids.length - 1 : position;
        if (shown < 0 || shown >= ids.length) {
            throw new IllegalArgumentException("--position " + shown + " is outside the prompt: its " + ids.length
                    + (ids.length == 1 ? " token is at position 0" : " tokens are at positions 0.." + (ids.length - 1)));
        }
        ForwardTrace trace = ForwardTrace.of(model, ids);
        List<TopToken> next = trace.topTokens(shown, Math.min(top, model.config().vocabSize()));
        if (json) {
            System.out.println(Json.line(report(loaded, tokenizer, trace, shown, cropped, next)));
        } else {
            print(loaded, tokenizer, trace, shown, next);
        }
        return 0;
    }

    private int[] encode(Tokenizer tokenizer) {
        Prompt encoded = Prompt.encode(tokenizer, prompt);
        if (encoded.hasUnknowns() && !allowUnknown) {
            throw new IllegalArgumentException("the prompt holds text the " + tokenizer.kind() + " tokenizer of this checkpoint"
                    + " cannot encode: " + encoded.describeUnknowns() + ". Remove it, or pass --allow-unknown to let it become <unk>.");
        }
        if (encoded.hasUnknowns()) System.err.println("note: " + encoded.describeUnknowns() + " become <unk>");
        return encoded.ids();
    }

    private Map<String, Object> report(Checkpoints.Loaded loaded, Tokenizer tokenizer, ForwardTrace trace, int shown,
                                       int cropped, List<TopToken> next) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("checkpoint", checkpoint.toString());
        root.put("model", trace.modelKind());
        root.put("parameters", loaded.model().parameterCount());
        root.put("steps", loaded.state().step());
        root.put("prompt", prompt);
        root.put("context_length", loaded.model().config().contextLength());
        root.put("cropped", cropped);
        List<Map<String, Object>> tokens = new ArrayList<>();
        int[] ids = trace.tokens();
        for (int t = 0; t < ids.length; t++) tokens.add(Map.of("position", t, "id", ids[t], "token", tokenizer.token(ids[t])));
        root.put("tokens", tokens);
        root.put("position", shown);
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Stage stage : trace.stages()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", stage.name());
            entry.put("block", stage.block());
            entry.put("head", stage.head());
            entry.put("formula", stage.formula());
            entry.put("axes", stage.axes());
            entry.put("shape", new int[] {stage.length(), stage.width()});
            entry.put("shape_text", stage.shapeText());
            entry.put("norm", stage.norm(shown));
            entry.put("values", stage.row(shown));
            stages.add(entry);
        }
        root.put("stages", stages);
        List<Map<String, Object>> attention = new ArrayList<>();
        for (Stage weights : trace.attentionWeights()) {
            attention.add(Map.of("block", weights.block(), "head", weights.head(),
                    "weights", Arrays.copyOf(weights.row(shown), shown + 1)));   // keys 0..I; later ones are 0
        }
        root.put("attention", attention);
        List<Map<String, Object>> topTokens = new ArrayList<>();
        for (TopToken token : next) {
            topTokens.add(Map.of("id", token.id(), "token", tokenizer.token(token.id()), "probability", token.probability(),
                    "logit", token.logit()));
        }
        root.put("top", topTokens);
        return root;
    }

    private void print(Checkpoints.Loaded loaded, Tokenizer tokenizer, ForwardTrace trace, int shown, List<TopToken> next) {
        LanguageModel model = loaded.model();
        System.out.printf("%s, %,d parameters, %d steps (%s)%n", model.config().kind(), model.parameterCount(),
                loaded.state().step(), checkpoint.getFileName());
        int[] ids = trace.tokens();
        StringBuilder tokens = new StringBuilder();
        for (int t = 0; t < ids.length; t++) tokens.append(t == shown ? " [" : " ").append(tokenizer.token(ids[t])).append(t == shown ? "]" : "");
        System.out.printf("prompt: %d tokens:%s%nposition %d, token '%s' (context %d)%n%n", ids.length, tokens, shown,
                tokenizer.token(ids[shown]), model.config().contextLength());
        System.out.printf("%-22s %4s  %-22s %9s  %s%n", "stage", "head", "shape", "norm", "values at position " + shown);
        for (Stage stage : trace.stages()) {
            float[] row = stage.row(shown);
            boolean weights = stage.name().endsWith(".attn.weights");
            int count = weights ? Math.min(shown + 1, 8) : Math.min(TEXT_VALUES, row.length);
            StringBuilder values = new StringBuilder(weights ? "keys 0.." + shown + ": " : "");
            for (int i = 0; i < count; i++) values.append(String.format(Locale.ROOT, weights ? "%.3f " : "%+.4f ", row[i]));
            if ((weights ? shown + 1 : row.length) > count) values.append("…");
            System.out.printf(Locale.ROOT, "%-22s %4s  %-22s %9.4f  %s%n", stage.name(), stage.head() < 0 ? "" : stage.head(),
                    stage.shapeText(), stage.norm(shown), values.toString().strip());
        }
        System.out.printf("%ntop %d next tokens after position %d:%n", next.size(), shown);
        for (TopToken token : next) {
            System.out.printf(Locale.ROOT, "  %-12s p = %.4f  logit %+.3f%n", "'" + tokenizer.token(token.id()) + "'",
                    token.probability(), token.logit());
        }
    }
}
