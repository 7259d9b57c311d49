package org.slmworkshop.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Several settings run on one prompt with one seed: the samples, in the order the settings were given,
 * and for every pair the first step at which their tokens differ.
 */
public record Comparison(String prompt, long seed, int maxTokens, List<Sample> samples, List<Divergence> divergences) {

    public Comparison {
        samples = List.copyOf(samples);
        divergences = List.copyOf(divergences);
    }

    /**
     * @param firstDifferentStep 1-based index of the first generated token that differs (a sample that
     *                           stopped counts as differing from one that goes on); {@code null} when
     *                           the two outputs are identical
     */
    public record Divergence(int first, int second, String firstLabel, String secondLabel, Integer firstDifferentStep) {}

    public static Comparison of(String prompt, long seed, int maxTokens, List<Sample> samples) {
        List<Divergence> divergences = new ArrayList<>();
        for (int a = 0; a < samples.size(); a++) {
            for (int b = a + 1; b < samples.size(); b++) {
                divergences.add(new Divergence(a, b, samples.get(a).label(), samples.get(b).label(),
                        firstDifferentStep(samples.get(a).tokens(), samples.get(b).tokens())));
            }
        }
        return new Comparison(prompt, seed, maxTokens, samples, divergences);
    }

    static Integer firstDifferentStep(int[] first, int[] second) {
        int shared = Math.min(first.length, second.length);
        for (int i = 0; i < shared; i++) if (first[i] != second[i]) return i + 1;
        return first.length == second.length ? null : shared + 1;
    }
}
