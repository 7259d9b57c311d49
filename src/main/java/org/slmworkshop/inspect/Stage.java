package org.slmworkshop.inspect;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One step of a forward pass as the stepper shows it: a (T, width) table with one row per position of the prompt.
 *
 * @param name    the module it comes from, in nanoGPT's names: "wte", "h0.ln_1", "h0.attn.q", "logits"
 * @param formula what it is, in one line: "softmax(q·kᵀ/√hs), causal"
 * @param block   the transformer block, or -1 outside the blocks
 * @param head    the attention head, or -1 for a stage that is not per head
 * @param axes    the names of the two dimensions, rows first: ("T", "C"), ("T", "hs"), ("T", "V")
 * @param values  row-major, length · width of them; row t is position t
 */
public record Stage(String name, String formula, int block, int head, List<String> axes, int length, int width,
                    float[] values) {
    public Stage {
        axes = List.copyOf(axes);
        if (axes.size() != 2) throw new IllegalArgumentException("a stage has two axes, got " + axes);
        if (values.length != (long) length * width) {
            throw new IllegalArgumentException(name + ": expected " + length + " × " + width + " values, got " + values.length);
        }
    }

    /** The shape written out: "(T, C) = (36, 128)". */
    public String shapeText() {
        return "(" + String.join(", ", axes) + ") = (" + length + ", " + width + ")";
    }

    /** "h0.attn.q" or, per head, "h0.attn.q[head 1]": a label unique within a trace. */
    public String label() {
        return head < 0 ? name : name + "[head " + head + "]";
    }

    /** Row {@code position}: this stage's numbers for that position (a copy). */
    public float[] row(int position) {
        if (position < 0 || position >= length) {
            throw new IllegalArgumentException("position " + position + " is outside 0.." + (length - 1));
        }
        return Arrays.copyOfRange(values, position * width, (position + 1) * width);
    }

    /** The L2 norm of row {@code position}: the "size" of, say, the residual stream there. */
    public double norm(int position) {
        double sum = 0;
        for (float v : row(position)) sum += (double) v * v;
        return Math.sqrt(sum);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s", label(), shapeText());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Stage s && name.equals(s.name) && formula.equals(s.formula) && block == s.block
                && head == s.head && axes.equals(s.axes) && length == s.length && width == s.width
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * label().hashCode() + Arrays.hashCode(values);
    }
}
