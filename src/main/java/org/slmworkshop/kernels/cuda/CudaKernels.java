package org.slmworkshop.kernels.cuda;

import java.util.Arrays;
import org.slmworkshop.kernels.BackendUnavailableException;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;

/**
 * The CUDA backend, llm.c's {@code train_gpt2.cu} beside the CPU's {@code train_gpt2.c}: tensors live in device
 * memory from a {@link DeviceArena}; products go to cuBLAS (strided-batched for attention); everything else is
 * one of our kernels in resources/cuda, compiled by NVRTC for this GPU ({@link CudaModule}). All work runs in
 * order on one stream, and every reduction sums in a fixed order, so a run is deterministic. Only what the
 * caller asks for comes back to the host: a loss, a norm, downloaded values.
 *
 * <p>Products are exact fp32 unless {@code -Dslm.cuda.tf32=true}; {@code -Dslm.cuda.sync=true} waits for every
 * kernel, so an error names the kernel that caused it.
 */
public final class CudaKernels implements Kernels {
    private static final int THREADS = 256;
    private static final int MAX_BLOCKS = 1 << 16;
    private static final int PARTIALS = 256;     // blocks of the two-stage sum of squares
    private static final int COLUMN_CHUNK = 256; // rows per partial column sum

    private static CudaKernels opened;

    private final CudaStatus status;
    private final CudaApi api;
    private final CudaModule module;
    private final DeviceArena arena;
    private final DeviceBuffer[] scratch = new DeviceBuffer[4];
    private static final int INTS = 0, FLOATS = 1, DOUBLES = 2, PARTIAL = 3;

    private CudaKernels(CudaStatus status, CudaApi api, CudaModule module) {
        this.status = status;
        this.api = api;
        this.module = module;
        this.arena = new DeviceArena(api);
    }

