package org.slmworkshop.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.model.GptConfig;
import org.slmworkshop.model.LanguageModel;
import org.slmworkshop.model.LowRankConfig;
import org.slmworkshop.model.ModelConfig;
import org.slmworkshop.model.Models;
import org.slmworkshop.model.Parameter;
import org.slmworkshop.text.Corpus;
import org.slmworkshop.text.CorpusCatalog;
import org.slmworkshop.text.SplitSpec;
import org.slmworkshop.util.AtomicFiles;
import org.slmworkshop.util.Float16;
import org.slmworkshop.util.Json;

/**
 * Checkpoints: one zip file holding {@code checkpoint.json} (format, model kind and config,
 * tokenizer, corpus id and sha256, training config, trainer state with RNG states and loss history,
 * parameter layout) and three little-endian float32 blobs: {@code parameters.f32},
 * {@code adam_m.f32}, {@code adam_v.f32}. Written to a temp file and renamed, so a crash never
 * leaves a half-written checkpoint where a good one was.
 *
 * <p>Optionally it also keeps the run's {@link RunSnapshots}: one {@code snapshots/step-N.f32} per
 * kept step, listed under {@code snapshots} in the manifest. A checkpoint without them is exactly
 * what it was before, and readers that do not know them ignore them.
 *
 * <p>A weights-only checkpoint ({@link #saveWeightsOnly}) is what a shipped model needs: the same manifest
 * with a {@code weights} section ({@code precision}, {@code optimizerState: false}), the weights as
 * {@code parameters.f32} or as IEEE float16 in {@code parameters.f16}, and no AdamW moments or snapshots.
 * It loads with zero moments and {@link Loaded#weightsOnly()} set; float16 is widened to float32.
 */
public final class Checkpoints {
    public static final String FORMAT = "slm-workshop-checkpoint";
    public static final int VERSION = 1;
    private static final String MANIFEST = "checkpoint.json";

    private Checkpoints() {}

    /** How a checkpoint stores its weights: the manifest's {@code weights.precision} and the blob it names. */
    public enum Precision {
        FLOAT32("float32", "parameters.f32", 4), FLOAT16("float16", "parameters.f16", 2);

        private final String id;
        private final String entry;
        private final int bytesPerValue;

        Precision(String id, String entry, int bytesPerValue) {
            this.id = id;
            this.entry = entry;
            this.bytesPerValue = bytesPerValue;
        }

        public String id() {
            return id;
        }

        /** The zip entry that holds the weights at this precision. */
        public String entry() {
            return entry;
        }

        public int bytesPerValue() {
            return bytesPerValue;
        }

        /** {@code float32} or {@code float16}; anything else is refused with the choices. */
        public static Precision of(String id) {
            for (Precision p : values()) if (p.id.equals(id)) return p;
            throw new IllegalArgumentException("precision must be float32 or float16, got '" + id + "'");
        }
    }

    /**
     * What a checkpoint holds, with the model rebuilt and its weights loaded.
     *
     * @param weightsOnly true for a checkpoint written by {@link #saveWeightsOnly}: no AdamW state, so the moments
     *                    are zero and {@code optimizerStep} is 0, and it keeps no run snapshots
     * @param precision   how the file stored the weights (the model holds them as float32 either way)
     */
    public record Loaded(LanguageModel model, Map<String, Object> tokenizerState, String corpusId, String corpusSha256,
                         String corpusSource, TrainingConfig trainingConfig, TrainerState state, int optimizerStep,
                         Tensor firstMoment, Tensor secondMoment, String createdAt, SplitSpec split,
                         boolean weightsOnly, Precision precision) {
        /** The corpus the checkpoint was trained on: a shipped one by id, otherwise the file it came from. */
        public Corpus loadCorpus() {
            CorpusCatalog catalog = CorpusCatalog.standard();
            if (catalog.find(corpusId).isPresent()) return catalog.corpus(corpusId);
            return catalog.corpus(corpusSource);
        }
    }

    public static void save(Path path, Trainer trainer, PreparedCorpus prepared) {
        save(path, trainer, prepared, null);
    }

