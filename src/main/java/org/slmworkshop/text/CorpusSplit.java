package org.slmworkshop.text;

import java.util.ArrayList;
import java.util.List;
import org.slmworkshop.util.Rng;

/**
 * A corpus cut into train, validation and test documents. In contiguous mode the cuts fall at
 * character positions of {@link Corpus#text()}, so the document they land in is split in two;
 * in by-document mode every document goes whole to one part. Either way the result depends only
 * on the documents and the {@link SplitSpec}.
 */
public record CorpusSplit(List<String> train, List<String> validation, List<String> test) {

    public CorpusSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public static CorpusSplit of(Corpus corpus, SplitSpec spec) {
        return of(corpus.id(), corpus.documents(), spec);
    }

    /** @param name names the corpus in error messages */
    public static CorpusSplit of(String name, List<String> documents, SplitSpec spec) {
        if (documents.isEmpty()) throw new CorpusException("corpus '" + name + "' has no documents to split");
        return switch (spec.mode()) {
            case CONTIGUOUS -> contiguous(documents, spec);
            case BY_DOCUMENT -> byDocument(name, documents, spec);
        };
    }

    public String trainText() {
        return String.join(Corpus.DOCUMENT_SEPARATOR, train);
    }

    public String validationText() {
        return String.join(Corpus.DOCUMENT_SEPARATOR, validation);
    }

    public String testText() {
        return String.join(Corpus.DOCUMENT_SEPARATOR, test);
    }

    private static CorpusSplit contiguous(List<String> documents, SplitSpec spec) {
        String text = String.join(Corpus.DOCUMENT_SEPARATOR, documents);
        int length = text.length();
        int trainEnd = safeCut(text, (int) Math.floor(length * spec.trainFraction()));
        int validationEnd = spec.testFraction() < 1e-9
                ? length
                : safeCut(text, (int) Math.floor(length * (spec.trainFraction() + spec.validationFraction())));
        return new CorpusSplit(
                slice(documents, 0, trainEnd),
                slice(documents, trainEnd, validationEnd),
                slice(documents, validationEnd, length));
    }

    /** Moves a cut that would split a surrogate pair one char on, so no part holds half an emoji. */
    private static int safeCut(String text, int cut) {
        if (cut > 0 && cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) return cut + 1;
        return cut;
    }

    /** The pieces of the documents that fall within [from, to) of the joined text; separators are dropped. */
    private static List<String> slice(List<String> documents, int from, int to) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (String document : documents) {
            int end = start + document.length();
            int pieceStart = Math.max(from, start);
            int pieceEnd = Math.min(to, end);
            if (pieceStart < pieceEnd) pieces.add(document.substring(pieceStart - start, pieceEnd - start));
            start = end + Corpus.DOCUMENT_SEPARATOR.length();
            if (start >= to) break;
        }
        return pieces;
    }

    private static CorpusSplit byDocument(String name, List<String> documents, SplitSpec spec) {
        int count = documents.size();
        if (count < 2 && spec.validationFraction() > 0) {
            throw new CorpusException("corpus '" + name + "' has " + count
                    + " document, but a BY_DOCUMENT split needs at least 2; use CONTIGUOUS");
        }
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Rng rng = new Rng(spec.seed());
        for (int i = count - 1; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int trainCount = Math.max(1, Math.min(count, (int) Math.round(count * spec.trainFraction())));
        int validationCount = Math.min(count - trainCount, (int) Math.round(count * spec.validationFraction()));
        if (spec.validationFraction() > 0 && validationCount == 0) { // a small corpus still gets a validation document
            if (trainCount == count) trainCount--;
            validationCount = 1;
        }
        boolean[] inTrain = new boolean[count];
        boolean[] inValidation = new boolean[count];
        for (int k = 0; k < trainCount; k++) inTrain[order[k]] = true;
        for (int k = trainCount; k < trainCount + validationCount; k++) inValidation[order[k]] = true;
        // each part keeps corpus order, which makes the parts easy to read and compare
        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            (inTrain[i] ? train : inValidation[i] ? validation : test).add(documents.get(i));
        }
        return new CorpusSplit(train, validation, test);
    }
}
