package org.slmworkshop;

/** Small host-array helpers for tests that read tensors back. */
public final class TestArrays {
    private TestArrays() {}

    /** max_i |a_i − b_i| over arrays of one length. */
    public static double maxAbsDifference(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs((double) a[i] - b[i]));
        return max;
    }

    public static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }
}
