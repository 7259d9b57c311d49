package org.slmworkshop.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a file as strict UTF-8 text and rejects what is not text, naming the file and the reason. */
final class TextFiles {
    /** More control characters than this share of the text means it is not prose. */
    private static final double MAX_CONTROL_SHARE = 0.05;

    private TextFiles() {
    }

    /** The file's text with the BOM stripped and line ends turned into LF. */
    static String read(Path file) {
        if (!Files.exists(file)) throw CorpusException.forFile(file, "file not found");
        if (Files.isDirectory(file)) throw CorpusException.forFile(file, "is a folder, expected a file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CorpusException.forFile(file, "file not found", e);
        } catch (IOException e) {
            throw CorpusException.forFile(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        return decode(bytes, file);
    }

    static String decode(byte[] bytes, Path file) {
        if (bytes.length == 0) throw CorpusException.forFile(file, "is empty");
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw CorpusException.forFile(file, "looks binary (NUL byte at offset " + i + "), expected UTF-8 text");
            }
        }
        String text = Corpus.normalise(strictUtf8(bytes, file));
        if (text.isBlank()) throw CorpusException.forFile(file, "is empty (only whitespace)");
        long controls = text.chars().filter(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\f').count();
        if (controls > MAX_CONTROL_SHARE * text.length()) {
            throw CorpusException.forFile(file, "looks binary (" + controls + " of " + text.length()
                    + " characters are control characters), expected UTF-8 text");
        }
        return text;
    }

    private static String strictUtf8(byte[] bytes, Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw CorpusException.forFile(file, "is not valid UTF-8: bad byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + " at byte offset " + in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
