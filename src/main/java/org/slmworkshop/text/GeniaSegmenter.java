package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Guesses where abstracts start in a stream of sentences that carries no abstract markers.
 * Each sentence gets a title score: titles are usually verbless noun phrases, never open with a
 * connective ("However", "We", "These"), and share words with the sentences after them more than
 * with those before them. Sentences scoring at least {@link #TITLE_THRESHOLD} start a new abstract,
 * best first, never two in a row. On the GENIA chunk file this gives about 500 abstracts (the
 * treebank has 500); the boundaries are a best guess, not ground truth.
 */
final class GeniaSegmenter {
    static final double TITLE_THRESHOLD = 2.5;
    private static final Set<String> FINITE_VERBS = Set.of("VBZ", "VBD", "VBP", "MD");
    private static final Set<String> PRONOUNS = Set.of("we", "our", "us", "they", "their", "it", "its");
    private static final Set<String> OPENERS = Set.of(
            "These", "This", "Thus", "However", "We", "In", "Our", "Here", "To", "Finally", "Moreover",
            "Furthermore", "Taken", "Together", "Using", "Although", "When", "Since", "Because", "Further",
            "Also", "It", "They", "Therefore", "Similarly", "Conversely", "Consistent", "Collectively",
            "Interestingly", "Importantly", "Surprisingly", "Hence", "Nevertheless", "Instead", "Rather",
            "Additionally", "Previously", "Recently", "Then", "Both", "All", "Each", "Such", "Most", "Upon",
            "After", "By", "With", "From", "For", "Of", "Whereas", "While", "Unlike", "As", "Overall",
            "Accordingly", "Likewise", "Indeed", "Subsequently", "Following", "First", "Second", "Third",
            "OBJECTIVE", "METHOD", "METHODS", "RESULTS", "RESULT", "CONCLUSION", "CONCLUSIONS", "BACKGROUND",
            "PURPOSE", "DESIGN", "No", "Neither", "Only", "Its", "Their", "Those", "That", "Nor");

    private GeniaSegmenter() {
    }

    /** Groups consecutive sentences into abstracts; the first sentence of each group is its title. */
    static List<List<GeniaChunkReader.Sentence>> segment(List<GeniaChunkReader.Sentence> sentences) {
        int n = sentences.size();
        List<Set<String>> content = sentences.stream().map(GeniaChunkReader::contentWords).toList();
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = titleScore(sentences.get(i), content, i);

        boolean[] starts = new boolean[n];
        starts[0] = true;
        // best candidates first, index as tie-break, so the result does not depend on sort stability
        List<Integer> candidates = IntStream.range(1, n).filter(i -> scores[i] >= TITLE_THRESHOLD).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i)).toList();
        for (int i : candidates) {
            boolean besideStart = starts[i - 1] || (i + 1 < n && starts[i + 1]);
            if (!besideStart) starts[i] = true;
        }

        List<List<GeniaChunkReader.Sentence>> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (starts[i]) groups.add(new ArrayList<>());
            groups.get(groups.size() - 1).add(sentences.get(i));
        }
        return groups;
    }

    static double titleScore(GeniaChunkReader.Sentence sentence, List<Set<String>> content, int index) {
        List<String> words = sentence.words();
        List<String> tags = sentence.tags();
        double score = 0;
        if (tags.stream().noneMatch(FINITE_VERBS::contains)) score += 2.5;
        if (tags.contains("VBD")) score -= 2; // abstracts report in the past tense, titles rarely do
        if (tags.contains("VBP")) score -= 1;
        if (words.stream().anyMatch(w -> PRONOUNS.contains(w.toLowerCase(Locale.ROOT)))) score -= 2.5;
        if (OPENERS.contains(words.get(0))) score -= 2.5;
        if (words.size() > 1 && words.get(1).equals(",")) score -= 2;
        if (words.contains("{") && words.contains("erratum")) score += 3;
        if (words.size() > 1 && words.get(1).equals("of") && tags.get(0).startsWith("NN")) score += 1;
        if (words.size() > 40) score -= 1;

        // a title's words come back in the abstract after it, not in the one before
        Set<String> own = content.get(index);
        double ahead = overlap(own, union(content, index + 1, index + 5)) / (double) Math.max(1, own.size());
        double behind = overlap(own, union(content, index - 4, index)) / (double) Math.max(1, own.size());
        score += 3 * (ahead - behind);
        if (index > 0) {
            Set<String> before = union(content, index - 3, index);
            Set<String> after = union(content, index, index + 3);
            double shared = overlap(before, after) / (double) Math.max(1, Math.min(before.size(), after.size()));
            score += 2 * (1 - shared);
        }
        return score;
    }

    private static Set<String> union(List<Set<String>> content, int from, int to) {
        Set<String> union = new HashSet<>();
        for (int i = Math.max(0, from); i < Math.min(content.size(), to); i++) union.addAll(content.get(i));
        return union;
    }

    private static int overlap(Set<String> a, Set<String> b) {
        int count = 0;
        for (String word : a) if (b.contains(word)) count++;
        return count;
    }
}
