package org.slmworkshop.util;

import java.nio.file.NoSuchFileException;

/** Turns an exception into the sentence a learner should read. */
public final class Messages {
    private Messages() {}

    public static String describe(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) t = t.getCause();
        if (t instanceof NoSuchFileException) return "file not found: " + t.getMessage();
        if (t instanceof OutOfMemoryError) {
            return "out of memory: " + t.getMessage() + ". Use a smaller model, batch or vocabulary.";
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
