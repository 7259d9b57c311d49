package org.slmworkshop.model;

import java.util.Arrays;
import org.slmworkshop.kernels.Kernels;
import org.slmworkshop.kernels.Tensor;

/**
 * The gradient of a table whose rows a batch reads one token at a time (the bigram's V×V logits): only the rows of
 * the batch's tokens can be non-zero, so only those are kept. {@link #rows()} lists them in increasing order, and
 * row i of {@link #values()} is the gradient of table row rows()[i]. Every other row's gradient is exactly zero.
 */
public final class RowGradient {
    private final Kernels kernels;
    private final int tableRows;
    private final int width;
    private final int[] seenAt;        // table row → its slot + 1 in the current batch, 0 if absent
    private Tensor buffer;             // (capacity, width)
    private int[] rows = new int[0];
    private Tensor values;

    RowGradient(Kernels kernels, int tableRows, int width) {
        this.kernels = kernels;
        this.tableRows = tableRows;
        this.width = width;
        this.seenAt = new int[tableRows];
    }

    /**
     * Starts a batch that reads the table at {@code tokens}: the distinct tokens become {@link #rows()}, their
     * gradient rows are zeroed, and the returned array maps each position to its row's slot, so a kernel can
     * accumulate dTable rows with {@link Kernels#embeddingBackward} into {@link #values()}.
     */
    public int[] start(int[] tokens) {
        int[] distinct = Arrays.stream(tokens).distinct().sorted().toArray();
        for (int t : distinct) {
            if (t < 0 || t >= tableRows) throw new IllegalArgumentException("token " + t + " outside the table's " + tableRows + " rows");
        }
        for (int i = 0; i < distinct.length; i++) seenAt[distinct[i]] = i + 1;
        int[] slots = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) slots[i] = seenAt[tokens[i]] - 1;
        for (int t : distinct) seenAt[t] = 0;
        if (buffer == null || buffer.dim(0) < distinct.length) {
            buffer = kernels.zeros(Math.max(distinct.length, buffer == null ? 0 : 2 * buffer.dim(0)), width);
        }
        rows = distinct;
        values = kernels.view(buffer, 0, Math.max(1, distinct.length), width);
        kernels.fill(values, 0);
        return slots;
    }

    /** Forgets the last batch's rows: the gradient is zero everywhere. */
    public void clear() {
        rows = new int[0];
        values = null;
    }

    /** The table rows with a gradient, increasing. */
    public int[] rows() {
        return rows;
    }

    /** (rows().length, width): the gradient of each listed row; null when no row is listed. */
    public Tensor values() {
        return rows.length == 0 ? null : values;
    }

    /** The table's row count. */
    public int tableRows() {
        return tableRows;
    }

    public int width() {
        return width;
    }
}
