package org.slmworkshop.train;

/** A run, a checkpoint or a model that cannot go on; the message is written for the learner. */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
