package org.slmworkshop.text;

/** Printable forms of tokens for chart labels: whitespace and control characters made visible. */
final class TokenLabels {

    private TokenLabels() {
    }

    static String printable(String token) {
        StringBuilder label = new StringBuilder();
        token.codePoints().forEach(c -> {
            switch (c) {
                case ' ' -> label.append('␣');
                case '\n' -> label.append("\\n");
                case '\t' -> label.append("\\t");
                case '\r' -> label.append("\\r");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        label.append(String.format("\\u%04X", c));
                    } else {
                        label.appendCodePoint(c);
                    }
                }
            }
        });
        return label.toString();
    }

    /** Bytes that are not whole UTF-8 characters (a BPE token may hold half of one), as hex. */
    static String bytes(byte[] bytes) {
        StringBuilder label = new StringBuilder("<");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) label.append(' ');
            label.append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        return label.append('>').toString();
    }
}
