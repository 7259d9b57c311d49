package org.slmworkshop.kernels;

/**
 * Every computation the models make, as one interface a backend implements, in the spirit of llm.c's
 * {@code train_gpt2.c} beside {@code train_gpt2.cu}. Layers hold {@link Tensor}s and call these kernels;
 * how a backend stores numbers, splits work over threads or launches a device kernel stays behind it.
 *
 * <p>Shapes are written (rows, columns) for matrices, and N = B·T rows for a batch of B windows of T
 * tokens. A kernel that "accumulates" adds into its output; every other kernel overwrites it.
 * Results must not depend on thread scheduling: reductions are summed in a fixed order.
 */
public interface Kernels {
    /** A short name for the backend, shown to the learner: "cpu". */
    String name();

    // ---------------------------------------------------------------- memory

    /** A new tensor of zeros. */
    Tensor zeros(int... shape);

    /** A tensor of the given shape over {@code flat}'s values [offset, offset + size), sharing them. */
    Tensor view(Tensor flat, long offset, int... shape);

    /**
     * A copy of {@code source} that nothing will write again (the decoder's weight snapshot), which the backend
     * may keep in whatever form reads fastest. Views of it are constant too.
     */
    Tensor constant(Tensor source);

    /** Copies {@code from[at … at+n)} into {@code to}'s values [offset, offset + n). */
    void upload(float[] from, int at, Tensor to, long offset, int n);

    /** Copies {@code from}'s values [offset, offset + n) into {@code to[at … at+n)}. */
    void download(Tensor from, long offset, float[] to, int at, int n);

    /** All values of {@code tensor}, row-major, on the host. */
    default float[] download(Tensor tensor) {
        if (tensor.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(tensor + " is too large for one host array; download it in parts");
        }
        float[] host = new float[(int) tensor.size()];
        download(tensor, 0, host, 0, host.length);
        return host;
    }

    void fill(Tensor tensor, float value);

    /** to = from (same size). */
    void copy(Tensor from, Tensor to);

    /** x += y (same size): the residual add. */
    void add(Tensor x, Tensor y);

    /** x ⊙= y (same size). */
    void multiply(Tensor x, Tensor y);

    /** x *= factor. */
    void scale(Tensor x, float factor);

    /** √(Σ x²), the L2 norm of all values. */
    double norm(Tensor x);

    // ---------------------------------------------------------------- embeddings

    /**
     * out[b·T + t] = table[tokens[b·T + t]] + positions[t] (positions may be null).
     *
     * @param table     (V, C)
     * @param positions (T_max, C) with T_max ≥ length, or null
     * @param out       (B·T, C)
     */
    void embedding(int[] tokens, int length, Tensor table, Tensor positions, Tensor out);

    /** The backward of {@link #embedding}: dTable[tokens[i]] += dOut[i]; dPositions[t] += Σ_b dOut[b·T + t]. */
    void embeddingBackward(Tensor dOut, int[] tokens, int length, Tensor dTable, Tensor dPositions);

    // ---------------------------------------------------------------- products

