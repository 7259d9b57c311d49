package org.slmworkshop.ui.lab.lowrank;

/**
 * One model on the loss ladder.
 *
 * @param key        identifies the rung ("uniform", "lowrank-16", …); a new result replaces the old one
 * @param label      its name on the chart's axis
 * @param model      its name in the table
 * @param parameters how many numbers it learns (or counts)
 * @param loss       validation cross-entropy in nats; NaN while it has none
 * @param note       how the loss was measured, or why there is none
 * @param order      its place from left to right
 */
record Rung(String key, String label, String model, Family family, long parameters, double loss, String note,
            double order) {

    /** Decides the colour of the rung's bar. */
    enum Family { REFERENCE, COUNTED, LOW_RANK, BIGRAM, GPT }

    boolean hasLoss() {
        return Double.isFinite(loss);
    }

    Rung withResult(long newParameters, double newLoss, String newNote) {
        return new Rung(key, label, model, family, newParameters, newLoss, newNote, order);
    }

    static String lowRankKey(int rank) {
        return "lowrank-" + rank;
    }

    static Rung lowRankPending(int rank, int vocabSize) {
        return new Rung(lowRankKey(rank), "d = " + rank, "low rank, d = " + rank, Family.LOW_RANK,
                2L * vocabSize * rank, Double.NaN, "not trained yet", 10 + rank / 1e6);
    }
}
