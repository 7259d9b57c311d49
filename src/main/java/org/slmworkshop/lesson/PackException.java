package org.slmworkshop.lesson;

/** A classroom pack that cannot be made, or one that is refused: the message is what the instructor reads. */
public final class PackException extends RuntimeException {
    public PackException(String message) {
        super(message);
    }

    public PackException(String message, Throwable cause) {
        super(message, cause);
    }
}
