package org.slmworkshop.kernels.cpu;

import static org.slmworkshop.kernels.cpu.CpuKernels.nd;

import org.slmworkshop.kernels.Tensor;

/** LayerNorm over the last dimension, forward (optionally fused with the residual add) and backward. */
final class CpuNorms {
    static final float EPS = 1e-5f;

    private final Parallel parallel;

    CpuNorms(Parallel parallel) {
        this.parallel = parallel;
    }

    /** With a branch: x += branch in place first. Then y = x̂·gain + bias, keeping x̂ and 1/σ. */
    void forward(Tensor x, Tensor branch, Tensor gain, Tensor bias, Tensor y, Tensor xhat, Tensor rstd) {
        int rows = x.rows();
        int width = x.dim(-1);
        float[] in = Scratch.get(Scratch.A, (long) rows * width);
        float[] added = branch == null ? null : Scratch.get(Scratch.B, (long) rows * width);
        float[] normed = Scratch.get(Scratch.C, (long) rows * width);
        float[] inverse = Scratch.get(Scratch.D, rows);
        float[] g = Host.read(nd(gain));
        float[] b = bias == null ? new float[width] : Host.read(nd(bias));
        parallel.rows(rows, (long) rows * width, (from, to) -> {
            Host.readRange(nd(x), from * width, to * width, in);
            if (added != null) {
                Host.readRange(nd(branch), from * width, to * width, added);
                for (int i = from * width; i < to * width; i++) in[i] += added[i];
                Host.writeRange(in, from * width, to * width, nd(x));
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
            Host.writeRange(in, from * width, to * width, nd(y));
            Host.writeRange(normed, from * width, to * width, nd(xhat));
            Host.writeRange(inverse, from, to, nd(rstd));
        });
    }

    /** dx += dL/dx; dGain += Σ dy·x̂; dBias += Σ dy. Each chunk keeps its own partial sums, added in chunk order. */
    void backward(Tensor dy, Tensor xhat, Tensor rstd, Tensor gain, Tensor dx, Tensor dGain, Tensor dBias) {
        int rows = dy.rows();
        int width = dy.dim(-1);
        float[] gradOut = Scratch.get(Scratch.A, (long) rows * width);
        float[] gradIn = Scratch.get(Scratch.B, (long) rows * width);
        float[] normed = Scratch.get(Scratch.C, (long) rows * width);
        float[] inverse = Scratch.get(Scratch.D, rows);
        float[] g = Host.read(nd(gain));
        float[][] gainPartial = new float[Parallel.chunks(rows)][width];
        float[][] biasPartial = new float[Parallel.chunks(rows)][width];
        parallel.chunks(rows, (long) rows * width, (chunk, from, to) -> {
            float[] partialGain = gainPartial[chunk];
            float[] partialBias = biasPartial[chunk];
            Host.readRange(nd(dy), from * width, to * width, gradOut);
            Host.readRange(nd(dx), from * width, to * width, gradIn);
            Host.readRange(nd(xhat), from * width, to * width, normed);
            Host.readRange(nd(rstd), from, to, inverse);
            for (int r = from; r < to; r++) {
                int o = r * width;
                // dx̂ = dy·g;  dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / σ
                float sumD = 0, sumDX = 0;
                for (int c = 0; c < width; c++) {
                    float dh = gradOut[o + c] * g[c];
                    sumD += dh;
                    sumDX += dh * normed[o + c];
                    partialGain[c] += gradOut[o + c] * normed[o + c];
                    partialBias[c] += gradOut[o + c];
                }
                float md = sumD / width;
                float mdx = sumDX / width;
                float s = inverse[r];
                for (int c = 0; c < width; c++) {
                    float dh = gradOut[o + c] * g[c];
                    gradIn[o + c] += (dh - md - normed[o + c] * mdx) * s;
                }
            }
            Host.writeRange(gradIn, from * width, to * width, nd(dx));
        });
        addPartials(dGain, gainPartial);
        if (dBias != null) addPartials(dBias, biasPartial);
    }

    private static void addPartials(Tensor total, float[][] partials) {
        float[] sum = Host.read(nd(total));
        for (int c = 0; c < sum.length; c++) {
            float chunks = 0;
            for (float[] partial : partials) chunks += partial[c];
            sum[c] += chunks;
        }
        Host.write(sum, nd(total));
    }

}
