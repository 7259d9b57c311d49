package org.slmworkshop.kernels.cuda;

/**
 * What each kernel should compute, as plain loops in double precision written from the formulas in
 * {@code Kernels}' documentation, not from either backend (in the manner of llm.c's reference C beside its CUDA).
 *
 * <p>Beside each expected value sits the magnitude of the terms that were added to get it (Σ|a·b| for a
 * product): float32 rounding scales with that, not with the value, which can cancel to nearly zero. A check
 * allows relative error × magnitude.
 */
final class KernelReference {
    private KernelReference() {}

    /** Expected values and, for each, the size of what was summed to get it. */
    record Expected(double[] value, double[] magnitude) {
        Expected(int n) {
            this(new double[n], new double[n]);
        }

        /** Values that are a single operation on their inputs: the magnitude is the value itself. */
        static Expected of(double[] value) {
            double[] magnitude = new double[value.length];
            for (int i = 0; i < value.length; i++) magnitude[i] = Math.abs(value[i]);
            return new Expected(value, magnitude);
        }
    }

    // ---------------------------------------------------------------- products

    /** Element (i, j) of op(m), m being (rows, columns) row-major from index {@code at}. */
    private static double element(float[] m, int at, int columns, boolean transpose, int i, int j) {
        return transpose ? m[at + j * columns + i] : m[at + i * columns + j];
    }

