package org.slmworkshop.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.inspect.EmbeddingMap;
import org.slmworkshop.inspect.EmbeddingMap.Neighbour;
import org.slmworkshop.inspect.TokenClass;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.text.Tokenizers;
import org.slmworkshop.train.Checkpoints;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "embeddings", sortOptions = false,
        description = {"The embedding map of a checkpoint's low-rank model or GPT: every token's embedding projected on the"
                + " first two principal components (PCA), with the share of the variance each axis shows, and a token's"
                + " nearest neighbours by cosine similarity in the full embedding.",
                "A bigram has no embeddings."})
final class EmbeddingsCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "A checkpoint of a low-rank model or a GPT.")
    Path checkpoint;

    @Option(names = "--tokens", defaultValue = "0",
            description = "List the coordinates of the first N token ids (default: all; with --neighbours: none).")
    Integer tokens;

    @Option(names = "--neighbours", paramLabel = "TOKEN",
            description = "A token whose nearest neighbours to list, as text (' ', 'e') or as its label (␣, \\n); repeatable.")
    List<String> neighbours = new ArrayList<>();

    @Option(names = "--count", defaultValue = "8", description = "Neighbours per token (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--json", description = "One JSON object instead of tables for people.")
    boolean json;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() {
        if (count < 1) throw new IllegalArgumentException("--count must be at least 1, got " + count);
        if (tokens < 0) throw new IllegalArgumentException("--tokens must be 0 (all) or more, got " + tokens);
        backend.chooseAndUse();
        Checkpoints.Loaded loaded = Checkpoints.load(checkpoint);
        LanguageModel model = loaded.model();
        Tokenizer tokenizer = Tokenizers.restore(loaded.tokenizerState());
        EmbeddingMap map = EmbeddingMap.of(model);
        List<Integer> asked = new ArrayList<>();
        for (String token : neighbours) asked.add(find(tokenizer, token));
        int vocab = map.tokens();
        boolean listAll = tokens == 0 && neighbours.isEmpty();
        int listed = listAll ? vocab : Math.min(tokens, vocab);
        if (json) {
            System.out.println(Json.line(report(loaded, tokenizer, map, listed, asked)));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%s, %,d parameters, %d steps (%s): V = %,d tokens, d = %d%n", model.config().kind(),
                model.parameterCount(), loaded.state().step(), checkpoint.getFileName(), vocab, map.width());
        System.out.printf(Locale.ROOT, "PC1 shows %.1f%% of the variance, PC2 %.1f%%%n", 100 * map.varianceShare(0),
                100 * map.varianceShare(1));
        if (listed > 0) {
            System.out.printf("%n%6s  %-12s %-12s %9s %9s%n", "id", "token", "class", "PC1", "PC2");
            for (int id = 0; id < listed; id++) {
                System.out.printf(Locale.ROOT, "%6d  %-12s %-12s %+9.4f %+9.4f%n", id, tokenizer.token(id),
                        TokenClass.of(tokenizer, id).label(), map.x(id), map.y(id));
            }
        }
        for (int id : asked) {
            System.out.printf("%nnearest to '%s' (cosine similarity):%n", tokenizer.token(id));
            for (Neighbour near : map.neighbours(id, count)) {
                System.out.printf(Locale.ROOT, "  %-12s %+.4f%n", "'" + tokenizer.token(near.token()) + "'", near.similarity());
            }
        }
        return 0;
    }

    /** The token's id by its label (what the tables print) or by its text, which must be exactly one token. */
    static int find(Tokenizer tokenizer, String token) {
        for (int id = 0; id < tokenizer.vocabSize(); id++) if (tokenizer.token(id).equals(token)) return id;
        int[] ids = tokenizer.encode(token).ids();
        if (ids.length == 1 && ids[0] != Tokenizer.UNKNOWN_ID) return ids[0];
        throw new IllegalArgumentException("'" + token + "' is not one token of this checkpoint's " + tokenizer.kind()
                + " tokenizer (" + (ids.length == 1 ? "it is unknown to it" : "it is " + ids.length + " tokens")
                + "); give one token, e.g. '" + tokenizer.token(Math.min(2, tokenizer.vocabSize() - 1)) + "'");
    }

    private Map<String, Object> report(Checkpoints.Loaded loaded, Tokenizer tokenizer, EmbeddingMap map, int listed,
                                       List<Integer> asked) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("checkpoint", checkpoint.toString());
        root.put("model", loaded.model().config().kind());
        root.put("steps", loaded.state().step());
        root.put("tokenizer", tokenizer.kind());
        root.put("vocab", map.tokens());
        root.put("width", map.width());
        root.put("variance_share", new double[] {map.varianceShare(0), map.varianceShare(1)});
        root.put("variance", new double[] {map.variance(0), map.variance(1)});
        root.put("total_variance", map.totalVariance());
        root.put("axes", new double[][] {map.axis(0), map.axis(1)});
        List<Map<String, Object>> points = new ArrayList<>();
        for (int id = 0; id < listed; id++) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("id", id);
            point.put("token", tokenizer.token(id));
            point.put("class", TokenClass.of(tokenizer, id).label());
            point.put("x", map.x(id));
            point.put("y", map.y(id));
            points.add(point);
        }
        root.put("tokens", points);
        List<Map<String, Object>> near = new ArrayList<>();
        for (int id : asked) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Neighbour n : map.neighbours(id, count)) {
                list.add(Map.of("id", n.token(), "token", tokenizer.token(n.token()), "similarity", n.similarity()));
            }
            near.add(Map.of("id", id, "token", tokenizer.token(id), "nearest", list));
        }
        root.put("neighbours", near);
        return root;
    }
}
