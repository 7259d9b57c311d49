package org.slmworkshop.train;

/** One evaluation in a run's history; saved in checkpoints so a resumed chart continues. */
public record LossPoint(int step, long tokensSeen, double trainLoss, double validationLoss) {}
