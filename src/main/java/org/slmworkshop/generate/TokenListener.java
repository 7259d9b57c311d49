package org.slmworkshop.generate;

/** Receives tokens as they are chosen, on the generating thread. */
@FunctionalInterface
public interface TokenListener {
    TokenListener NONE = token -> { };

    void onToken(GeneratedToken token);

    /**
     * @param label which setting produced it (its {@link DecodingSettings#label()} in a comparison)
     * @param step  0 for the first generated token
     * @param text  the token decoded on its own (a BPE token may hold half a character)
     */
    record GeneratedToken(String label, int step, int id, String text) {}
}
