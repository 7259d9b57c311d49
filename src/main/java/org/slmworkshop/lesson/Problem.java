package org.slmworkshop.lesson;

import java.nio.file.Path;

/** Something wrong in a lesson file, with the line it is on (1-based). */
public record Problem(Path file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