    /**
     * c = op(a)·op(b) + beta·c with a (aRows, aColumns), b (bRows, bColumns) as stored, c (M, N).
     * Group g of a batch starts at aAt, bAt, cAt.
     */
    static void matmul(float[] a, int aAt, int aRows, int aColumns, boolean transposeA,
                       float[] b, int bAt, int bRows, int bColumns, boolean transposeB,
                       float[] c, int cAt, double beta, Expected out) {
        int m = transposeA ? aColumns : aRows, inner = transposeA ? aRows : aColumns;
        int n = transposeB ? bRows : bColumns;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, size = 0;
                for (int l = 0; l < inner; l++) {
                    double term = element(a, aAt, aColumns, transposeA, i, l) * element(b, bAt, bColumns, transposeB, l, j);
                    sum += term;
                    size += Math.abs(term);
                }
                double old = beta == 0 ? 0 : beta * c[cAt + i * n + j];   // beta 0 ignores c, as BLAS does
                out.value()[cAt + i * n + j] = sum + old;
                out.magnitude()[cAt + i * n + j] = size + Math.abs(old);
            }
        }
    }

    // ---------------------------------------------------------------- LayerNorm

    /** y = x̂·gain + bias with x̂ = (x − mean)/√(var + 1e-5) over each row of (rows, width); bias may be null. */
    record LayerNormResult(Expected y, Expected xhat, Expected rstd) {}

    static LayerNormResult layerNorm(float[] x, int rows, int width, float[] gain, float[] bias) {
        Expected y = new Expected(rows * width), xhat = new Expected(rows * width), rstd = new Expected(rows);
        for (int r = 0; r < rows; r++) {
            double mean = 0, variance = 0;
            for (int c = 0; c < width; c++) mean += x[r * width + c];
            mean /= width;
            for (int c = 0; c < width; c++) variance += Math.pow(x[r * width + c] - mean, 2);
            variance /= width;
            double s = 1 / Math.sqrt(variance + 1e-5);
            rstd.value()[r] = s;
            rstd.magnitude()[r] = s;
            for (int c = 0; c < width; c++) {
                int i = r * width + c;
                double h = (x[i] - mean) * s;
                double b = bias == null ? 0 : bias[c];
                xhat.value()[i] = h;
                xhat.magnitude()[i] = Math.abs(h) + Math.abs(x[i] * s);   // x − mean may cancel
                y.value()[i] = h * gain[c] + b;
                y.magnitude()[i] = xhat.magnitude()[i] * Math.abs(gain[c]) + Math.abs(b);
            }
        }
        return new LayerNormResult(y, xhat, rstd);
    }

    record LayerNormGradients(Expected dx, Expected dGain, Expected dBias) {}

    /**
     * dx += (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))·rstd with dx̂ = dy·gain; dGain += Σ_rows dy·x̂; dBias += Σ_rows dy.
     * dx, dGain, dBias hold the values accumulated into.
     */
    static LayerNormGradients layerNormBackward(float[] dy, float[] xhat, float[] rstd, float[] gain, int rows, int width,
                                                float[] dx, float[] dGain, float[] dBias) {
        Expected outDx = new Expected(rows * width), outGain = new Expected(width), outBias = new Expected(width);
        for (int c = 0; c < width; c++) {
            outGain.value()[c] = dGain[c];
            outGain.magnitude()[c] = Math.abs(dGain[c]);
            outBias.value()[c] = dBias[c];
            outBias.magnitude()[c] = Math.abs(dBias[c]);
        }
        for (int r = 0; r < rows; r++) {
            double meanD = 0, meanDX = 0, sizeD = 0, sizeDX = 0;
            for (int c = 0; c < width; c++) {
                double d = (double) dy[r * width + c] * gain[c];
                meanD += d / width;
                meanDX += d * xhat[r * width + c] / width;
                sizeD += Math.abs(d) / width;
                sizeDX += Math.abs(d * xhat[r * width + c]) / width;
            }
            for (int c = 0; c < width; c++) {
                int i = r * width + c;
                double d = (double) dy[i] * gain[c];
                outDx.value()[i] = dx[i] + (d - meanD - xhat[i] * meanDX) * rstd[r];
                outDx.magnitude()[i] = Math.abs(dx[i]) + (Math.abs(d) + sizeD + Math.abs(xhat[i]) * sizeDX) * rstd[r];
                outGain.value()[c] += (double) dy[i] * xhat[i];
                outGain.magnitude()[c] += Math.abs((double) dy[i] * xhat[i]);
                outBias.value()[c] += dy[i];
                outBias.magnitude()[c] += Math.abs(dy[i]);
            }
        }
        return new LayerNormGradients(outDx, outGain, outBias);
    }

    // ---------------------------------------------------------------- GELU

    /** Φ(x), the standard normal CDF, = ½·erfc(−x/√2), accurate in the far left tail too. */
    static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** x·Φ(x), the exact GELU of nn.GELU(). */
    static double gelu(double x) {
        return x * normalCdf(x);
    }

    /** d/dx x·Φ(x) = Φ(x) + x·φ(x). */
    static double geluDerivative(double x) {
        return normalCdf(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    /**
     * erfc to about 1e-14 relative: the Taylor series of erf below 2.5 (its terms stay below 20, so little is lost
     * to cancellation) and the continued fraction erfc(z) = e^(−z²)/√π · 1/(z + ½/(z + 1/(z + 3/2/(z + …)))) above.
     */
    static double erfc(double z) {
        if (z < 0) return 2 - erfc(-z);
        if (z < 2.5) {
            double term = z, sum = z;                       // erf z = 2/√π Σ (−1)ⁿ z^(2n+1) / (n!·(2n+1))
            for (int n = 1; n < 100; n++) {
                term *= -z * z / n;
                sum += term / (2 * n + 1);
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        double fraction = z;
        for (int k = 80; k >= 1; k--) fraction = z + (k / 2.0) / fraction;
        return Math.exp(-z * z) / (Math.sqrt(Math.PI) * fraction);
    }

    // ---------------------------------------------------------------- attention

    /** softmax(scale·s) over columns 0 … i of row i of each (T, T) group, 0 above the diagonal. */
    static Expected causalSoftmax(float[] scores, int groups, int length, double scale) {
        Expected p = new Expected(scores.length);
        for (int row = 0; row < groups * length; row++) {
            int visible = row % length + 1, o = row * length;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < visible; j++) max = Math.max(max, scale * scores[o + j]);
            for (int j = 0; j < visible; j++) sum += Math.exp(scale * scores[o + j] - max);
            for (int j = 0; j < visible; j++) {
                p.value()[o + j] = Math.exp(scale * scores[o + j] - max) / sum;
                p.magnitude()[o + j] = p.value()[o + j];
            }
        }
        return p;
    }

    /** scale·p ⊙ (g − Σ_j p·g) row by row over the visible columns, 0 above the diagonal. */
    static Expected causalSoftmaxBackward(float[] probs, float[] dProbs, int groups, int length, double scale) {
        Expected out = new Expected(probs.length);
        for (int row = 0; row < groups * length; row++) {
            int visible = row % length + 1, o = row * length;
            double dot = 0, size = 0;
            for (int j = 0; j < visible; j++) {
                dot += (double) probs[o + j] * dProbs[o + j];
                size += Math.abs((double) probs[o + j] * dProbs[o + j]);
            }
            for (int j = 0; j < visible; j++) {
                out.value()[o + j] = scale * probs[o + j] * (dProbs[o + j] - dot);
                out.magnitude()[o + j] = Math.abs(scale * probs[o + j]) * (Math.abs(dProbs[o + j]) + size);
            }
        }
        return out;
    }

    /**
     * Row {@code row} of cachedAttention: per head h, softmax(q_h·K_h[0…p]ᵀ·scale)·V_h[0…p], where keys and values
     * are that row's (T_max, C) caches, already holding the row's own key and value at position p. Fills
     * out[row·C … (row+1)·C).
     */
    static void cachedAttentionRow(float[] qkv, int row, int width, float[] keys, float[] values, int position,
                                   int heads, double scale, Expected out) {
        int headSize = width / heads;
        for (int h = 0; h < heads; h++) {
            double[] weights = new double[position + 1];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int t = 0; t <= position; t++) {                  // scores_t = q·k_t·scale
                double dot = 0;
                for (int d = 0; d < headSize; d++) {
                    dot += (double) qkv[row * 3 * width + h * headSize + d] * keys[t * width + h * headSize + d];
                }
                weights[t] = dot * scale;
                max = Math.max(max, weights[t]);
            }
            for (int t = 0; t <= position; t++) {
                weights[t] = Math.exp(weights[t] - max);
                sum += weights[t];
            }
            for (int d = 0; d < headSize; d++) {                   // Σ_t p_t·v_t
                double value = 0, size = 0;
                for (int t = 0; t <= position; t++) {
                    value += weights[t] / sum * values[t * width + h * headSize + d];
                    size += weights[t] / sum * Math.abs(values[t * width + h * headSize + d]);
                }
                out.value()[row * width + h * headSize + d] = value;
                out.magnitude()[row * width + h * headSize + d] = size;
            }
        }
    }

    // ---------------------------------------------------------------- loss

    record CrossEntropyResult(double loss, Expected dLogits) {}

    /**
     * Σ_i m_i·(−Σ_v q_iv·log softmax(z_i)_v) / Σ_i m_i with q = (1−ε) on the target + ε/V everywhere, and
     * dL/dz_i = m_i/Σm·(softmax(z_i) − q_i).
     */
    static CrossEntropyResult crossEntropy(float[] logits, int rows, int vocab, int[] targets, float[] mask,
                                           double smoothing) {
        double weight = 0, loss = 0;
        for (float m : mask) weight += m;
        Expected d = new Expected(rows * vocab);
        for (int r = 0; r < rows; r++) {
            if (mask[r] == 0) continue;
            int o = r * vocab;
            double max = Double.NEGATIVE_INFINITY, sum = 0, mean = 0;
            for (int v = 0; v < vocab; v++) max = Math.max(max, logits[o + v]);
            for (int v = 0; v < vocab; v++) {
                sum += Math.exp(logits[o + v] - max);
                mean += (double) logits[o + v] / vocab;
            }
            double logSumExp = max + Math.log(sum);
            double nll = logSumExp - logits[o + targets[r]];
            double uniform = logSumExp - mean;                     // −(1/V)·Σ_v log softmax(z)_v
            loss += mask[r] * ((1 - smoothing) * nll + smoothing * uniform);
            for (int v = 0; v < vocab; v++) {
                double p = Math.exp(logits[o + v] - max) / sum;
                double q = smoothing / vocab + (v == targets[r] ? 1 - smoothing : 0);
                d.value()[o + v] = mask[r] / weight * (p - q);
                d.magnitude()[o + v] = Math.abs(mask[r] / weight) * (p + q);
            }
        }
        return new CrossEntropyResult(loss / weight, d);
    }

    // ---------------------------------------------------------------- AdamW

    /**
     * torch.optim.AdamW (foreach and fused off) in double, with weight decay only where the mask is 1:
     * p ← p·(1 − lr·λ·mask); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
     * p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε), t = step + 1.
     */
    static final class AdamW {
        final double[] p, m, v;
        final double[] pathLength;   // |p₀| + Σ of every step's |movement|: what float rounding of p scales with
        final double[] mSize;        // m computed on |g|: what rounding of m scales with
        private final float[] decayMask;
        private final double beta1, beta2, epsilon, weightDecay;

        AdamW(float[] parameters, float[] decayMask, double beta1, double beta2, double epsilon, double weightDecay) {
            int n = parameters.length;
            p = new double[n];
            m = new double[n];
            v = new double[n];
            pathLength = new double[n];
            mSize = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = parameters[i];
                pathLength[i] = Math.abs(parameters[i]);
            }
            this.decayMask = decayMask;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.weightDecay = weightDecay;
        }

        void step(float[] g, double lr, int step) {
            int t = step + 1;
            double bias1 = 1 - Math.pow(beta1, t), bias2 = 1 - Math.pow(beta2, t);
            for (int i = 0; i < p.length; i++) {
                double decay = lr * weightDecay * decayMask[i] * p[i];
                p[i] -= decay;
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                mSize[i] = beta1 * mSize[i] + (1 - beta1) * Math.abs(g[i]);
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                double update = lr / bias1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bias2) + epsilon);
                p[i] -= update;
                pathLength[i] += Math.abs(decay) + Math.abs(update);
            }
        }
    }
}
