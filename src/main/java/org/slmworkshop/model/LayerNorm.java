package org.slmworkshop.model;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LayerNorm over the last dimension: y = (x - mean) / sqrt(var + eps) * gain + bias.
 * Forward and backward are plain loops over rows, split across two threads by {@link Parallel};
 * the forward keeps x̂ and 1/σ for the backward.
 */
final class LayerNorm {
    static final float EPS = 1e-5f;

    private final Parameter gain;
    private final Parameter bias; // null when the model has no biases
    private final int width;
    private float[] xhat = new float[0];   // (N, C) normalised input
    private float[] rstd = new float[0];   // (N) 1/σ per row
    private float[] scratch = new float[0];
    private float[] scratch2 = new float[0];
    private final float[][] gainPartial;   // per half: Σ_rows dy·x̂
    private final float[][] biasPartial;   // per half: Σ_rows dy

    LayerNorm(Parameter gain, Parameter bias) {
        this.gain = gain;
        this.bias = bias;
        this.width = (int) gain.size();
        this.gainPartial = new float[2][width];
        this.biasPartial = new float[2][width];
    }

    /** x (N, C) → y (N, C). */
    void forward(INDArray x, INDArray y) {
        addAndForward(x, null, y);
    }

    /** x += branch (N, C) in place, the residual add, then y = LayerNorm(x), in one pass. */
    void addAndForward(INDArray x, INDArray branch, INDArray y) {
        int rows = (int) x.size(0);
        float[] in = scratch = Host.ensure(scratch, rows * width);
        float[] added = branch == null ? null : (scratch2 = Host.ensure(scratch2, rows * width));
        float[] normed = xhat = Host.ensure(xhat, rows * width);
        float[] inverse = rstd = Host.ensure(rstd, rows);
        float[] g = Host.read(gain.value());
        float[] b = bias == null ? new float[width] : Host.read(bias.value());
        Parallel.rows(rows, (long) rows * width, (from, to) -> {
            Host.readRange(x, from * width, to * width, in);
            if (added != null) {
                Host.readRange(branch, from * width, to * width, added);
                for (int i = from * width; i < to * width; i++) in[i] += added[i];
                Host.writeRange(in, from * width, to * width, x);
            }
            for (int r = from; r < to; r++) {
                int o = r * width;
                float mean = RowMath.sum(in, o, width) / width;
                float s = (float) (1.0 / Math.sqrt(RowMath.squaredDeviation(in, o, width, mean) / width + EPS));
                inverse[r] = s;
                for (int c = 0; c < width; c++) {
                    float h = (in[o + c] - mean) * s;
                    normed[o + c] = h;
                    in[o + c] = h * g[c] + b[c];
                }
            }
            Host.writeRange(in, from * width, to * width, y);
        });
    }

    /** dy (N, C) → adds dL/dx into dx (N, C) and accumulates the gain and bias gradients. */
    void backwardAccumulate(INDArray dy, INDArray dx) {
        int rows = (int) dy.size(0);
        float[] gradOut = scratch = Host.ensure(scratch, rows * width);
        float[] gradIn = scratch2 = Host.ensure(scratch2, rows * width);
        float[] g = Host.read(gain.value());
        float[] normed = xhat;
        float[] inverse = rstd;
        int split = Parallel.split(rows);
        for (int half = 0; half < 2; half++) {
            Arrays.fill(gainPartial[half], 0f);
            Arrays.fill(biasPartial[half], 0f);
        }
        Parallel.rows(rows, (long) rows * width, (from, to) -> {
            float[] dGain = gainPartial[from < split ? 0 : 1];
            float[] dBias = biasPartial[from < split ? 0 : 1];
            Host.readRange(dy, from * width, to * width, gradOut);
            Host.readRange(dx, from * width, to * width, gradIn);
            for (int r = from; r < to; r++) {
                int o = r * width;
                // dx̂ = dy·g;  dx = (dx̂ - mean(dx̂) - x̂·mean(dx̂·x̂)) / σ
                float sumD = 0, sumDX = 0;
                for (int c = 0; c < width; c++) {
                    float dh = gradOut[o + c] * g[c];
                    sumD += dh;
                    sumDX += dh * normed[o + c];
                    dGain[c] += gradOut[o + c] * normed[o + c];
                    dBias[c] += gradOut[o + c];
                }
                float md = sumD / width;
                float mdx = sumDX / width;
                float s = inverse[r];
                for (int c = 0; c < width; c++) {
                    float dh = gradOut[o + c] * g[c];
                    gradIn[o + c] += (dh - md - normed[o + c] * mdx) * s;
                }
            }
            Host.writeRange(gradIn, from * width, to * width, dx);
        });
        // the two halves' partial sums, added in a fixed order
        float[] total = Host.read(gain.gradient());
        for (int c = 0; c < width; c++) total[c] += gainPartial[0][c] + gainPartial[1][c];
        Host.write(total, gain.gradient());
        if (bias != null) {
            float[] totalBias = Host.read(bias.gradient());
            for (int c = 0; c < width; c++) totalBias[c] += biasPartial[0][c] + biasPartial[1][c];
            Host.write(totalBias, bias.gradient());
        }
    }
}
