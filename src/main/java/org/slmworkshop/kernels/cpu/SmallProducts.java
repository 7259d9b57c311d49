package org.slmworkshop.kernels.cpu;

import static org.slmworkshop.kernels.cpu.CpuKernels.nd;

import org.slmworkshop.kernels.Tensor;

/**
 * y = x·W (or x·Wᵀ) for a few rows x against a weight held on the heap: the decoder's products, one row
 * per sequence, where a call into ND4J costs more than the arithmetic.
 */
final class SmallProducts {
    private SmallProducts() {}

    /**
     * @param x        (rows, in) row-major
     * @param weight   W (in, out) from {@code offset}, or (out, in) when {@code transposed}
     * @param out      the output width
     * @param y        (rows, out)
     */
    static void multiply(float[] x, int rows, int in, float[] weight, int offset, boolean transposed, int out, Tensor y) {
        float[] result = new float[rows * out];
        if (transposed) {
            for (int r = 0; r < rows; r++)                     // y[r][j] = x_r · W[j], contiguous dots
                for (int j = 0; j < out; j++) result[r * out + j] = RowMath.dot(x, r * in, weight, offset + j * in, in);
        } else {
            // four rows of W at a time, applied to every x_r while they are in L1, in an axpy the JIT vectorises
            int i = 0;
            for (; i + 4 <= in; i += 4) {
                int w0 = offset + i * out, w1 = w0 + out, w2 = w1 + out, w3 = w2 + out;
                for (int r = 0; r < rows; r++) {
                    float x0 = x[r * in + i], x1 = x[r * in + i + 1], x2 = x[r * in + i + 2], x3 = x[r * in + i + 3];
                    int o = r * out;
                    for (int j = 0; j < out; j++) {
                        result[o + j] += x0 * weight[w0 + j] + x1 * weight[w1 + j] + x2 * weight[w2 + j] + x3 * weight[w3 + j];
                    }
                }
            }
            for (; i < in; i++) {
                int w = offset + i * out;
                for (int r = 0; r < rows; r++) {
                    float xi = x[r * in + i];
                    int o = r * out;
                    for (int j = 0; j < out; j++) result[o + j] += xi * weight[w + j];
                }
            }
        }
        Host.write(result, nd(y));
    }
}
