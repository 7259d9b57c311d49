package org.slmworkshop.kernels.cpu;

/**
 * Heap arrays the element-wise kernels copy into and out of, one set per calling thread, grown as needed
 * and reused, so a training step allocates nothing. A kernel owns the slots it takes until it returns.
 */
final class Scratch {
    static final int A = 0, B = 1, C = 2, D = 3;
    private static final ThreadLocal<float[][]> SLOTS = ThreadLocal.withInitial(() -> new float[4][0]);

    private Scratch() {}

    /** Slot {@code slot} of this thread, at least {@code n} long; its contents are undefined. */
    static float[] get(int slot, long n) {
        float[][] slots = SLOTS.get();
        if (slots[slot].length < n) slots[slot] = new float[Math.toIntExact(n)];
        return slots[slot];
    }
}