    /** c = op(a)·op(b) + beta·c for matrices, op being the transpose when asked. */
    void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float beta);

    /** c[g] = op(a[g])·op(b[g]) for every g of three-dimensional (G, rows, columns) tensors. */
    void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c);

    /** y[i] += bias for every row i of y (N, out). */
    void addBias(Tensor y, Tensor bias);

    /** dBias += Σ_i dy[i], the backward of {@link #addBias}. */
    void biasBackward(Tensor dy, Tensor dBias);

    // ---------------------------------------------------------------- normalisation and activation

    /**
     * y = (x − mean) / √(var + 1e-5) · gain + bias over each row; keeps x̂ (N, C) and 1/σ (N) for the backward.
     * {@code bias} may be null.
     */
    void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor y, Tensor xhat, Tensor rstd);

    /** x += branch (in place), then {@link #layerNorm} of the new x: the residual add fused with the next norm. */
    void residualLayerNorm(Tensor x, Tensor branch, Tensor gain, Tensor bias, Tensor y, Tensor xhat, Tensor rstd);

    /** Accumulates dx += dL/dx, dGain += Σ dy·x̂ and dBias += Σ dy (dBias may be null). */
    void layerNormBackward(Tensor dy, Tensor xhat, Tensor rstd, Tensor gain, Tensor dx, Tensor dGain, Tensor dBias);

    /** y = x·Φ(x), the exact (erf) GELU. */
    void gelu(Tensor x, Tensor y);

    /** dy ← dy ⊙ GELU'(x), in place. */
    void geluBackward(Tensor x, Tensor dy);

    // ---------------------------------------------------------------- attention

    /** qkv (B·T, 3C) laid out [q | k | v] → q, k, v (B·H, T, hs), one slice per head. */
    void splitQkv(Tensor qkv, int heads, Tensor q, Tensor k, Tensor v);

    /** The backward of {@link #splitQkv}: dq, dk, dv (B·H, T, hs) → dQkv (B·T, 3C). */
    void joinQkv(Tensor dq, Tensor dk, Tensor dv, int heads, Tensor dQkv);

    /** (B·H, T, hs) → (B·T, C): the heads side by side again. */
    void mergeHeads(Tensor perHead, int heads, Tensor merged);

    /** (B·T, C) → (B·H, T, hs): the backward of {@link #mergeHeads}. */
    void splitHeads(Tensor merged, int heads, Tensor perHead);

    /**
     * probs = softmax(scale·scores) over each row of (G, T, T), restricted to columns ≤ row; the upper
     * triangle is exactly zero, so no future token contributes.
     */
    void causalSoftmax(Tensor scores, float scale, Tensor probs);

    /** dProbs ← scale · p ⊙ (dProbs − Σ_j p·dProbs) row by row, in place: the gradient at the scores. */
    void causalSoftmaxBackward(Tensor probs, Tensor dProbs, float scale);

    /**
     * One new row per sequence against its KV cache (the incremental decoder): writes row r's key and value
     * at position p_r = positions[r] of its cache, then out[r] = softmax(q_r·K[0…p_r]ᵀ·scale)·V[0…p_r] per head.
     *
     * @param qkv    (R, 3C) the new rows' [q | k | v], heads side by side in each
     * @param keys   one (T_max, C) cache per row, positions 0 … p_r − 1 already filled
     * @param values as keys
     * @param out    (R, C)
     */
    void cachedAttention(Tensor qkv, Tensor[] keys, Tensor[] values, int[] positions, int heads, float scale, Tensor out);

    // ---------------------------------------------------------------- dropout

    /**
     * Inverted dropout in place: mask = (u ≥ p) / (1 − p) with u = {@link Philox#uniform}(seed, stream, i)
     * for element i, then x ⊙= mask. The same seed, stream and shape give the same mask on any backend.
     */
    void dropout(Tensor x, Tensor mask, float probability, long seed, long stream);

    // ---------------------------------------------------------------- loss and optimizer

    /**
     * Masked mean cross-entropy with label smoothing ε: Σ_i m_i·(−Σ_v q_iv·log softmax(z_i)_v) / Σ_i m_i, q
     * putting 1−ε on the target and ε/V everywhere. With {@code dLogits}, writes dL/dz there.
     *
     * @param logits (N, V)
     */
    double crossEntropy(Tensor logits, int[] targets, float[] mask, double labelSmoothing, Tensor dLogits);

    /**
     * One AdamW step over flat vectors, as PyTorch takes it: p −= lr·λ·decay·p (decoupled decay), m = β1·m + (1−β1)·g,
     * v = β2·v + (1−β2)·g², p −= (lr / bc1)·m / (√v / √bc2 + ε) with bc1 = 1 − β1ᵗ⁺¹ and bc2 = 1 − β2ᵗ⁺¹ for step
     * {@code step} (0-based). {@code decayMask} is 1 where decay applies and 0 elsewhere; null means everywhere.
     * The gradient buffer may be used as scratch. {@link AdamWStep} is the arithmetic on the host.
     */
    void adamW(Tensor parameters, Tensor gradients, Tensor firstMoment, Tensor secondMoment, Tensor decayMask,
               AdamWSettings settings, double learningRate, int step);

    /**
     * The {@link #adamW} update, without weight decay, on some rows of a (R, W) table only: for each i, row rows[i] of
     * {@code table}, {@code firstMoment} and {@code secondMoment} is updated with gradient row i of
     * {@code rowGradients} (rows.length, W). Every other row keeps its values and moments: PyTorch's SparseAdam rule
     * for a table whose gradient a batch makes non-zero on a few rows only. Rows are distinct.
     *
     * <p>This default copies each row to the host and back; a backend overrides it with a kernel.
     */
    default void adamWRows(Tensor table, int[] rows, Tensor rowGradients, Tensor firstMoment, Tensor secondMoment,
                           AdamWSettings settings, double learningRate, int step) {
        int width = table.dim(-1);
        float[] p = new float[width], g = new float[width], m = new float[width], v = new float[width];
        AdamWStep coefficients = AdamWStep.of(settings, learningRate, step, false);
        for (int i = 0; i < rows.length; i++) {
            long at = (long) rows[i] * width;
            download(table, at, p, 0, width);
            download(rowGradients, (long) i * width, g, 0, width);
            download(firstMoment, at, m, 0, width);
            download(secondMoment, at, v, 0, width);
            coefficients.apply(p, g, m, v, null, 0, width);
            upload(p, 0, table, at, width);
            upload(m, 0, firstMoment, at, width);
            upload(v, 0, secondMoment, at, width);
        }
    }

    /** The hyperparameters of {@link #adamW} that stay fixed during a run. */
    record AdamWSettings(double beta1, double beta2, double epsilon, double weightDecay) {}
}
