package org.slmworkshop.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slmworkshop.util.Json;

/**
 * A golden parity fixture written by {@code bench/pytorch_gpt.py --golden DIR} (PyTorch nanoGPT):
 * index.json plus one raw little-endian float32 / int32 file per tensor, read from the test classpath.
 * Plain arrays only, no ND4J: tensors come back as {@code float[]} already in this project's layout
 * and under this project's parameter names (see {@link #ourName} and {@link #ourLayout}).
 */
final class GoldenFixture {
    /** One tensor of the fixture, as PyTorch wrote it: its nanoGPT name, PyTorch shape, row-major data. */
    record Tensor(String kind, String torchName, int[] shape, float[] data) {
        /** Our parameter name, e.g. {@code h0.attn.c_attn.weight} for {@code transformer.h.0.attn.c_attn.weight}. */
        String name() {
            return ourName(torchName);
        }

        /** Whether this is an nn.Linear weight, stored (out, in) by PyTorch but (in, out) here. */
        boolean linearWeight() {
            return isLinearWeight(torchName, shape);
        }

        /** The data in our layout: Linear weights transposed to (in, out), everything else as is. */
        float[] ours() {
            return linearWeight() ? transpose(data, shape[0], shape[1]) : data;
        }

        /** Our shape: (in, out) for Linear weights. */
        int[] ourShape() {
            return linearWeight() ? new int[] {shape[1], shape[0]} : shape.clone();
        }
    }

    private static final Pattern LAYER = Pattern.compile("^h\\.(\\d+)\\.");

    private final String root;
    private final JsonNode index;
    private final Map<String, Map<String, Tensor>> byKind = new LinkedHashMap<>();
    private final int[] inputs;
    private final int[] targets;

    private GoldenFixture(String root, JsonNode index) {
        this.root = root;
        this.index = index;
        int[] in = null, out = null;
        for (JsonNode entry : index.get("tensors")) {
            String kind = entry.get("kind").asText();
            String name = entry.get("name").asText();
            String file = entry.get("file").asText();
            int[] shape = new int[entry.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = entry.get("shape").get(i).asInt();
            byte[] bytes = bytes(file);
            long count = 1;
            for (int d : shape) count *= d;
            if (bytes.length != count * 4) {
                throw new IllegalStateException(file + ": " + bytes.length + " bytes, shape needs " + count * 4);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            switch (entry.get("dtype").asText()) {
                case "int32" -> {
                    int[] values = new int[(int) count];
                    buffer.asIntBuffer().get(values);
                    if (kind.equals("inputs")) in = values;
                    else if (kind.equals("targets")) out = values;
                    else throw new IllegalStateException("unexpected int32 tensor " + name);
                }
                case "float32" -> {
                    float[] values = new float[(int) count];
                    buffer.asFloatBuffer().get(values);
                    byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(name, new Tensor(kind, name, shape, values));
                }
                default -> throw new IllegalStateException(file + ": unknown dtype " + entry.get("dtype"));
            }
        }
        if (in == null || out == null) throw new IllegalStateException(root + ": fixture without inputs or targets");
        this.inputs = in;
        this.targets = out;
    }

    /** Loads the fixture under a classpath folder, e.g. {@code /golden/gpt-tiny}. */
    static GoldenFixture load(String classpathFolder) {
        String root = classpathFolder.endsWith("/") ? classpathFolder : classpathFolder + "/";
        try {
            return new GoldenFixture(root, Json.MAPPER.readTree(read(root + "index.json")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + "index.json", e);
        }
    }

    private byte[] bytes(String file) {
        return read(root + file);
    }

    private static byte[] read(String resource) {
        try (InputStream in = GoldenFixture.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The parsed index.json, for anything not wrapped here. */
    JsonNode index() {
        return index;
    }

    JsonNode config() {
        return index.get("config");
    }

    int batchSize() {
        return index.get("batch").get("B").asInt();
    }

    int length() {
        return index.get("batch").get("T").asInt();
    }

    /** Token ids (B·T), row b, position t at b·T + t. */
    int[] inputs() {
        return inputs.clone();
    }

    int[] targets() {
        return targets.clone();
    }

    /** Logits (B·T·V) from the forward with targets, row-major (B, T, V): our (B·T, V) rows. */
    float[] logits() {
        return tensor("logits", "logits").data();
    }

    /** Mean cross-entropy of the fixed batch at the initial weights. */
    double loss() {
        return index.get("loss").asDouble();
    }

    /** The loss of each AdamW step's forward, before that step's update. */
    double[] stepLosses() {
        JsonNode node = index.get("step_losses");
        double[] losses = new double[node.size()];
        for (int i = 0; i < losses.length; i++) losses[i] = node.get(i).asDouble();
        return losses;
    }

    JsonNode optimizer() {
        return index.get("optimizer");
    }

    /** Initial weights, in nanoGPT order; the tied wte/lm_head tensor appears once, as transformer.wte.weight. */
    List<Tensor> parameters() {
        return kind("param");
    }

    /** Gradients of the loss with respect to the initial weights. */
    List<Tensor> gradients() {
        return kind("grad");
    }

    /** Weights after the third AdamW step. */
    List<Tensor> afterAdamW() {
        return kind("after_adamw");
    }

    private List<Tensor> kind(String kind) {
        Map<String, Tensor> tensors = byKind.get(kind);
        if (tensors == null) throw new IllegalStateException(root + ": no tensors of kind " + kind);
        return Collections.unmodifiableList(new ArrayList<>(tensors.values()));
    }

    private Tensor tensor(String kind, String name) {
        Tensor tensor = byKind.getOrDefault(kind, Map.of()).get(name);
        if (tensor == null) throw new IllegalStateException(root + ": no " + kind + " tensor " + name);
        return tensor;
    }

    /**
     * nanoGPT state-dict name → ours: drop {@code transformer.}, {@code h.N.} → {@code hN.},
     * {@code wte.weight} → {@code wte}, {@code wpe.weight} → {@code wpe}. {@code lm_head.weight} stays.
     */
    static String ourName(String torchName) {
        String name = torchName.startsWith("transformer.") ? torchName.substring("transformer.".length()) : torchName;
        Matcher layer = LAYER.matcher(name);
        if (layer.find()) name = "h" + layer.group(1) + "." + name.substring(layer.end());
        if (name.equals("wte.weight")) return "wte";
        if (name.equals("wpe.weight")) return "wpe";
        return name;
    }

    /** Every 2-D tensor except the embedding tables is an nn.Linear weight. */
    static boolean isLinearWeight(String torchName, int[] shape) {
        String name = ourName(torchName);
        return shape.length == 2 && !name.equals("wte") && !name.equals("wpe");
    }

    /** (rows, cols) row-major → (cols, rows) row-major. */
    static float[] transpose(float[] data, int rows, int cols) {
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
        return out;
    }
}