    /**
     * The backend on this machine's GPU, started once per JVM: compiles (or reads from the cache) the kernels.
     *
     * @throws BackendUnavailableException with one line saying why the GPU cannot be used
     */
    public static synchronized CudaKernels open() {
        if (opened != null) return opened;
        CudaStatus status = CudaRuntime.status();
        if (!status.usable()) throw new BackendUnavailableException(status.problem());
        try {
            CudaApi api = new CudaApi(CudaRuntime.DEVICE, Boolean.getBoolean("slm.cuda.sync"), Boolean.getBoolean("slm.cuda.tf32"));
            CudaModule module = CudaModule.load(status.ccMajor(), status.ccMinor());
            opened = new CudaKernels(status, api, module);
            return opened;
        } catch (CudaException | UnsatisfiedLinkError e) {
            throw new BackendUnavailableException("the GPU could not be started: " + CudaRuntime.oneLine(e), e);
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** "NVIDIA H200, compute capability 9.0, …; kernels for sm_90 (cached)" */
    public String describe() {
        return status.describeDevice() + "; kernels for " + module.target() + (module.fromCache() ? " (from the cache)" : "");
    }

    public CudaStatus status() {
        return status;
    }

    /** Device bytes taken from the driver, and those held by live tensors. */
    public long[] memory() {
        return new long[] {arena.reserved(), arena.inUse()};
    }

    // ---------------------------------------------------------------- plumbing

    private DeviceBuffer buffer(Tensor tensor) {
        if (tensor.backend() != this || !(tensor.storage() instanceof DeviceBuffer buffer)) {
            throw new IllegalArgumentException(tensor + " does not belong to the CUDA backend");
        }
        return buffer;
    }

    private long at(Tensor tensor) {
        return buffer(tensor).address;
    }

    private long atOrNull(Tensor tensor) {
        return tensor == null ? 0L : at(tensor);
    }

    private static void sameSize(Tensor a, Tensor b) {
        if (a.size() != b.size()) throw new IllegalArgumentException(a + " and " + b + " differ in size");
    }

    private static long blocks(long work, int threads) {
        return Math.max(1, Math.min(MAX_BLOCKS, (work + threads - 1) / threads));
    }

    private void run(String kernel, long gridX, int gridY, int threads, int sharedBytes, Object... args) {
        api.launch(module.function(kernel), kernel, gridX, gridY, threads, sharedBytes, args);
    }

    /** An element-wise kernel over n values. */
    private void each(String kernel, long n, Object... args) {
        if (n > 0) run(kernel, blocks(n, THREADS), 1, THREADS, 0, args);
    }

    /** An element-wise kernel (a, b, n) over two tensors of the same size. */
    private void pairwise(String kernel, Tensor a, Tensor b) {
        api.ensureThread();
        sameSize(a, b);
        each(kernel, a.size(), at(a), at(b), a.size());
    }

    /** A device scratch area of at least {@code bytes}, kept between calls. */
    private long scratch(int slot, long bytes) {
        long floats = (bytes + 3) / 4;
        if (scratch[slot] == null || scratch[slot].floats < floats) {
            scratch[slot] = arena.allocate(Math.max(floats, 1024));
        }
        return scratch[slot].address;
    }

    /** Threads for a kernel with one block per row: a multiple of 32 covering the row, at most 256. */
    private static int rowThreads(int width) {
        return Math.min(THREADS, Math.max(32, (width + 31) / 32 * 32));
    }

    // ---------------------------------------------------------------- memory

    @Override
    public synchronized Tensor zeros(int... shape) {
        api.ensureThread();
        Tensor probe = new Tensor(this, null, shape);            // validates the shape, counts its values
        DeviceBuffer buffer = arena.allocate(probe.size());
        api.zero(buffer.address, 4 * probe.size());
        return new Tensor(this, buffer, shape);
    }

    @Override
    public synchronized Tensor view(Tensor flat, long offset, int... shape) {
        DeviceBuffer base = buffer(flat);
        Tensor probe = new Tensor(this, null, shape);
        if (offset < 0 || offset + probe.size() > flat.size()) {
            throw new IllegalArgumentException("a view of " + probe.size() + " values at " + offset + " does not fit in " + flat);
        }
        return new Tensor(this, new DeviceBuffer(base.at(offset), probe.size(), base.constant, base), shape);
    }

    @Override
    public synchronized Tensor constant(Tensor source) {
        api.ensureThread();
        DeviceBuffer copy = arena.allocate(source.size());
        api.copy(at(source), copy.address, 4 * source.size());
        return new Tensor(this, new DeviceBuffer(copy.address, copy.floats, true, copy), source.shape());
    }

    @Override
    public synchronized void upload(float[] from, int at, Tensor to, long offset, int n) {
        api.ensureThread();
        DeviceBuffer buffer = buffer(to);
        if (buffer.constant) throw new IllegalArgumentException(to + " is a constant");
        if (offset < 0 || offset + n > to.size()) throw new IndexOutOfBoundsException(n + " values at " + offset + " in " + to);
        api.toDevice(from, at, buffer.at(offset), n);
    }

    @Override
    public synchronized void download(Tensor from, long offset, float[] to, int at, int n) {
        api.ensureThread();
        if (offset < 0 || offset + n > from.size()) throw new IndexOutOfBoundsException(n + " values at " + offset + " in " + from);
        api.toHost(buffer(from).at(offset), to, at, n);
    }

    @Override
    public synchronized void fill(Tensor tensor, float value) {
        api.ensureThread();
        if (value == 0f && Float.floatToRawIntBits(value) == 0) api.zero(at(tensor), 4 * tensor.size());
        else each("fill_f32", tensor.size(), at(tensor), tensor.size(), value);
    }

    @Override
    public synchronized void copy(Tensor from, Tensor to) {
        api.ensureThread();
        sameSize(from, to);
        api.copy(at(from), at(to), 4 * from.size());
    }

    @Override
    public synchronized void add(Tensor x, Tensor y) {
        pairwise("add_f32", x, y);
    }

    @Override
    public synchronized void multiply(Tensor x, Tensor y) {
        pairwise("mul_f32", x, y);
    }

    @Override
    public synchronized void scale(Tensor x, float factor) {
        api.ensureThread();
        each("scale_f32", x.size(), at(x), x.size(), factor);
    }

    @Override
    public synchronized double norm(Tensor x) {
        api.ensureThread();
        long partials = scratch(PARTIAL, 8L * PARTIALS);
        long total = scratch(DOUBLES, 8);
        run("sum_squares", PARTIALS, 1, THREADS, 0, at(x), x.size(), partials);
        run("sum_doubles", 1, 1, THREADS, 0, partials, PARTIALS, total);
        return Math.sqrt(api.doublesToHost(total, 1)[0]);
    }

    // ---------------------------------------------------------------- embeddings

    private static void checkTokens(int[] tokens, int vocabulary) {
        for (int token : tokens) {
            if (token < 0 || token >= vocabulary) {
                throw new IllegalArgumentException("token id " + token + " outside the vocabulary of " + vocabulary);
            }
        }
    }

    @Override
    public synchronized void embedding(int[] tokens, int length, Tensor table, Tensor positions, Tensor out) {
        api.ensureThread();
        checkTokens(tokens, table.dim(0));
        int width = table.dim(-1);
        long ids = scratch(INTS, 4L * tokens.length);
        api.toDevice(tokens, ids);
        each("embedding_fwd", (long) tokens.length * width, ids, tokens.length, length, at(table), atOrNull(positions),
                at(out), width);
    }

    /**
     * Groups the batch's rows by token on the host (a sort of n ids), so that each token's gradient row is summed
     * by one thread per column in row order: deterministic, and no atomics.
     */
    @Override
    public synchronized void embeddingBackward(Tensor dOut, int[] tokens, int length, Tensor dTable, Tensor dPositions) {
        api.ensureThread();
        checkTokens(tokens, dTable.dim(0));
        int width = dOut.dim(-1);
        int n = tokens.length;
        long[] keyed = new long[n];
        for (int i = 0; i < n; i++) keyed[i] = ((long) tokens[i] << 32) | i;
        Arrays.sort(keyed);
        int[] packed = new int[2 * n + 1];            // [unique tokens | offsets (unique + 1) | rows], compacted below
        int[] unique = new int[n];
        int[] offsets = new int[n + 1];
        int[] rows = new int[n];
        int u = 0;
        for (int i = 0; i < n; i++) {
            int token = (int) (keyed[i] >>> 32);
            if (i == 0 || token != unique[u - 1]) {
                unique[u] = token;
                offsets[u] = i;
                u++;
            }
            rows[i] = (int) keyed[i];
        }
        offsets[u] = n;
        packed = new int[u + (u + 1) + n];
        System.arraycopy(unique, 0, packed, 0, u);
        System.arraycopy(offsets, 0, packed, u, u + 1);
        System.arraycopy(rows, 0, packed, 2 * u + 1, n);
        long base = scratch(INTS, 4L * packed.length);
        api.toDevice(packed, base);
        int threads = Math.min(128, Math.max(32, (width + 31) / 32 * 32));
        run("embedding_bwd", u, (width + threads - 1) / threads, threads, 0,
                base, base + 4L * u, base + 4L * (2 * u + 1), at(dOut), at(dTable), width);
        if (dPositions != null) {
            each("position_bwd", (long) length * width, at(dOut), n / length, length, width, at(dPositions));
        }
    }

    // ---------------------------------------------------------------- products

    @Override
    public synchronized void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float beta) {
        api.ensureThread();
        int m = transposeA ? a.dim(-1) : a.rows();
        int k = transposeA ? a.rows() : a.dim(-1);
        int kb = transposeB ? b.dim(-1) : b.rows();
        int n = transposeB ? b.rows() : b.dim(-1);
        if (k != kb || c.rows() != m || c.dim(-1) != n) {
            throw new IllegalArgumentException("matmul shapes do not match: " + a + (transposeA ? "ᵀ" : "") + " · " + b
                    + (transposeB ? "ᵀ" : "") + " → " + c);
        }
        api.gemm(transposeA, transposeB, m, n, k, at(a), at(b), at(c), beta, 1, 0, 0, 0);
    }

    @Override
    public synchronized void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        api.ensureThread();
        int groups = a.dim(0);
        int m = transposeA ? a.dim(2) : a.dim(1);
        int k = transposeA ? a.dim(1) : a.dim(2);
        int kb = transposeB ? b.dim(2) : b.dim(1);
        int n = transposeB ? b.dim(1) : b.dim(2);
        if (b.dim(0) != groups || c.dim(0) != groups || k != kb || c.dim(1) != m || c.dim(2) != n) {
            throw new IllegalArgumentException("batched matmul shapes do not match: " + a + " · " + b + " → " + c);
        }
        api.gemm(transposeA, transposeB, m, n, k, at(a), at(b), at(c), 0f, groups,
                (long) a.dim(1) * a.dim(2), (long) b.dim(1) * b.dim(2), (long) m * n);
    }

