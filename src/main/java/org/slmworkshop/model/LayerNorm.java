package org.slmworkshop.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LayerNorm over the last dimension: y = (x - mean) / sqrt(var + eps) * gain + bias.
 * Forward and backward are plain loops over rows; the forward keeps x̂ and 1/σ for the backward.
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

    LayerNorm(Parameter gain, Parameter bias) {
        this.gain = gain;
        this.bias = bias;
        this.width = (int) gain.size();
    }

    /** x (N, C) → y (N, C). */
    void forward(INDArray x, INDArray y) {
        int rows = (int) x.size(0);
        float[] in = scratch = Host.read(x, scratch);
        if (xhat.length < rows * width) xhat = new float[rows * width];
        if (rstd.length < rows) rstd = new float[rows];
        float[] g = Host.read(gain.value());
        float[] b = bias == null ? null : Host.read(bias.value());
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double mean = 0;
            for (int c = 0; c < width; c++) mean += in[o + c];
            mean /= width;
            double var = 0;
            for (int c = 0; c < width; c++) {
                double d = in[o + c] - mean;
                var += d * d;
            }
            var /= width;
            float s = (float) (1.0 / Math.sqrt(var + EPS));
            float m = (float) mean;
            rstd[r] = s;
            for (int c = 0; c < width; c++) {
                float h = (in[o + c] - m) * s;
                xhat[o + c] = h;
                in[o + c] = h * g[c] + (b == null ? 0f : b[c]);
            }
        }
        Host.write(in, y);
    }

    /** dy (N, C) → adds dL/dx into dx (N, C) and accumulates the gain and bias gradients. */
    void backwardAccumulate(INDArray dy, INDArray dx) {
        int rows = (int) dy.size(0);
        float[] gradOut = scratch = Host.read(dy, scratch);
        float[] gradIn = scratch2 = Host.read(dx, scratch2);
        float[] g = Host.read(gain.value());
        float[] dGain = Host.read(gain.gradient());
        float[] dBias = bias == null ? null : Host.read(bias.gradient());
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            // dx̂ = dy·g;  dx = (dx̂ - mean(dx̂) - x̂·mean(dx̂·x̂)) / σ
            double meanD = 0, meanDX = 0;
            for (int c = 0; c < width; c++) {
                float dh = gradOut[o + c] * g[c];
                meanD += dh;
                meanDX += dh * xhat[o + c];
                dGain[c] += gradOut[o + c] * xhat[o + c];
                if (dBias != null) dBias[c] += gradOut[o + c];
            }
            float md = (float) (meanD / width);
            float mdx = (float) (meanDX / width);
            float s = rstd[r];
            for (int c = 0; c < width; c++) {
                float dh = gradOut[o + c] * g[c];
                gradIn[o + c] += (dh - md - xhat[o + c] * mdx) * s;
            }
        }
        Host.write(gradIn, dx);
        Host.write(dGain, gain.gradient());
        if (dBias != null) Host.write(dBias, bias.gradient());
    }
}
