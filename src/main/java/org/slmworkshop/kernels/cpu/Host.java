package org.slmworkshop.kernels.cpu;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between ND4J's off-heap buffers and Java arrays. Small element-wise kernels
 * (LayerNorm, GELU, masked softmax) run faster as plain Java loops than as chains of ND4J ops,
 * whose per-op cost dominates at these sizes; see ND4J-NOTES.
 */
final class Host {
    private Host() {}

    static FloatBuffer buffer(INDArray array) {
        if (!array.isR() || array.ordering() != 'c' || !isDense(array)) {
            throw new IllegalArgumentException("expected a dense c-ordered float array, got " + array.shapeInfoToString());
        }
        FloatBuffer fb = array.data().asNioFloat();
        fb.position((int) array.offset());
        return fb;
    }

    private static boolean isDense(INDArray array) {
        long expected = 1;
        long[] shape = array.shape();
        long[] stride = array.stride();
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Copies the whole array into {@code into} (grown if too small) and returns it. */
    static float[] read(INDArray array, float[] into) {
        int n = (int) array.length();
        if (into == null || into.length < n) into = new float[n];
        buffer(array).get(into, 0, n);
        return into;
    }

    static float[] read(INDArray array) {
        return read(array, null);
    }

    static void write(float[] from, INDArray array) {
        buffer(array).put(from, 0, (int) array.length());
    }

    /** Copies elements [start, end) of the array into the same positions of {@code into}. */
    static void readRange(INDArray array, int start, int end, float[] into) {
        FloatBuffer fb = buffer(array);
        fb.get(fb.position() + start, into, start, end - start);
    }

    /** Copies {@code from}[start, end) into the array from element {@code at} on. */
    static void writeRange(float[] from, int start, int end, INDArray array, int at) {
        FloatBuffer fb = buffer(array);
        fb.put(fb.position() + at, from, start, end - start);
    }

    /** Copies {@code from}[start, end) into the same positions of the array. */
    static void writeRange(float[] from, int start, int end, INDArray array) {
        FloatBuffer fb = buffer(array);
        fb.put(fb.position() + start, from, start, end - start);
    }

    /** Grows {@code array} to at least n values. */
    static float[] ensure(float[] array, int n) {
        return array.length < n ? new float[n] : array;
    }

    /** Copies row {@code row} of a [rows, width] array into {@code into} at {@code at}. */
    static void readRow(INDArray matrix, int row, float[] into, int at) {
        int width = (int) matrix.size(1);
        FloatBuffer fb = buffer(matrix);
        fb.position(fb.position() + row * width);
        fb.get(into, at, width);
    }

    /** Adds {@code width} values from {@code from} at {@code at} into row {@code row} of a [rows, width] array. */
    static void addToRows(INDArray matrix, int[] rows, float[] from) {
        int width = (int) matrix.size(1);
        FloatBuffer fb = buffer(matrix);
        int base = fb.position();
        float[] row = new float[width];
        for (int i = 0; i < rows.length; i++) {
            int start = base + rows[i] * width;
            fb.position(start);
            fb.get(row, 0, width);
            for (int j = 0; j < width; j++) row[j] += from[i * width + j];
            fb.position(start);
            fb.put(row, 0, width);
        }
    }
}