    /** Saves as {@link #save(Path, Trainer, PreparedCorpus)}, keeping {@code snapshots} too when there are any. */
    public static void save(Path path, Trainer trainer, PreparedCorpus prepared, RunSnapshots snapshots) {
        List<RunSnapshots.Snapshot> kept = snapshots == null ? List.of() : snapshots.all();
        Map<String, Object> tokenizerState = prepared.tokenizer().state();
        SplitSpec split = prepared.split();
        LanguageModel model = trainer.model();
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("createdAt", Instant.now().toString());
        ObjectNode modelNode = root.putObject("model");
        modelNode.put("kind", model.config().kind());
        modelNode.set("config", Json.MAPPER.valueToTree(model.config()));
        modelNode.put("parameterCount", model.parameterCount());
        root.set("tokenizer", Json.MAPPER.valueToTree(tokenizerState));
        ObjectNode corpus = root.putObject("corpus");
        corpus.put("id", trainer.data().corpusId());
        corpus.put("sha256", trainer.data().corpusSha256());
        corpus.put("source", prepared.corpus().source());
        corpus.set("split", Json.MAPPER.valueToTree(split));
        root.set("training", Json.MAPPER.valueToTree(trainer.config()));
        root.set("state", Json.MAPPER.valueToTree(trainer.state()));
        root.put("optimizerStep", trainer.optimizer().stepCount());
        var layout = root.putArray("parameters");
        for (Parameter p : model.parameters()) {
            ObjectNode entry = layout.addObject();
            entry.put("name", p.name());
            entry.set("shape", Json.MAPPER.valueToTree(p.shape()));
            entry.put("offset", p.offset());
        }
        try {
            AtomicFiles.write(path, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16))) {
                // blobs first, so the manifest can record their checksums
                ObjectNode checksums = root.putObject("crc32");
                checksums.put("parameters.f32", writeFloats(zip, "parameters.f32", model.store().values()));
                checksums.put("adam_m.f32", writeFloats(zip, "adam_m.f32", trainer.optimizer().firstMoment()));
                checksums.put("adam_v.f32", writeFloats(zip, "adam_v.f32", trainer.optimizer().secondMoment()));
                if (!kept.isEmpty()) {
                    ObjectNode section = root.putObject("snapshots");
                    section.put("budgetBytes", snapshots.budgetBytes());
                    var steps = section.putArray("steps");
                    for (RunSnapshots.Snapshot snapshot : kept) {
                        steps.add(snapshot.step());
                        String name = snapshotEntry(snapshot.step());
                        checksums.put(name, writeStored(zip, name, snapshot.parameters()));
                    }
                }
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                zip.closeEntry();
            }
            });
        } catch (IOException e) {
            throw new TrainingException("Could not write " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the tensor as little-endian float32, a chunk at a time, and returns the CRC-32 of those bytes. */
    private static long writeFloats(ZipOutputStream zip, String name, Tensor tensor) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        CRC32 crc = new CRC32();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[chunk.capacity() / 4];
        long done = 0;
        while (done < tensor.size()) {
            int n = (int) Math.min(tensor.size() - done, values.length);
            tensor.backend().download(tensor, done, values, 0, n);
            chunk.clear();
            chunk.asFloatBuffer().put(values, 0, n);
            zip.write(chunk.array(), 0, n * 4);
            crc.update(chunk.array(), 0, n * 4);
            done += n;
        }
        zip.closeEntry();
        return crc.getValue();
    }

    private static String snapshotEntry(int step) {
        return "snapshots/step-" + step + ".f32";
    }

    /**
     * Writes float32 values uncompressed (weights hardly compress, and deflating a run's snapshots would
     * take longer than training between two of them); returns their CRC-32.
     */
    private static long writeStored(ZipOutputStream zip, String name, float[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = chunk.capacity() / 4;
        CRC32 crc = new CRC32();
        for (int done = 0; done < values.length; done += perChunk) {   // STORED needs the checksum up front
            int n = Math.min(values.length - done, perChunk);
            chunk.clear();
            chunk.asFloatBuffer().put(values, done, n);
            crc.update(chunk.array(), 0, n * 4);
        }
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(4L * values.length);
        entry.setCompressedSize(4L * values.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        for (int done = 0; done < values.length; done += perChunk) {
            int n = Math.min(values.length - done, perChunk);
            chunk.clear();
            chunk.asFloatBuffer().put(values, done, n);
            zip.write(chunk.array(), 0, n * 4);
        }
        zip.closeEntry();
        return crc.getValue();
    }

    /**
     * What {@link #saveWeightsOnly} wrote.
     *
     * @param maxAbsChange the largest |θ − stored(θ)| over all weights: 0 for float32, the float16 rounding otherwise
     */
    public record WeightsOnly(long parameterCount, Precision precision, double maxAbsChange) {}

    /**
     * Writes a weights-only copy of the full checkpoint {@code source} to {@code out}, atomically: its manifest
     * (model, tokenizer, corpus, training config, trainer state and loss history) with a {@code weights} section
     * added, the weights at {@code precision}, and neither the AdamW moments nor the run snapshots. A file that
     * is already weights-only is refused, as is {@code out} naming {@code source} itself; so is float16 for a
     * weight beyond float16's range (±65,504), which would become infinite.
     */
    public static WeightsOnly saveWeightsOnly(Path source, Path out, Precision precision) {
        String file = source.toString();
        if (!Files.isRegularFile(source)) throw new TrainingException("Checkpoint " + file + " does not exist.");
        try {
            if (Files.exists(out) && Files.isSameFile(source, out)) {
                throw new TrainingException("The weights-only copy would replace " + file + " itself; write it to another file.");
            }
        } catch (IOException e) {
            throw new TrainingException("Could not compare " + file + " with " + out + ": " + e.getMessage(), e);
        }
        ObjectNode root;
        float[] weights;
        try (ZipFile zip = new ZipFile(source.toFile())) {
            root = (ObjectNode) readHeader(zip, file);
            if (weightsOnly(root)) {
                throw new TrainingException("Checkpoint " + file + " already holds weights only (" + precision(root, file).id()
                        + "); slim the full checkpoint it came from.");
            }
            int count = Math.toIntExact(root.path("model").path("parameterCount").asLong());
            weights = readArray(zip, "parameters.f32", count, file, root.path("crc32"));
        } catch (TrainingException e) {
            throw e;
        } catch (ZipException | EOFException e) {
            throw corrupt(file, "the file is truncated or damaged (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e.getMessage());
        }
        double maxAbsChange = 0;
        if (precision == Precision.FLOAT16) {
            for (int i = 0; i < weights.length; i++) {
                float value = weights[i], rounded = Float16.round(value);
                if (Float.isInfinite(rounded) && Float.isFinite(value)) {
                    throw new TrainingException("Weight " + i + " of " + file + " is " + value + ", beyond float16's range"
                            + " (±65,504); keep this checkpoint at float32.");
                }
                maxAbsChange = Math.max(maxAbsChange, Math.abs(value - rounded));
            }
        }
        root.remove(List.of("optimizerStep", "snapshots", "crc32"));
        ObjectNode section = Json.MAPPER.createObjectNode();
        section.put("precision", precision.id());
        section.put("optimizerState", false);
        section.put("slimmedFrom", source.getFileName().toString());
        section.put("slimmedAt", Instant.now().toString());
        root.set("weights", section);
        try {
            AtomicFiles.write(out, stream -> {
                try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(stream, 1 << 16))) {
                    root.putObject("crc32").put(precision.entry(), writeWeights(zip, precision, weights));
                    zip.putNextEntry(new ZipEntry(MANIFEST));
                    zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                    zip.closeEntry();
                }
            });
        } catch (IOException e) {
            throw new TrainingException("Could not write " + out.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return new WeightsOnly(weights.length, precision, maxAbsChange);
    }

    /** Writes little-endian float32 or float16 values as {@code precision}'s entry; returns the CRC-32 of those bytes. */
    private static long writeWeights(ZipOutputStream zip, Precision precision, float[] values) throws IOException {
        zip.putNextEntry(new ZipEntry(precision.entry()));
        CRC32 crc = new CRC32();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = chunk.capacity() / precision.bytesPerValue();
        for (int done = 0; done < values.length; done += perChunk) {
            int n = Math.min(values.length - done, perChunk);
            chunk.clear();
            if (precision == Precision.FLOAT16) {
                for (int i = 0; i < n; i++) chunk.putShort(Float16.fromFloat(values[done + i]));
            } else {
                chunk.asFloatBuffer().put(values, done, n);
            }
            int bytes = n * precision.bytesPerValue();
            zip.write(chunk.array(), 0, bytes);
            crc.update(chunk.array(), 0, bytes);
        }
        zip.closeEntry();
        return crc.getValue();
    }

    /** A checkpoint without AdamW state: its manifest says {@code weights.optimizerState: false}. */
    private static boolean weightsOnly(JsonNode root) {
        return !root.path("weights").path("optimizerState").asBoolean(true);
    }

    private static Precision precision(JsonNode root, String file) {
        String id = root.path("weights").path("precision").asText(Precision.FLOAT32.id());
        try {
            return Precision.of(id);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "its weights have an unknown precision '" + id + "'");
        }
    }

    /** The steps of the run snapshots a checkpoint keeps, oldest first; empty when it keeps none. */
    public static List<Integer> snapshotSteps(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) throw new TrainingException("Checkpoint " + file + " does not exist.");
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return stepsOf(readHeader(zip, file));
        } catch (TrainingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    private static List<Integer> stepsOf(JsonNode root) {
        List<Integer> steps = new java.util.ArrayList<>();
        for (JsonNode step : root.path("snapshots").path("steps")) steps.add(step.asInt());
        return steps;
    }

    /** Every run snapshot a checkpoint keeps (an empty store when it keeps none), checked against their checksums. */
    public static RunSnapshots readSnapshots(Path path) {
        return readSnapshots(path, null);
    }

    /**
     * The weights of the run snapshot at {@code step}. A step the checkpoint does not keep gives a
     * {@link TrainingException} that lists the steps it does keep.
     */
    public static RunSnapshots.Snapshot readSnapshot(Path path, int step) {
        return readSnapshots(path, step).at(step).orElseThrow();
    }

    private static RunSnapshots readSnapshots(Path path, Integer onlyStep) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) throw new TrainingException("Checkpoint " + file + " does not exist.");
        try (ZipFile zip = new ZipFile(path.toFile())) {
            JsonNode root = readHeader(zip, file);
            List<Integer> steps = stepsOf(root);
            if (onlyStep != null && !steps.contains(onlyStep)) {
                throw new TrainingException(weightsOnly(root)
                        ? "Checkpoint " + file + " holds weights only, without run snapshots; they stay in the full"
                                + " checkpoint it was slimmed from (" + root.path("weights").path("slimmedFrom").asText() + ")."
                        : steps.isEmpty()
                        ? "Checkpoint " + file + " keeps no run snapshots (train with --snapshots to keep them)."
                        : "Checkpoint " + file + " keeps no snapshot at step " + onlyStep + "; it keeps steps "
                                + steps.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ".");
            }
            int count = Math.toIntExact(root.path("model").path("parameterCount").asLong());
            long needed = 4L * count * Math.max(1, steps.size());
            RunSnapshots snapshots = new RunSnapshots(Math.max(root.path("snapshots").path("budgetBytes")
                    .asLong(RunSnapshots.DEFAULT_BUDGET_BYTES), needed));
            for (int step : steps) {
                if (onlyStep != null && step != onlyStep) continue;
                snapshots.add(step, readArray(zip, snapshotEntry(step), count, file, root.path("crc32")));
            }
            return snapshots;
        } catch (TrainingException e) {
            throw e;
        } catch (ZipException | EOFException e) {
            throw corrupt(file, "the file is truncated or damaged (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    private static float[] readArray(ZipFile zip, String name, int count, String file, JsonNode checksums)
            throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) throw corrupt(file, "it has no " + name);
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(4 * count + 1);
        }
        if (bytes.length != 4L * count) {
            throw corrupt(file, name + " holds " + bytes.length / 4 + " values, the model needs " + count);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (!checksums.has(name) || checksums.get(name).asLong() != crc.getValue()) {
            throw corrupt(file, name + " fails its checksum (the file is damaged)");
        }
        float[] values = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** Loads a checkpoint of any model kind. */
    public static Loaded load(Path path) {
        return load(path, null);
    }

    /**
     * Loads a checkpoint, refusing one of another kind when {@code expectedKind} is given.
     * A missing, truncated or corrupt file gives a {@link TrainingException} naming the file.
     */
    public static Loaded load(Path path, String expectedKind) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) throw new TrainingException("Checkpoint " + file + " does not exist.");
        try (ZipFile zip = new ZipFile(path.toFile())) {
            JsonNode root = readHeader(zip, file);
            String kind = root.path("model").path("kind").asText();
            if (expectedKind != null && !expectedKind.equals(kind)) {
                throw new TrainingException("Checkpoint " + file + " holds a " + kind + " model, not a " + expectedKind + " model.");
            }
            ModelConfig config = Json.MAPPER.treeToValue(root.path("model").path("config"), configClass(kind, file));
            LanguageModel model = Models.empty(config);
            JsonNode checksums = root.path("crc32");
            // the model and the moments are new: a damaged file throws and takes them with it
            Kernels kernels = model.store().kernels();
            Tensor m = kernels.zeros(Math.toIntExact(model.parameterCount()));
            Tensor v = kernels.zeros(Math.toIntExact(model.parameterCount()));
            boolean weightsOnly = weightsOnly(root);
            Precision precision = precision(root, file);
            readFloats(zip, precision, model.store().values(), file, checksums);
            if (!weightsOnly) {
                readFloats(zip, Precision.FLOAT32, "adam_m.f32", m, file, checksums);
                readFloats(zip, Precision.FLOAT32, "adam_v.f32", v, file, checksums);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> tokenizer = Json.MAPPER.convertValue(root.path("tokenizer"), HashMap.class);
            return new Loaded(model, tokenizer, root.path("corpus").path("id").asText(),
                    root.path("corpus").path("sha256").asText(), root.path("corpus").path("source").asText(),
                    Json.MAPPER.treeToValue(root.path("training"), TrainingConfig.class),
                    Json.MAPPER.treeToValue(root.path("state"), TrainerState.class),
                    weightsOnly ? 0 : root.path("optimizerStep").asInt(), m, v, root.path("createdAt").asText(),
                    Json.MAPPER.treeToValue(root.path("corpus").path("split"), SplitSpec.class), weightsOnly, precision);
        } catch (TrainingException e) {
            throw e;
        } catch (ZipException | EOFException e) {
            throw corrupt(file, "the file is truncated or damaged (" + e.getMessage() + ")");
        } catch (NoSuchFileException e) {
            throw new TrainingException("Checkpoint " + file + " does not exist.");
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    /** A checkpoint's trainer state (step, RNG states, loss history), read from its manifest without the weights. */
    public static TrainerState readState(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) throw new TrainingException("Checkpoint " + file + " does not exist.");
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return Json.MAPPER.treeToValue(readHeader(zip, file).path("state"), TrainerState.class);
        } catch (TrainingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    /** checkpoint.json, refused unless it is this app's format at this version. */
    private static JsonNode readHeader(ZipFile zip, String file) throws IOException {
        ZipEntry manifestEntry = zip.getEntry(MANIFEST);
        if (manifestEntry == null) throw corrupt(file, "it has no " + MANIFEST);
        JsonNode root;
        try (InputStream in = zip.getInputStream(manifestEntry)) {
            root = Json.MAPPER.readTree(in);
        }
        if (!FORMAT.equals(root.path("format").asText())) throw corrupt(file, "it is not an SLM Workshop checkpoint");
        if (root.path("version").asInt() != VERSION) {
            throw new TrainingException("Checkpoint " + file + " has format version " + root.path("version").asInt()
                    + "; this app reads version " + VERSION + ".");
        }
        return root;
    }

    private static Class<? extends ModelConfig> configClass(String kind, String file) {
        return switch (kind) {
            case "bigram" -> BigramConfig.class;
            case "lowrank" -> LowRankConfig.class;
            case "gpt" -> GptConfig.class;
            default -> throw corrupt(file, "unknown model kind '" + kind + "'");
        };
    }

    private static TrainingException corrupt(String file, String reason) {
        return new TrainingException("Checkpoint " + file + " cannot be loaded: " + reason + ". Nothing was changed.");
    }

    private static void readFloats(ZipFile zip, Precision precision, Tensor into, String file, JsonNode checksums)
            throws IOException {
        readFloats(zip, precision, precision.entry(), into, file, checksums);
    }

    /** Reads little-endian float32 or float16 values (widened to float32) into the tensor, checking the CRC-32. */
    private static void readFloats(ZipFile zip, Precision precision, String name, Tensor into, String file,
                                   JsonNode checksums) throws IOException {
        CRC32 crc = new CRC32();
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) throw corrupt(file, "it has no " + name);
        int width = precision.bytesPerValue();
        long expected = into.size() * width;
        if (entry.getSize() >= 0 && entry.getSize() != expected) {
            throw corrupt(file, name + " holds " + entry.getSize() / width + " values, the model needs " + into.size());
        }
        byte[] chunk = new byte[1 << 20];
        float[] values = new float[chunk.length / width];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        long filled = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            int pending = 0;
            while (true) {
                int read = in.read(chunk, pending, chunk.length - pending);
                if (read < 0) break;
                crc.update(chunk, pending, read);
                pending += read;
                int whole = pending / width;
                if (filled + whole > into.size()) throw corrupt(file, name + " holds more values than the model has");
                view.rewind();
                if (precision == Precision.FLOAT16) {
                    java.nio.ShortBuffer halves = view.asShortBuffer();
                    for (int i = 0; i < whole; i++) values[i] = Float16.toFloat(halves.get(i));
                } else {
                    view.asFloatBuffer().get(values, 0, whole);
                }
                into.backend().upload(values, 0, into, filled, whole);
                filled += whole;
                int rest = pending - whole * width;
                System.arraycopy(chunk, whole * width, chunk, 0, rest);
                pending = rest;
            }
        }
        if (filled != into.size()) throw corrupt(file, name + " is truncated");
        if (!checksums.has(name) || checksums.get(name).asLong() != crc.getValue()) {
            throw corrupt(file, name + " fails its checksum (the file is damaged)");
        }
    }

    /** What {@link #verify} found: the model kind, and whether the file holds weights only and at which precision. */
    public record Contents(String kind, boolean weightsOnly, Precision precision) {}

    /**
     * Checks a checkpoint without loading it (no ND4J, no model): the header, the model kind and
     * configuration, and every blob against its checksum. For lesson checks, which run as the app opens.
     */
    public static Contents verify(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) throw new TrainingException("Checkpoint " + file + " does not exist.");
        try (ZipFile zip = new ZipFile(path.toFile())) {
            JsonNode root = readHeader(zip, file);
            String kind = root.path("model").path("kind").asText();
            Json.MAPPER.treeToValue(root.path("model").path("config"), configClass(kind, file));
            List<String> blobs = new java.util.ArrayList<>(weightsOnly(root) ? List.of(precision(root, file).entry())
                    : List.of("parameters.f32", "adam_m.f32", "adam_v.f32"));
            for (int step : stepsOf(root)) blobs.add(snapshotEntry(step));
            for (String name : blobs) {
                ZipEntry entry = zip.getEntry(name);
                if (entry == null) throw corrupt(file, "it has no " + name);
                CRC32 crc = new CRC32();
                byte[] chunk = new byte[1 << 20];
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int read; (read = in.read(chunk)) >= 0; ) crc.update(chunk, 0, read);
                }
                if (root.path("crc32").path(name).asLong(-1) != crc.getValue()) {
                    throw corrupt(file, name + " fails its checksum (the file is damaged)");
                }
            }
            return new Contents(kind, weightsOnly(root), precision(root, file));
        } catch (TrainingException e) {
            throw e;
        } catch (ZipException | EOFException e) {
            throw corrupt(file, "the file is truncated or damaged (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    /** A list-friendly form for tests and the CLI. */
    public static List<String> entryNames(Path path) throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }
}
