package org.slmworkshop.ui.lab.sampling;

import java.util.Arrays;

/** The indices of the largest values, largest first, the lower index first on a tie. */
final class TopTokens {
    private TopTokens() {}

    static int[] largest(double[] values, int count) {
        int m = Math.min(count, values.length);
        if (m == values.length) {
            Integer[] order = new Integer[values.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> {
                int byValue = Double.compare(values[b], values[a]);
                return byValue != 0 ? byValue : Integer.compare(a, b);
            });
            return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        }
        int[] top = new int[m];   // insertion into a short sorted list: O(V·m), for small m
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            if (filled == m && !(values[i] > values[top[m - 1]])) continue;
            int at = filled < m ? filled++ : m - 1;
            while (at > 0 && values[i] > values[top[at - 1]]) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
        }
        return top;
    }
}