    @Override
    public synchronized void addBias(Tensor y, Tensor bias) {
        api.ensureThread();
        each("add_bias", y.size(), at(y), at(bias), (long) y.rows(), y.dim(-1));
    }

    @Override
    public synchronized void biasBackward(Tensor dy, Tensor dBias) {
        api.ensureThread();
        columnSums(at(dy), 0L, dy.rows(), dy.dim(-1), at(dBias));
    }

    /** out[c] += Σ_r a[r][c] (· b[r][c] when b ≠ 0), in two fixed-order stages. */
    private void columnSums(long a, long b, int rows, int width, long out) {
        int chunks = Math.max(1, (rows + COLUMN_CHUNK - 1) / COLUMN_CHUNK);
        long partial = scratch(FLOATS, 4L * chunks * width);
        int threads = 128;
        int tiles = (width + threads - 1) / threads;
        run("column_partials", tiles, chunks, threads, 0, a, b, rows, width, COLUMN_CHUNK, partial);
        run("column_finish", tiles, 1, threads, 0, partial, chunks, width, out);
    }

    // ---------------------------------------------------------------- normalisation and activation

    @Override
    public synchronized void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor y, Tensor xhat, Tensor rstd) {
        api.ensureThread();
        int width = x.dim(-1);
        run("layernorm_fwd", x.rows(), 1, rowThreads(width), 0, at(x), 0L, at(gain), atOrNull(bias), at(y), at(xhat),
                at(rstd), x.rows(), width);
    }

    @Override
    public synchronized void residualLayerNorm(Tensor x, Tensor branch, Tensor gain, Tensor bias, Tensor y, Tensor xhat,
                                               Tensor rstd) {
        api.ensureThread();
        sameSize(x, branch);
        int width = x.dim(-1);
        run("layernorm_fwd", x.rows(), 1, rowThreads(width), 0, at(x), at(branch), at(gain), atOrNull(bias), at(y),
                at(xhat), at(rstd), x.rows(), width);
    }

    @Override
    public synchronized void layerNormBackward(Tensor dy, Tensor xhat, Tensor rstd, Tensor gain, Tensor dx, Tensor dGain,
                                               Tensor dBias) {
        api.ensureThread();
        int rows = dy.rows(), width = dy.dim(-1);
        run("layernorm_bwd", rows, 1, rowThreads(width), 0, at(dy), at(xhat), at(rstd), at(gain), at(dx), rows, width);
        columnSums(at(dy), at(xhat), rows, width, at(dGain));
        if (dBias != null) columnSums(at(dy), 0L, rows, width, at(dBias));
    }

    @Override
    public synchronized void gelu(Tensor x, Tensor y) {
        pairwise("gelu_fwd", x, y);
    }

    @Override
    public synchronized void geluBackward(Tensor x, Tensor dy) {
        pairwise("gelu_bwd", x, dy);
    }

    // ---------------------------------------------------------------- attention

    @Override
    public synchronized void splitQkv(Tensor qkv, int heads, Tensor q, Tensor k, Tensor v) {
        api.ensureThread();
        int batch = q.dim(0) / heads, length = q.dim(1), headSize = q.dim(2);
        each("split_qkv", q.size(), at(qkv), at(q), at(k), at(v), batch, length, heads, headSize);
    }

    @Override
    public synchronized void joinQkv(Tensor dq, Tensor dk, Tensor dv, int heads, Tensor dQkv) {
        api.ensureThread();
        int batch = dq.dim(0) / heads, length = dq.dim(1), headSize = dq.dim(2);
        each("join_qkv", dq.size(), at(dq), at(dk), at(dv), at(dQkv), batch, length, heads, headSize);
    }

    @Override
    public synchronized void mergeHeads(Tensor perHead, int heads, Tensor merged) {
        api.ensureThread();
        int batch = perHead.dim(0) / heads, length = perHead.dim(1), headSize = perHead.dim(2);
        each("permute_heads", perHead.size(), at(perHead), at(merged), batch, length, heads, headSize, 1);
    }

    @Override
    public synchronized void splitHeads(Tensor merged, int heads, Tensor perHead) {
        api.ensureThread();
        int batch = perHead.dim(0) / heads, length = perHead.dim(1), headSize = perHead.dim(2);
        each("permute_heads", perHead.size(), at(merged), at(perHead), batch, length, heads, headSize, 0);
    }

    @Override
    public synchronized void causalSoftmax(Tensor scores, float scale, Tensor probs) {
        api.ensureThread();
        int groups = scores.dim(0), length = scores.dim(1);
        long warps = (long) groups * length;
        run("causal_softmax", blocks(warps * 32, THREADS), 1, THREADS, 0, at(scores), at(probs), groups, length, scale);
    }

    @Override
    public synchronized void causalSoftmaxBackward(Tensor probs, Tensor dProbs, float scale) {
        api.ensureThread();
        int groups = probs.dim(0), length = probs.dim(1);
        long warps = (long) groups * length;
        run("causal_softmax_bwd", blocks(warps * 32, THREADS), 1, THREADS, 0, at(probs), at(dProbs), groups, length, scale);
    }

    @Override
    public synchronized void cachedAttention(Tensor qkv, Tensor[] keys, Tensor[] values, int[] positions, int heads,
                                             float scale, Tensor out) {
        api.ensureThread();
        int rows = qkv.rows(), width = qkv.dim(-1) / 3, headSize = width / heads;
        int[] packed = new int[5 * rows];              // [key addresses | value addresses] as 64-bit words, then positions
        int longest = 0;
        for (int r = 0; r < rows; r++) {
            if (positions[r] < 0 || positions[r] >= keys[r].dim(0)) {
                throw new IllegalArgumentException("position " + positions[r] + " outside a cache of " + keys[r].dim(0));
            }
            long key = at(keys[r]), value = at(values[r]);
            packed[2 * r] = (int) key;
            packed[2 * r + 1] = (int) (key >>> 32);
            packed[2 * rows + 2 * r] = (int) value;
            packed[2 * rows + 2 * r + 1] = (int) (value >>> 32);
            packed[4 * rows + r] = positions[r];
            longest = Math.max(longest, positions[r] + 1);
        }
        long base = scratch(INTS, 4L * packed.length);
        api.toDevice(packed, base);
        long keyTable = base, valueTable = base + 8L * rows, positionTable = base + 16L * rows;
        each("cache_write", (long) rows * width, at(qkv), keyTable, valueTable, positionTable, rows, width);
        run("cached_attention", rows, heads, 128, 4 * longest, at(qkv), keyTable, valueTable, positionTable, heads,
                headSize, scale, at(out));
    }

    // ---------------------------------------------------------------- dropout

    @Override
    public synchronized void dropout(Tensor x, Tensor mask, float probability, long seed, long stream) {
        api.ensureThread();
        sameSize(x, mask);
        float keep = 1f / (1f - probability);
        long n = x.size();
        each("dropout_fwd", (n + 3) / 4, at(x), at(mask), n, probability, keep, seed, stream);
    }

    // ---------------------------------------------------------------- loss and optimizer

    @Override
    public synchronized double crossEntropy(Tensor logits, int[] targets, float[] mask, double labelSmoothing, Tensor dLogits) {
        api.ensureThread();
        int rows = logits.rows(), vocab = logits.dim(-1);
        if (targets.length != rows || mask.length != rows) {
            throw new IllegalArgumentException("targets and mask must have one entry per logits row (" + rows + ")");
        }
        double weight = 0;
        for (int r = 0; r < rows; r++) {
            if (mask[r] != 0 && (targets[r] < 0 || targets[r] >= vocab)) {
                throw new IllegalArgumentException("target id " + targets[r] + " outside the vocabulary of " + vocab);
            }
            weight += mask[r];
        }
        if (weight == 0) {
            if (dLogits != null) fill(dLogits, 0f);
            return 0;
        }
        int[] safeTargets = targets.clone();                   // padding rows may hold any id; the kernel reads it
        for (int r = 0; r < rows; r++) if (mask[r] == 0) safeTargets[r] = 0;
        long ids = scratch(INTS, 4L * rows);
        api.toDevice(safeTargets, ids);
        long weights = scratch(FLOATS, 4L * rows);
        api.toDevice(mask, 0, weights, rows);
        long rowLoss = scratch(PARTIAL, 8L * rows);
        long total = scratch(DOUBLES, 8);
        run("cross_entropy", rows, 1, THREADS, 0, at(logits), ids, weights, rows, vocab, labelSmoothing, weight,
                atOrNull(dLogits), rowLoss);
        run("sum_doubles", 1, 1, 1024, 0, rowLoss, rows, total);
        return api.doublesToHost(total, 1)[0] / weight;
    }

    @Override
    public synchronized void adamW(Tensor parameters, Tensor gradients, Tensor firstMoment, Tensor secondMoment,
                                   Tensor decayMask, AdamWSettings settings, double learningRate, int step) {
        api.ensureThread();
        long n = parameters.size();
        double bc1 = 1 - Math.pow(settings.beta1(), step + 1);
        double bc2 = 1 - Math.pow(settings.beta2(), step + 1);
        each("adamw", n, at(parameters), at(gradients), at(firstMoment), at(secondMoment), atOrNull(decayMask), n,
                (float) learningRate, (float) settings.beta1(), (float) settings.beta2(), (float) (1 - settings.beta1()),
                (float) (1 - settings.beta2()), (float) settings.epsilon(),
                (float) settings.weightDecay(), (float) (learningRate / bc1), (float) Math.sqrt(bc2));
    }

    @Override
    public synchronized void adamWRows(Tensor table, int[] rows, Tensor rowGradients, Tensor firstMoment,
                                       Tensor secondMoment, AdamWSettings settings, double learningRate, int step) {
        api.ensureThread();
        int width = table.dim(-1);
        if (rowGradients.rows() < rows.length || rowGradients.dim(-1) != width) {
            throw new IllegalArgumentException(rowGradients + " cannot hold the gradients of " + rows.length + " rows of " + table);
        }
        checkTokens(rows, table.rows());
        if (rows.length == 0) return;
        long ids = scratch(INTS, 4L * rows.length);
        api.toDevice(rows, ids);
        double bc1 = 1 - Math.pow(settings.beta1(), step + 1);
        double bc2 = 1 - Math.pow(settings.beta2(), step + 1);
        each("adamw_rows", (long) rows.length * width, at(table), at(rowGradients), at(firstMoment), at(secondMoment),
                ids, rows.length, width, (float) settings.beta1(), (float) settings.beta2(), (float) (1 - settings.beta1()),
                (float) (1 - settings.beta2()), (float) settings.epsilon(), (float) (learningRate / bc1),
                (float) Math.sqrt(bc2));
    }
}
